// Each configuration record's history (issue 16), newest first — who, when, at which till,
// its version, the record before and after (a user's PIN hashes never kept: `pinChanged`
// says whether the PIN changed). A standalone till reads its own audit; an enrolled one asks
// the server, which audited the changes of every till (offline: this till's own).
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { ConfigKind } from '../../shared/api/configuration-schemas.ts';
import type { ConfigRecordKind } from '../../shared/api/sync-records.ts';
import { assertNever } from '../../shared/assert.ts';
import { ok, type Result } from '../../shared/result.ts';
import { configurationHistoryOf, isEnrolled } from '../sync-client/index.ts';
import { stmt } from '../kernel/db/connection.ts';
import type { Ctx } from '../kernel/context.ts';
import { configurationChanged } from './change.ts';

/** The record kind and id a history names: the institution is the `institution` setting. */
function recordKey(kind: ConfigKind, id: string): { kind: ConfigRecordKind; id: string } {
  switch (kind) {
    case 'institution':
      return { kind: 'setting', id: 'institution' };
    case 'method':
    case 'pointOfSale':
    case 'till':
    case 'event':
    case 'performance':
    case 'tariff':
    case 'item':
    case 'voucherProduct':
    case 'user':
      return { kind, id };
    default:
      return assertNever(kind);
  }
}

interface HistoryRow { at_ms: number; user_id: string; user_name: string; till_id: string; details: string }

type History = OutputOf<'configuration.history'>;

/** A body as the history shows it: the institution setting's JSON value read, as the till's audit keeps it. */
function shownBody(kind: ConfigRecordKind, body: Record<string, unknown> | null): Record<string, unknown> | null {
  if (body === null || kind !== 'setting' || typeof body.value !== 'string') return body;
  return { ...body, value: JSON.parse(body.value) as unknown };
}

export async function configHistory(ctx: Ctx, input: ParsedInputOf<'configuration.history'>): Promise<Result<History>> {
  const key = recordKey(input.kind, input.id);
  if (!isEnrolled(ctx.db)) return localHistory(ctx, key);
  const answered = await configurationHistoryOf(ctx, key);
  // offline the till still shows what it changed itself (its own audit)
  if (!answered.ok) return answered.error.code === 'configuration_offline' ? localHistory(ctx, key) : answered;
  return ok(
    answered.value.map((c) => ({
      atMs: c.atMs,
      userId: c.userId,
      // a user the server has no record of (made before the till was enrolled) is named as this till knows them
      userName: c.userName !== c.userId ? c.userName : ((stmt(ctx.db, 'SELECT name FROM users WHERE id = ?').get(c.userId) as { name: string } | undefined)?.name ?? c.userId),
      tillId: c.tillId,
      version: Number(c.version),
      before: shownBody(key.kind, c.before),
      after: c.pinChanged === null ? shownBody(key.kind, c.after) : { ...c.after, pinChanged: c.pinChanged },
    })),
  );
}

function localHistory(ctx: Ctx, key: { kind: ConfigRecordKind; id: string }): Result<History> {
  const rows = stmt(
    ctx.db,
    `SELECT a.at_ms, a.user_id, COALESCE(u.name, a.user_id) AS user_name, a.till_id, a.details
     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
     WHERE a.action = ? AND json_extract(a.details, '$.kind') = ? AND json_extract(a.details, '$.id') = ?
     ORDER BY a.at_ms DESC, a.id DESC LIMIT 500`,
  ).all(configurationChanged, key.kind, key.id) as HistoryRow[];
  return ok(
    rows.map((r) => {
      const details = JSON.parse(r.details) as { version: number | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null; pinChanged?: boolean };
      const after = details.after && details.pinChanged !== undefined ? { ...details.after, pinChanged: details.pinChanged } : details.after;
      return { atMs: r.at_ms, userId: r.user_id, userName: r.user_name, tillId: r.till_id, version: details.version ?? null, before: details.before, after };
    }),
  );
}

// A till's pull: records changed since its cursor, in version order, read in one
// REPEATABLE READ snapshot with the server's head of that till's journal, so that the
// balances it receives include exactly its own events up to that head (the till adds its
// later events itself). Other tills' configuration is left out.
import type { z } from 'zod';
import { type PullInput, type PullOutput } from '../../src/shared/api/sync-schemas.ts';
import { configRecordKinds, type SyncRecord } from '../../src/shared/api/sync-records.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import type { ServerContext } from './context.ts';
import { pullPage } from './records.ts';
import { int } from './store/schema.ts';
import { transaction } from './store/tx.ts';

const isConfigKind = (kind: string) => (configRecordKinds as readonly string[]).includes(kind);

export async function pull(ctx: ServerContext, tillId: string, input: z.infer<typeof PullInput>): Promise<Result<z.infer<typeof PullOutput>>> {
  const now = ctx.clock.nowMs();
  return transaction(
    ctx.db,
    async (trx) => {
      const till = await trx.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', tillId).executeTakeFirst();
      if (!till) return refuse('sync_not_enrolled');
      const page = await pullPage(trx, tillId, input.cursor, input.limit);
      // configuration with its version: a till keeps each configuration record's version (issue 16)
      const records = page.rows.map((r) => ({ kind: r.kind, id: r.id, body: JSON.parse(r.body), ...(isConfigKind(r.kind) ? { version: r.version } : {}) }) as SyncRecord);
      return ok({
        records,
        cursor: page.rows.at(-1)?.version ?? input.cursor,
        more: page.more,
        tillHead: { seq: int(till.head_seq), hash: till.head_hash },
        serverTimeMs: now,
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

// Opening the till (sessions.open): a counted float moved from the safe to the drawer, as
// check then apply (kernel/tx.ts).
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { Posting } from '../../shared/domain/accounts.ts';
import type { Denomination } from '../../shared/domain/types.ts';
import { drawerCashPostings } from '../../shared/domain/postings.ts';
import { boundedCountMinor } from '../../shared/money/bounded.ts';
import { refuse, type Result } from '../../shared/result.ts';
import { recordAudit } from '../kernel/audit.ts';
import { cashMethodOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { stmt } from '../kernel/db/connection.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { checkThenApply, plan, type Planned } from '../kernel/tx.ts';
import { openSessionOf, sessionState } from './sessions.ts';

type OpenOutput = OutputOf<'sessions.open'>;

export interface OpenPlan {
  number: number;
  floatMinor: number;
  /** The denominations counted, those with a count only. */
  float: Denomination[];
  postings: Posting[];
}

/**
 * Checks, in order: the float's value × count and their sum stay within amountMinorMax
 * (amount_too_large); the till is not already open (session_already_open); a non-zero
 * float needs a cash method (method_not_found); the drawer stays within balanceMinorMax
 * (total_too_large).
 */
export function checkOpen(ctx: Ctx, input: ParsedInputOf<'sessions.open'>): Result<Planned<OpenPlan, OpenOutput>> {
  const counted = boundedCountMinor(input.float, 'float');
  if (!counted.ok) return counted;
  const floatMinor = counted.value;
  if (openSessionOf(ctx.db, ctx.tillId)) return refuse('session_already_open');
  const cash = cashMethodOf(ctx);
  if (floatMinor > 0 && !cash) return refuse('method_not_found', { type: 'cash' });
  const postings = floatMinor > 0 && cash ? drawerCashPostings(ctx.tillId, cash.id, floatMinor, 1) : [];
  const fits = checkPostingsFit(ctx.db, postings);
  if (!fits.ok) return fits;
  const next = stmt(ctx.db, 'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM till_sessions WHERE till_id = ?').get(ctx.tillId) as { n: number };
  return plan({ number: next.n, floatMinor, float: input.float.filter((d) => d.count > 0), postings });
}

export function applyOpen(ctx: Ctx, p: OpenPlan): OpenOutput {
  const sessionId = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const now = ctx.clock.nowMs();
  appendEntry(ctx, {
    id: entryId,
    type: 'session_open',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId,
    currency: ctx.config.institution().currency,
    data: { sessionId, number: p.number, floatMinor: p.floatMinor, float: p.float.map((d) => ({ valueMinor: d.valueMinor, count: d.count })) },
    postings: p.postings,
  });
  stmt(
    ctx.db,
    'INSERT INTO till_sessions (id, till_id, number, opened_at_ms, opened_by, float_minor, float_detail, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(sessionId, ctx.tillId, p.number, now, ctx.actor.userId, p.floatMinor, JSON.stringify(p.float), entryId);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'session.opened', details: { sessionId, number: p.number, floatMinor: p.floatMinor } });
  return sessionState(ctx);
}

export const openSession = checkThenApply(checkOpen, applyOpen);

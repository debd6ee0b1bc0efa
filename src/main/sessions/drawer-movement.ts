// Cash paid into the drawer or out of it (sessions.payIn, sessions.payOut), against the
// safe, as check then apply (kernel/tx.ts). Named "drawer" so as not to be confused with a
// credit balance's pay-out (credit/ payOutCredit), which pays a contact. The contract keeps
// the names sessions.payIn/payOut: namespaced, they are not ambiguous.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, type Posting } from '../../shared/domain/accounts.ts';
import { drawerCashPostings } from '../../shared/domain/postings.ts';
import { refuse, type Result } from '../../shared/result.ts';
import { recordAudit } from '../kernel/audit.ts';
import { cashMethodOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { stmt } from '../kernel/db/connection.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry, balanceOf } from '../kernel/ledger/ledger.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../kernel/tx.ts';
import { checkDrawerHolds } from './drawer-cash.ts';
import { openSessionOf } from './sessions.ts';

type DrawerInput = ParsedInputOf<'sessions.payIn'>;
type DrawerOutput = OutputOf<'sessions.payIn'>;
/** 1: paid in; −1: paid out. */
export type Direction = 1 | -1;

export interface DrawerMovementPlan {
  direction: Direction;
  request: ClientRequest;
  sessionId: string;
  cashMethodId: string;
  amountMinor: number;
  reason: string;
  postings: Posting[];
}

const methodOf = (direction: Direction) => (direction === 1 ? 'sessions.payIn' : 'sessions.payOut');

/**
 * Checks, in order: a repeated requestId answers the first movement with the drawer as it
 * is now (or request_conflict); the till is open (till_closed); it has a cash method
 * (method_not_found); a pay-out takes no more than the drawer holds (cash_insufficient);
 * the drawer and the safe stay within balanceMinorMax (total_too_large).
 */
export function checkDrawerMovement(direction: Direction) {
  return (ctx: Ctx, input: DrawerInput): Result<Planned<DrawerMovementPlan, DrawerOutput>> => {
    const cash = cashMethodOf(ctx);
    const request = requestOf(ctx, methodOf(direction), input);
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return done({ entryId: previous.value, cashBalanceMinor: cash ? balanceOf(ctx.db, account.till(ctx.tillId, cash.id).id) : 0 });
    const session = openSessionOf(ctx.db, ctx.tillId);
    if (!session) return refuse('till_closed');
    if (!cash) return refuse('method_not_found', { type: 'cash' });
    const short = direction === -1 ? checkDrawerHolds(ctx.db, ctx.tillId, cash.id, input.amountMinor) : null;
    if (short) return short;
    const postings = drawerCashPostings(ctx.tillId, cash.id, input.amountMinor, direction);
    const fits = checkPostingsFit(ctx.db, postings);
    if (!fits.ok) return fits;
    return plan({ direction, request, sessionId: session.id, cashMethodId: cash.id, amountMinor: input.amountMinor, reason: input.reason, postings });
  };
}

export function applyDrawerMovement(ctx: Ctx, p: DrawerMovementPlan): DrawerOutput {
  const kind = p.direction === 1 ? 'pay_in' : 'pay_out';
  const entryId = ctx.ids.ulid();
  const now = ctx.clock.nowMs();
  appendEntry(ctx, {
    id: entryId,
    type: kind,
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: p.sessionId,
    currency: ctx.config.institution().currency,
    data: { amountMinor: p.amountMinor, reason: p.reason },
    postings: p.postings,
  });
  stmt(
    ctx.db,
    `INSERT INTO cash_movements (id, request_id, request_hash, till_id, session_id, entry_id, kind, amount_minor, reason, user_id, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(ctx.ids.ulid(), requestStamp(p.request), p.request.hash, ctx.tillId, p.sessionId, entryId, kind, p.amountMinor, p.reason, ctx.actor.userId, now);
  recordRequest(ctx.db, p.request, entryId, now);
  recordAudit(ctx, { userId: ctx.actor.userId, action: p.direction === 1 ? 'session.paid_in' : 'session.paid_out', details: { amountMinor: p.amountMinor, reason: p.reason } });
  ctx.print.onCashSlip(ctx, entryId);
  return { entryId, cashBalanceMinor: balanceOf(ctx.db, account.till(ctx.tillId, p.cashMethodId).id) };
}

export const payIntoDrawer = checkThenApply(checkDrawerMovement(1), applyDrawerMovement);
export const payOutOfDrawer = checkThenApply(checkDrawerMovement(-1), applyDrawerMovement);

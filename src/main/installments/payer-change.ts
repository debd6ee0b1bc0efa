// Moving what a deferred payment still asks from its payer's account to another contact's
// (a payer change before invoicing, a billing contact change after): planned by reading,
// then written as a balanced entry (the receivable changes hands), a payer_changes row and
// the installments' payer.
import type { Posting } from '../../shared/domain/accounts.ts';
import { account } from '../../shared/domain/accounts.ts';
import { mergePostings, payerChangePostings } from '../../shared/domain/postings.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { institutionOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { payerOf, setPayer } from './installments.ts';

/** One deferred payment's move, as checked: its postings are those its entry will carry. */
export interface PaymentMove {
  paymentId: string;
  orderId: string;
  methodId: string;
  fromContactId: string;
  toContactId: string;
  openMinor: number;
  postings: Posting[];
}

/** Reads what moving a deferred payment to another payer would write; writes nothing. */
export function planPaymentMove(db: Db, paymentId: string, toContactId: string): PaymentMove {
  const payment = stmt(db, 'SELECT order_id, method_id FROM payments WHERE id = ?').get(paymentId) as { order_id: string; method_id: string };
  const fromContactId = payerOf(db, paymentId)!;
  const openMinor = (stmt(db, 'SELECT COALESCE(SUM(s.open_minor), 0) AS open FROM deferred_item_state s JOIN deferred_items i ON i.id = s.item_id WHERE i.payment_id = ?').get(paymentId) as { open: number }).open;
  return { paymentId, orderId: payment.order_id, methodId: payment.method_id, fromContactId, toContactId, openMinor, postings: payerChangePostings(fromContactId, toContactId, openMinor) };
}

/** The postings of several moves together, as the bounds check sees them (one account may receive several). */
export function movesPostings(moves: readonly PaymentMove[]): Posting[] {
  return mergePostings(moves.flatMap((m) => m.postings));
}

/** Writes one planned move. Cannot refuse: its checks are the caller's. */
export function movePayment(ctx: Ctx, move: PaymentMove): void {
  const entryId = ctx.ids.ulid();
  const { paymentId, orderId, fromContactId, toContactId, openMinor, methodId } = move;
  appendEntry(ctx, {
    id: entryId,
    type: 'payer_changed',
    createdAtMs: ctx.clock.nowMs(),
    userId: ctx.actor.userId,
    sessionId: null,
    currency: institutionOf(ctx.db).currency,
    data: { paymentId, orderId, fromContactId, toContactId, openMinor },
    postings: move.postings,
    links: { orderId, methods: { [account.deferred(toContactId).id]: methodId, [account.deferred(fromContactId).id]: methodId } },
  });
  stmt(ctx.db, 'INSERT INTO payer_changes (id, payment_id, from_contact_id, to_contact_id, entry_id, created_at_ms, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    ctx.ids.ulid(), paymentId, fromContactId, toContactId, entryId, ctx.clock.nowMs(), ctx.actor.userId,
  );
  setPayer(ctx.db, paymentId, toContactId);
}

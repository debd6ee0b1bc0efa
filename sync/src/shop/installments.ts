// A contact's open installments and paying one online (seed 000: "Un contact peut régler
// en ligne les échéances de son compte d'attente"), from the installments projection of
// every till's and the web shop's deferred sales. A payment is a 'deferred_settle' event in
// the server's journal, in the till's payload (src/shared/domain/events.ts SettleEvent: the
// installment it pays among its allocations), whose postings bring the money in and lower
// the deferred account; the projection marks it paid.
import { monotonicFactory } from 'ulid';
import type { z } from 'zod';
import { assert } from '../../../src/shared/assert.ts';
import type { ShopInstallment, ShopPayInstallmentInput } from '../../../src/shared/api/shop-schemas.ts';
import { account, moneyMethodTypes, type Posting } from '../../../src/shared/domain/accounts.ts';
import { allocateSettlement } from '../../../src/shared/domain/deferred.ts';
import type { SettleEvent } from '../../../src/shared/domain/events.ts';
import type { PaymentMethodType } from '../../../src/shared/domain/types.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import type { InstallmentPayment } from '../outputs.ts';
import { lockBalances } from '../ledger/balances.ts';
import { webTillId } from '../ledger/journal.ts';
import { appendServerEvents, lockServerJournal } from '../ledger/server-journal.ts';
import { readRecord } from '../records.ts';
import type { Db } from '../store/store.ts';
import { int } from '../store/schema.ts';
import { transaction, type Trx } from '../store/tx.ts';
import { authorisedMethods, hasMethodOfType } from './catalogue.ts';
import { previousAnswer, rememberAnswer, requestHashOf } from './requests.ts';
import { openHoldsMinor } from '../holds.ts';

export type Installment = z.infer<typeof ShopInstallment>;


/** Where a settlement's money lands, as at the till: the drawer's types, else the bank. */
const drawerTypes: readonly PaymentMethodType[] = ['cash', 'card', 'cheque'];
const nextId = monotonicFactory();

interface InstallmentRow {
  id: string;
  orderId: string;
  contactId: string;
  seq: number;
  count: number;
  dueDate: string;
  amountMinor: string;
  openMinor: string;
}

function toInstallment(r: InstallmentRow): Installment {
  return { id: r.id, orderId: r.orderId, seq: r.seq, count: r.count, dueDate: r.dueDate, amountMinor: int(r.amountMinor), openMinor: int(r.openMinor) };
}

function selectInstallments(db: Db | Trx) {
  return db
    .selectFrom('installments')
    .select((eb) => [
      'id',
      'order_id as orderId',
      'contact_id as contactId',
      'seq',
      'count',
      'due_date as dueDate',
      'amount_minor as amountMinor',
      eb(eb('amount_minor', '-', eb.ref('paid_minor')), '-', eb.ref('cancelled_minor')).$castTo<string>().as('openMinor'),
    ]);
}

/** Checks, in order: the shop offers the deferred account; the contact exists. Oldest due first. */
export async function openInstallments(ctx: ServerContext, pointOfSaleId: string, contactId: string): Promise<Result<Installment[]>> {
  if (!hasMethodOfType(await authorisedMethods(ctx.db, pointOfSaleId), 'deferred')) return refuse('method_not_authorised', { type: 'deferred' });
  if (!(await readRecord(ctx.db, 'contact', contactId))) return refuse('contact_not_found', { contactId });
  const rows = await selectInstallments(ctx.db)
    .where('contact_id', '=', contactId)
    .where((eb) => eb(eb(eb('amount_minor', '-', eb.ref('paid_minor')), '-', eb.ref('cancelled_minor')), '>', '0'))
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  return ok((rows as InstallmentRow[]).map(toInstallment));
}

/**
 * Pays one installment whole. Checks, in order: a repeated requestId answers the first
 * payment (or request_conflict); the shop offers the deferred account; the method exists,
 * moves money, is authorised here and may pay; the installment exists and is still open.
 */
export async function payInstallment(ctx: ServerContext, pointOfSaleId: string, installmentId: string, input: z.infer<typeof ShopPayInstallmentInput>): Promise<Result<InstallmentPayment>> {
  const { requestId, ...body } = input;
  const requestHash = requestHashOf('installment_payment', pointOfSaleId, { installmentId, ...body });
  const nowMs = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const head = await lockServerJournal(trx);
    const previous = await previousAnswer<InstallmentPayment>(trx, { pointOfSaleId, kind: 'installment_payment', requestId }, requestHash);
    if (previous) return previous;
    const methods = await authorisedMethods(trx, pointOfSaleId);
    if (!hasMethodOfType(methods, 'deferred')) return refuse('method_not_authorised', { type: 'deferred' });
    const method = await readRecord(trx, 'method', input.methodId);
    if (!method || !method.active) return refuse('method_not_found', { methodId: input.methodId });
    if (!(moneyMethodTypes as readonly string[]).includes(method.type)) return refuse('method_not_for_accounts', { methodId: method.id });
    if (!methods.has(method.id)) return refuse('method_not_authorised', { methodId: method.id });
    if (!method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
    const found = (await selectInstallments(trx).where('id', '=', installmentId).executeTakeFirst()) as InstallmentRow | undefined;
    if (!found) return refuse('installment_not_found', { installmentId });
    const moneyAccount = drawerTypes.includes(method.type) ? account.till(webTillId, method.id) : account.safe(webTillId, method.id);
    const deferredAccount = account.deferred(found.contactId);
    // the accounts first, then the installment (a till's push locks them in that order too)
    const balances = await lockBalances(trx, [moneyAccount.id, deferredAccount.id]);
    const installment = (await selectInstallments(trx).where('id', '=', installmentId).forUpdate().executeTakeFirstOrThrow()) as InstallmentRow;
    const openMinor = int(installment.openMinor);
    // (a till's push may have paid it, or moved it to another payer, since it was first read)
    if (openMinor <= 0 || installment.contactId !== found.contactId) return refuse('installment_not_open', { installmentId });
    // a till settling it holds it (holds.ts): the shop does not collect it meanwhile
    if ((await openHoldsMinor(trx, `installment:${installmentId}`, nowMs)) > 0) return refuse('installment_not_open', { installmentId });
    // every check is above this line

    const allocation = allocateSettlement(openMinor, [{ id: installment.id, dueDate: installment.dueDate, openMinor, saleAtMs: 0, seq: installment.seq }], [installment.id]) // one installment, picked: its sale time orders nothing;
    const postings: Posting[] = [
      { account: moneyAccount, amountMinor: openMinor },
      { account: deferredAccount, amountMinor: -openMinor },
    ];
    const settlementId = nextId(nowMs);
    const data: SettleEvent = {
      settlementId,
      contactId: installment.contactId,
      methodId: method.id,
      amountMinor: openMinor,
      toCreditMinor: allocation.excessMinor,
      reference: `${webTillId} ${installment.orderId} ${installment.seq}/${installment.count}`,
      allocations: allocation.allocations.map((a) => ({ installmentId: a.installmentId, amountMinor: a.amountMinor })),
      pointOfSaleId,
      requestId,
    };
    let answer = null as InstallmentPayment | null; // set by afterApply, once the event is stored
    await appendServerEvents(trx, ctx, head, [{ type: 'deferred_settle', userId: pointOfSaleId, data, postings }], nowMs, async ([event]) => {
      answer = {
        settlementId,
        eventId: event!.id,
        contactId: installment.contactId,
        methodId: method.id,
        amountMinor: openMinor,
        installment: { ...toInstallment(installment), openMinor: 0 },
        deferredOutstandingMinor: Number((balances.get(deferredAccount.id) ?? 0n) - BigInt(openMinor)),
      };
      await rememberAnswer(trx, { pointOfSaleId, kind: 'installment_payment', requestId, requestHash, objectId: settlementId, eventId: event!.id, nowMs }, answer);
    });
    assert(answer, 'the payment was answered');
    return ok(answer);
  });
}

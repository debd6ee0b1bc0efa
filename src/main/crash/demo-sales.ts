// Demo-data selling through the dispatcher, shared by the crash test's child, the
// journal verifier's test and the benchmark: log in, open the till, sell a split-tender
// basket, refund a ticket. Every step goes through dispatch, as a door would.
import { ulid } from 'ulid';
import type { InputOf, OutputOf } from '../../shared/api/contract.ts';
import { roundToCashStep } from '../../shared/money/cash.ts';
import type { Dispatch } from '../kernel/dispatch.ts';

export type OrderView = OutputOf<'sales.checkout'>;
export type BasketLine = InputOf<'sales.checkout'>['lines'][number];

/** A uniform number in [0, 1); seeded so that a failing run can be replayed. */
export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick baskets and kill instants. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const demoUsers = {
  cashier: { userId: 'u-cashier', pin: '123456' },
  supervisor: { userId: 'u-supervisor', pin: '234567' },
} as const;

/** Demo performances with room for many sales (the small studio is left out on purpose). */
export const demoPerformances = ['e-misanthrope-p1', 'e-misanthrope-p2', 'e-quatuor-p1'] as const;

export class DispatchFailed extends Error {
  override name = 'DispatchFailed';
  constructor(readonly method: string, readonly error: unknown) {
    super(`${method} refused: ${JSON.stringify(error)}`);
  }
}

/** Calls a method and returns its value; a refusal is a bug in the caller here, so it throws. */
export function call<T>(dispatch: Dispatch, method: string, input: unknown, token: string | null): T {
  const result = dispatch(method, input, token);
  if (!result.ok) throw new DispatchFailed(method, result.error);
  return result.value as T;
}

export function login(dispatch: Dispatch, user: { userId: string; pin: string } = demoUsers.cashier): string {
  return call<{ token: string }>(dispatch, 'auth.login', user, null).token;
}

export function openSession(dispatch: Dispatch, token: string): void {
  call(dispatch, 'sessions.open', { float: [{ valueMinor: 1000, count: 5 }, { valueMinor: 500, count: 4 }] }, token);
}

const eventOf = (performanceId: string): string => performanceId.replace(/-p\d+$/, '');

/** Three lines: full-price seats, one reduced seat, one shop item. */
export function randomBasket(rng: Rng): BasketLine[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const first = pick(demoPerformances);
  const second = pick(demoPerformances);
  return [
    { kind: 'ticket', performanceId: first, tariffId: `${eventOf(first)}-plein`, quantity: 1 + Math.floor(rng() * 2) },
    { kind: 'ticket', performanceId: second, tariffId: `${eventOf(second)}-reduit`, quantity: 1 },
    { kind: 'item', itemId: pick(['i-programme', 'i-affiche', 'i-sac']), quantity: 1 },
  ];
}

/**
 * Card pays most of the total; cash pays the rest (5.– to 20.–, sometimes not a
 * multiple of the cash step, so rounding happens), handed over as the next 10.– note.
 */
export function splitPayments(totalMinor: number, rng: Rng, cashStepMinor = 5): InputOf<'sales.checkout'>['payments'] {
  const leftMinor = 500 + Math.floor(rng() * 1500);
  const noteMinor = 1000;
  const cashDueMinor = roundToCashStep(leftMinor, cashStepMinor);
  const tenderedMinor = Math.ceil(cashDueMinor / noteMinor) * noteMinor;
  return [
    { methodId: 'pm-card', amountMinor: totalMinor - leftMinor },
    { methodId: 'pm-cash', amountMinor: tenderedMinor },
  ];
}

export function quoteTotal(dispatch: Dispatch, token: string, lines: readonly BasketLine[]): number {
  return call<{ totalMinor: number }>(dispatch, 'sales.quote', { lines }, token).totalMinor;
}

export function checkout(dispatch: Dispatch, token: string, lines: readonly BasketLine[], payments: InputOf<'sales.checkout'>['payments'], requestId = ulid()): OrderView {
  return call<OrderView>(dispatch, 'sales.checkout', { requestId, lines, buyerContactId: null, payments }, token);
}

/** Quote, then sell with a card + cash split. */
export function sellSplit(dispatch: Dispatch, token: string, rng: Rng): OrderView {
  const lines = randomBasket(rng);
  return checkout(dispatch, token, lines, splitPayments(quoteTotal(dispatch, token, lines), rng));
}

/** Refunds one full-price seat of the order to the card that paid for it. */
export function refundOneTicket(dispatch: Dispatch, token: string, order: OrderView, requestId = ulid()): OrderView {
  const line = order.lines.find((l) => l.kind === 'ticket' && l.quantity > l.refundedQuantity);
  if (!line) throw new Error(`order ${order.id} has no refundable ticket`);
  return call<OrderView>(
    dispatch,
    'orders.refund',
    { requestId, orderId: order.id, lines: [{ orderLineId: line.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: line.unitPriceMinor }], reason: 'Client empêché' },
    token,
  );
}

// The basket being sold: lines, buyer and payments as the cashier entered them. Every
// amount shown (line totals, VAT, total, paid, change, rounding) comes from sales.quote;
// the renderer adds up no money. Each change gets a fresh requestId; a retry of the same
// basket keeps it, so a double click or a lost answer sells once. Payment actions run one
// after the other and after the pricing in flight (afterPricing): a click or a key while
// the basket re-prices waits for the new quote instead of being lost or using the old one.
import { assertNever } from '../../shared/assert.ts';
import { ulid } from 'ulid';
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import type { BasketLine, Contact, OrderView, PaymentInput, Quote } from '../types.ts';
import { useCatalogue } from './catalogue-store.ts';
import { useNotice } from './notice-store.ts';
import { useTill } from './till-store.ts';

/** A basket line with what the screen shows before (and whatever) the quote says. */
export interface BasketEntry {
  line: BasketLine;
  label: string;
  /** Tickets: the performance, shown with the venue's wall-clock time. */
  startsAt: string | null;
  hall: string | null;
  /** The catalogue's price, shown while the quote is not there. */
  unitPriceMinor: number;
}

export interface TenderEntry {
  payment: PaymentInput;
  methodName: string;
}

interface BasketState {
  entries: BasketEntry[];
  buyer: Contact | null;
  tenders: TenderEntry[];
  quote: Quote | null;
  /** Why the basket cannot be priced (capacity, unknown product…). */
  quoteError: ApiError | null;
  /** Why the payments or the checkout were refused. */
  paymentError: ApiError | null;
  requestId: string;
  isPricing: boolean;
  isCheckingOut: boolean;
  /** The sale just made, shown until the cashier starts the next one. */
  lastOrder: OrderView | null;
  /** The buyer picker is open (F4, or asked for by a refusal that needs a buyer). */
  isPickingBuyer: boolean;
  /**
   * The basket setting of seed 000 "facturer automatiquement chaque paiement différé": a
   * sale paid on account is invoiced as it is made. A setting, so it stays from sale to sale.
   */
  invoiceDeferred: boolean;
  setInvoiceDeferred(isOn: boolean): void;
  setPickingBuyer(isPicking: boolean): void;
  add(entry: BasketEntry): void;
  setQuantity(index: number, quantity: number): void;
  removeLine(index: number): void;
  removeLastLine(): void;
  setBuyer(contact: Contact | null): void;
  addPayment(tender: TenderEntry): Promise<boolean>;
  removePayment(index: number): void;
  clear(): void;
  checkout(): Promise<OrderView | null>;
  finishSale(): void;
  /**
   * Runs `action` once the pricing in flight has answered and every payment action queued
   * before it is done: it reads the quote of the basket as the cashier sees it.
   */
  afterPricing<T>(action: () => Promise<T>): Promise<T>;
  /** Forgets a refusal shown for an earlier payment (a newer message replaces it). */
  clearPaymentError(): void;
}

const empty = {
  entries: [] as BasketEntry[],
  buyer: null,
  tenders: [] as TenderEntry[],
  quote: null,
  quoteError: null,
  paymentError: null,
  isPricing: false,
  isCheckingOut: false,
};

function sameProduct(a: BasketLine, b: BasketLine): boolean {
  switch (a.kind) {
    case 'ticket':
      return b.kind === 'ticket' && a.performanceId === b.performanceId && a.tariffId === b.tariffId;
    case 'item':
      return b.kind === 'item' && a.itemId === b.itemId;
    case 'voucher':
      return b.kind === 'voucher' && a.voucherProductId === b.voucherProductId;
    default:
      return assertNever(a);
  }
}

/** Quotes answer out of order; only the latest request may touch the state. */
let pricingSeq = 0;
/** The latest pricing started (a change re-prices); settled() waits for whichever is the latest when it answers. */
let pricing: Promise<unknown> = Promise.resolve();
/** Payment actions, one after the other. */
let actions: Promise<unknown> = Promise.resolve();

async function settled(): Promise<void> {
  for (let current = pricing; ; current = pricing) {
    await current;
    if (current === pricing) return;
  }
}

export const useBasket = create<BasketState>()((set, get) => {
  async function price(tenders: readonly TenderEntry[]): Promise<{ quote: Quote | null; quoteError: ApiError | null; paymentError: ApiError | null }> {
    const { entries, buyer } = get();
    const lines = entries.map((e) => e.line);
    const buyerContactId = buyer?.id ?? null;
    const payments = tenders.map((t) => t.payment);
    const full = await call('sales.quote', { lines, payments, buyerContactId });
    if (full.ok) return { quote: full.value, quoteError: null, paymentError: null };
    if (payments.length === 0) return { quote: null, quoteError: full.error, paymentError: null };
    // the payments may be what is wrong: price the basket alone to tell
    const bare = await call('sales.quote', { lines, buyerContactId });
    if (bare.ok) return { quote: bare.value, quoteError: null, paymentError: full.error };
    return { quote: null, quoteError: bare.error, paymentError: null };
  }

  async function requote(): Promise<void> {
    const seq = ++pricingSeq;
    set({ isPricing: true });
    const priced = await price(get().tenders);
    if (seq !== pricingSeq) return;
    set({ ...priced, isPricing: false });
  }

  /** A change to what is sold or how it is paid: a new request. */
  function change(patch: Partial<BasketState>): void {
    set({ ...patch, requestId: ulid(), paymentError: null });
    pricing = requote();
  }

  return {
    ...empty,
    requestId: ulid(),
    lastOrder: null,
    isPickingBuyer: false,
    setPickingBuyer(isPickingBuyer) {
      set({ isPickingBuyer });
    },
    invoiceDeferred: false,
    setInvoiceDeferred(invoiceDeferred) {
      // another request: the same basket sold with or without its invoice is not the same sale
      set({ invoiceDeferred, requestId: ulid() });
    },

    add(entry) {
      const entries = get().entries;
      const at = entries.findIndex((e) => sameProduct(e.line, entry.line));
      if (at === -1) return change({ entries: [...entries, entry] });
      const merged = entries.map((e, i) => (i === at ? { ...e, line: { ...e.line, quantity: e.line.quantity + entry.line.quantity } } : e));
      change({ entries: merged });
    },
    setQuantity(index, quantity) {
      if (!Number.isSafeInteger(quantity) || quantity < 1) return;
      change({ entries: get().entries.map((e, i) => (i === index ? { ...e, line: { ...e.line, quantity } } : e)) });
    },
    removeLine(index) {
      change({ entries: get().entries.filter((_, i) => i !== index) });
    },
    removeLastLine() {
      const entries = get().entries;
      if (entries.length > 0) change({ entries: entries.slice(0, -1) });
    },
    setBuyer(buyer) {
      change({ buyer });
    },
    async addPayment(tender) {
      // priced first: a payment the services refuse is shown, not kept
      const seq = ++pricingSeq;
      set({ isPricing: true });
      const tenders = [...get().tenders, tender];
      const priced = await price(tenders);
      if (seq !== pricingSeq) return false;
      if (priced.paymentError) {
        set({ isPricing: false, paymentError: priced.paymentError });
        return false;
      }
      set({ ...priced, tenders, isPricing: false, requestId: ulid() });
      return true;
    },
    removePayment(index) {
      change({ tenders: get().tenders.filter((_, i) => i !== index) });
    },
    clear() {
      pricingSeq += 1;
      set({ ...empty, requestId: ulid() });
    },
    async checkout() {
      const { entries, buyer, tenders, requestId, isCheckingOut, invoiceDeferred } = get();
      if (isCheckingOut || entries.length === 0) return null;
      set({ isCheckingOut: true, paymentError: null });
      // online, a shared gift voucher is held on the server first (issue 15): nothing is spent twice
      const payments = tenders.map((t) => t.payment);
      const held = payments.some((p) => p.reference) ? await call('sales.hold', { requestId, payments, buyerContactId: buyer?.id ?? null }) : null;
      if (held && !held.ok) {
        set({ isCheckingOut: false, paymentError: held.error });
        return null;
      }
      const result = await call('sales.checkout', {
        requestId,
        lines: entries.map((e) => e.line),
        buyerContactId: buyer?.id ?? null,
        payments: tenders.map((t) => t.payment),
        ...(invoiceDeferred ? { invoiceDeferred } : {}),
      });
      if (!result.ok) {
        // the same basket retried keeps its requestId: it cannot sell twice
        set({ isCheckingOut: false, paymentError: result.error });
        if (result.error.code === 'till_closed') {
          useNotice.getState().show(result.error);
          void useTill.getState().refresh();
        }
        return null;
      }
      set({ isCheckingOut: false, lastOrder: result.value });
      void useCatalogue.getState().load();
      return result.value;
    },
    finishSale() {
      pricingSeq += 1;
      set({ ...empty, requestId: ulid(), lastOrder: null });
    },
    afterPricing(action) {
      const run = actions.then(settled).then(action);
      actions = run.catch(() => undefined);
      return run;
    },
    clearPaymentError() {
      set({ paymentError: null });
    },
  };
});

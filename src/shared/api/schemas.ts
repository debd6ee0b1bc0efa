// Runtime schemas of everything that crosses a door: inputs are parsed here, outputs
// are described here (GET /api lists them as JSON Schema). Types are inferred from them.
import { z } from 'zod';
import { currencyCodes } from '../money/currency.ts';
import {
  amountMinorMax,
  basketLinesMax,
  refundTicketsMax,
  denominationsMax,
  ledgerMinorMax,
  lineQuantityMax,
  listRowsMax,
  paymentsPerOrderMax,
  textMax,
  timestampMsMax,
} from '../limits.ts';
import { roles, permissions } from '../permissions.ts';

// ---- building blocks -------------------------------------------------------------

/** An id's characters and its longest length (Id; the push's hot path checks them without zod: push-input.ts). */
export const idPattern = /^[A-Za-z0-9_-]+$/;
export const idLengthMax = 64;
export const Id = z.string().min(1).max(idLengthMax).regex(idPattern, 'id: letters, digits, _ and -');
/** Client-chosen id of a write, so that a double click or a retry sells once. */
export const RequestId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID');
/**
 * An amount in integer minor units (centimes), never negative: direction is in the method.
 * One operation's amount, entered or computed, at most amountMinorMax (limits.ts).
 */
export const AmountMinor = z.number().int().min(0).max(amountMinorMax);
export const PositiveAmountMinor = z.number().int().min(1).max(amountMinorMax);
/** A signed amount, for outputs only (variances, balances, report totals): exact, within ±ledgerMinorMax. */
export const SignedAmountMinor = z.number().int().min(-ledgerMinorMax).max(ledgerMinorMax);
/** A sum over many operations, for outputs only (a report's totals, what an invoice of many orders has open). */
export const TotalMinor = z.number().int().min(0).max(ledgerMinorMax);
export const Quantity = z.number().int().min(1).max(lineQuantityMax);
export const Currency = z.enum(currencyCodes);
export const Text = z.string().trim().min(1).max(textMax);
export const OptionalText = z.string().trim().max(textMax);
export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits');
export const Role = z.enum(roles);
export const PermissionSchema = z.enum(permissions);
export const TimestampMs = z.number().int().min(0).max(timestampMsMax);
/** VAT rate in basis points: 810 = 8.1 %. */
export const VatRateBp = z.number().int().min(0).max(10000);
export const Limit = z.number().int().min(1).max(listRowsMax);

export const paymentMethodTypes = ['cash', 'card', 'cheque', 'transfer', 'mandate', 'voucher', 'deferred', 'credit'] as const;
export const PaymentMethodType = z.enum(paymentMethodTypes);

export const Denomination = z.object({
  valueMinor: PositiveAmountMinor,
  count: z.number().int().min(0).max(1_000_000),
});

// ---- system and users --------------------------------------------------------------

/** What invoices need of the seller: a structured address and the account to pay into. */
export const Invoicing = z.object({
  street: z.string(),
  buildingNumber: z.string(),
  postcode: z.string(),
  city: z.string(),
  /** A QR-IBAN (for QR references) or an IBAN (for creditor references) in CHF; an IBAN in EUR. */
  iban: z.string(),
  bic: z.string(),
  /** Days between a sale on account and the due date when the method has no installments. */
  paymentTermDays: z.number().int().min(0).max(366),
});

export const DeferredDefaults = z.object({
  /** New organisation contacts may pay on account (the institution parameter of seed 000). */
  organisationsAuthorised: z.boolean(),
  limitMinor: AmountMinor,
});

export const Institution = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  country: z.string().length(2),
  vatNumber: z.string(),
  currency: Currency,
  cashStepMinor: PositiveAmountMinor,
  /** Where the institution is: due dates and report days are its calendar days. */
  timeZone: z.string().default('Europe/Zurich'),
  invoicing: Invoicing.nullable().default(null),
  deferredDefaults: DeferredDefaults.default({ organisationsAuthorised: false, limitMinor: 0 }),
  /** The address as set up (issue 16); addressLines are made of it. Absent on an institution written before. */
  address: z.object({ street: z.string(), buildingNumber: z.string(), postcode: z.string(), city: z.string() }).optional(),
  /** The VAT rates the catalogue may use (issue 16); absent: the country's own (configuration/vat-rates.ts). */
  vatRatesBp: z.array(VatRateBp).optional(),
});

export const SystemInfo = z.object({
  version: z.string(),
  institution: Institution,
  till: z.object({ id: Id, name: z.string(), pointOfSaleId: Id, pointOfSaleName: z.string() }),
  defaultLanguage: z.enum(['fr', 'en']),
  denominationsMinor: z.array(PositiveAmountMinor),
});

export const UserSummary = z.object({ id: Id, name: z.string(), role: Role });

export const LoginInput = z.object({ userId: Id, pin: Pin });
export const LoginOutput = z.object({ token: z.string(), expiresAtMs: TimestampMs, user: UserSummary });
export const Me = z.object({ user: UserSummary, permissions: z.array(PermissionSchema) });

// ---- catalogue, methods, contacts ---------------------------------------------------

export const Tariff = z.object({ id: Id, code: z.string(), name: z.string(), priceMinor: AmountMinor });
export const Performance = z.object({
  id: Id,
  startsAt: z.string(),
  hall: z.string(),
  capacity: z.number().int().min(0),
  remaining: z.number().int(),
});
export const EventView = z.object({
  id: Id,
  name: z.string(),
  vatRateBp: VatRateBp,
  tariffs: z.array(Tariff),
  performances: z.array(Performance),
});
export const Item = z.object({ id: Id, name: z.string(), priceMinor: AmountMinor, vatRateBp: VatRateBp });
export const VoucherProduct = z.object({ id: Id, name: z.string(), valueMinor: PositiveAmountMinor });
export const Catalogue = z.object({
  currency: Currency,
  events: z.array(EventView),
  items: z.array(Item),
  voucherProducts: z.array(VoucherProduct),
});

export const Tracking = z.object({
  installments: z.number().int().min(1).max(60),
  intervalDays: z.number().int().min(1).max(366),
  firstDueOffsetDays: z.number().int().min(0).max(366),
});
export const PaymentMethod = z.object({
  id: Id,
  name: z.string(),
  type: PaymentMethodType,
  mayPay: z.boolean(),
  mayRefund: z.boolean(),
  givesChange: z.boolean(),
  tracking: Tracking.nullable(),
});

export const ContactKind = z.enum(['individual', 'organization']);
export const Contact = z.object({
  id: Id,
  kind: ContactKind,
  name: z.string(),
  firstName: z.string(),
  email: z.string(),
  city: z.string(),
  creditBalanceMinor: SignedAmountMinor,
  deferredAuthorised: z.boolean(),
  deferredLimitMinor: AmountMinor,
  deferredOutstandingMinor: SignedAmountMinor,
  /** What the ledger server flagged as overdrawn on this contact's accounts (several tills offline). */
  overdraftMinor: TotalMinor,
  /**
   * While this till is offline: what it may still commit on each account before it syncs
   * (its offline cap minus its unsynced spending there); null when online or not enrolled.
   */
  offlineAllowance: z.object({ creditMinor: AmountMinor, deferredMinor: AmountMinor }).nullable(),
});
export const ContactSearchInput = z.object({ query: z.string().trim().max(textMax), limit: Limit.optional() });
export const ContactGetInput = z.object({ contactId: Id });

// ---- basket, payment, order ----------------------------------------------------------

export const BasketLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ticket'), performanceId: Id, tariffId: Id, quantity: Quantity }),
  z.object({ kind: z.literal('item'), itemId: Id, quantity: Quantity }),
  z.object({ kind: z.literal('voucher'), voucherProductId: Id, quantity: Quantity }),
]);

export const PaymentInput = z.object({
  methodId: Id,
  /**
   * What the customer hands over by this method; for a method that gives change it may
   * exceed what is due, or be 0 to settle a remainder that rounds to nothing in coins.
   */
  amountMinor: AmountMinor,
  /** Cheque number, voucher code, transfer reference. */
  reference: OptionalText.optional(),
});

export const QuoteInput = z.object({
  lines: z.array(BasketLine).max(basketLinesMax),
  payments: z.array(PaymentInput).max(paymentsPerOrderMax).optional(),
  buyerContactId: Id.nullable().optional(),
});

export const VatLine = z.object({
  rateBp: VatRateBp,
  grossMinor: SignedAmountMinor,
  netMinor: SignedAmountMinor,
  vatMinor: SignedAmountMinor,
});

export const PricedLine = z.object({
  index: z.number().int().min(0),
  kind: z.enum(['ticket', 'item', 'voucher']),
  label: z.string(),
  detail: z.string(),
  quantity: Quantity,
  unitPriceMinor: AmountMinor,
  totalMinor: AmountMinor,
  vatRateBp: VatRateBp,
  vatMinor: AmountMinor,
});

/** How a set of payments settles a total: computed by the services, shown by the UI. */
export const Tender = z.object({
  paidMinor: AmountMinor,
  remainingMinor: AmountMinor,
  /** Cash still to hand over, rounded to the cash step. */
  cashDueMinor: AmountMinor,
  changeMinor: AmountMinor,
  /** Cash rounding absorbed by the till (positive: the customer paid less). */
  roundingMinor: SignedAmountMinor,
  /** A voucher's excess that goes to the buyer's credit balance (no change is given for vouchers). */
  toCreditMinor: AmountMinor,
  isSettled: z.boolean(),
});

/** What the buyer's credit balance can still pay in the basket: the "pay with the balance" offer. */
export const CreditOffer = z.object({
  /** The balance the till knows (offline, at most what this till may still commit on it), less the credit payments entered; never below 0. */
  leftMinor: TotalMinor,
  /** A payment by the balance with no amount typed: what is left of it, at most what remains to pay. */
  proposalMinor: AmountMinor,
});

export const Quote = z.object({
  currency: Currency,
  lines: z.array(PricedLine),
  vat: z.array(VatLine),
  totalMinor: AmountMinor,
  tender: Tender,
  /** The buyer's credit balance in this basket; null without a buyer. */
  credit: CreditOffer.nullable(),
  /** The cash the drawer holds before this sale, from which change is given; null without a cash method. */
  drawerCashMinor: SignedAmountMinor.nullable(),
});

export const CheckoutInput = z.object({
  requestId: RequestId,
  lines: z.array(BasketLine).max(basketLinesMax),
  buyerContactId: Id.nullable(),
  payments: z.array(PaymentInput).max(paymentsPerOrderMax),
  /** The basket setting of seed 000: invoice the deferred payment as soon as it is made. */
  invoiceDeferred: z.boolean().optional(),
});

export const ContactRef = z.object({ id: Id, name: z.string() });

export const OrderLineView = z.object({
  id: Id,
  lineNo: z.number().int().min(1),
  kind: z.enum(['ticket', 'item', 'voucher']),
  label: z.string(),
  detail: z.string(),
  quantity: Quantity,
  refundedQuantity: z.number().int().min(0),
  unitPriceMinor: AmountMinor,
  totalMinor: AmountMinor,
  vatRateBp: VatRateBp,
  vatMinor: AmountMinor,
});

export const PaymentView = z.object({
  id: Id,
  methodId: Id,
  methodName: z.string(),
  methodType: PaymentMethodType,
  amountMinor: AmountMinor,
  tenderedMinor: AmountMinor,
  changeMinor: AmountMinor,
  roundingMinor: SignedAmountMinor,
  toCreditMinor: AmountMinor,
  reference: z.string(),
  refundedMinor: AmountMinor,
});

export const TicketView = z.object({
  id: Id,
  orderLineId: Id,
  barcode: z.string(),
  eventName: z.string(),
  startsAt: z.string(),
  hall: z.string(),
  tariffName: z.string(),
  priceMinor: AmountMinor,
  isRefunded: z.boolean(),
});

export const VoucherView = z.object({
  id: Id,
  code: z.string(),
  orderLineId: Id,
  valueMinor: AmountMinor,
  remainingMinor: AmountMinor,
});

export const RefundView = z.object({
  id: Id,
  createdAtMs: TimestampMs,
  userName: z.string(),
  reason: z.string(),
  totalMinor: AmountMinor,
  lines: z.array(z.object({ orderLineId: Id, quantity: Quantity, amountMinor: AmountMinor })),
  payments: z.array(z.object({ methodId: Id, methodName: z.string(), amountMinor: AmountMinor, roundingMinor: SignedAmountMinor })),
});

/** What a deferred payment asks to be paid by one due date (rows of deferred_items, a name kept from migration 004). */
export const Installment = z.object({
  id: Id,
  orderId: Id,
  orderNumber: z.string(),
  /** When the order was sold: after the due date, what "oldest first" goes by. */
  orderCreatedAtMs: TimestampMs,
  paymentId: Id,
  /** Installment seq of count (1 of 1 without tracking). */
  seq: z.number().int().min(1),
  count: z.number().int().min(1),
  dueDate: z.string(),
  amountMinor: PositiveAmountMinor,
  paidMinor: AmountMinor,
  cancelledMinor: AmountMinor,
  openMinor: AmountMinor,
  isOverdue: z.boolean(),
  payerContactId: Id,
  invoiceId: Id.nullable(),
  invoiceNumber: z.string().nullable(),
});

export const OrderView = z.object({
  id: Id,
  number: z.string(),
  tillId: Id,
  sessionId: Id,
  createdAtMs: TimestampMs,
  userName: z.string(),
  buyer: ContactRef.nullable(),
  currency: Currency,
  lines: z.array(OrderLineView),
  vat: z.array(VatLine),
  totalMinor: AmountMinor,
  refundedMinor: AmountMinor,
  payments: z.array(PaymentView),
  changeMinor: AmountMinor,
  tickets: z.array(TicketView),
  vouchers: z.array(VoucherView),
  refunds: z.array(RefundView),
  /** The deferred payments' schedule (compte d'attente), with what is paid and open. */
  installments: z.array(Installment),
});

export const OrderSummary = z.object({
  id: Id,
  number: z.string(),
  createdAtMs: TimestampMs,
  buyerName: z.string(),
  totalMinor: AmountMinor,
  refundedMinor: AmountMinor,
  /** The ticket of this order whose barcode the query is (a ticket scanned to refund it); null otherwise. */
  ticketId: Id.nullable(),
});
export const OrderListInput = z.object({ query: z.string().trim().max(textMax).optional(), limit: Limit.optional() });
export const OrderGetInput = z.object({ orderId: Id });

/**
 * The tickets handed back, by id (issue 17): each refunds one of its line's quantity and
 * exactly that ticket's barcode is voided. A line's quantity in `lines` adds the line's
 * first tickets not yet refunded (the way a line without tickets is refunded).
 */
export const RefundTickets = z.array(Id).max(refundTicketsMax);

export const RefundInput = z.object({
  requestId: RequestId,
  orderId: Id,
  lines: z.array(z.object({ orderLineId: Id, quantity: Quantity })).max(basketLinesMax),
  tickets: RefundTickets.optional(),
  payments: z.array(z.object({ methodId: Id, amountMinor: PositiveAmountMinor })).max(paymentsPerOrderMax),
  reason: Text,
});

export const Empty = z.object({}).strict();
export const Done = z.object({ done: z.literal(true) });

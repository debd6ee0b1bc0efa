// The answers of the server's routes that no till parses (the administrator's, the web
// shop's, health), as zod schemas: each route names its answer's schema, GET /v1 lists it
// as JSON Schema, and the tests parse every answer against it. The answers tills parse
// (enrolment, push, pull, a till's head) are the shared wire schemas (sync-schemas.ts).
import { z } from 'zod';
import { AmountMinor, Currency, Id, PaymentMethodType, SignedAmountMinor, TimestampMs, TotalMinor, VatRateBp } from '../../src/shared/api/schemas.ts';
import { ShopInstallment } from '../../src/shared/api/shop-schemas.ts';

export const HealthOutput = z.object({ version: z.string(), engine: z.enum(['postgresql', 'pglite']), serverTimeMs: TimestampMs });

export const RouteDescription = z.object({
  method: z.enum(['GET', 'POST', 'PUT']),
  path: z.string(),
  access: z.enum(['public', 'till', 'admin', 'shop']),
  summary: z.string(),
  /** JSON Schemas (draft 2020-12). */
  params: z.record(z.string(), z.unknown()),
  query: z.record(z.string(), z.unknown()),
  body: z.record(z.string(), z.unknown()).nullable(),
  output: z.record(z.string(), z.unknown()),
  /** The refusal codes the route may answer beyond the door's (invalid_input, not_authenticated…), where it lists them (the web shop's). */
  refusals: z.array(z.string()).optional(),
});
export const RoutesOutput = z.object({ routes: z.array(RouteDescription) });

export const RevokeTillOutput = z.object({ tillId: z.string(), revokedAtMs: TimestampMs });
export const TillSettingsOutput = z.object({ tillId: z.string(), offlineCapMinor: AmountMinor });
export const PutRecordsOutput = z.object({ written: z.number().int().min(1) });

/** An overdraft as the administrator lists it: the till's record, and when the server saw it. */
export const AdminOverdraft = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(['credit', 'deferred']),
  contactId: z.string(),
  excessMinor: TotalMinor,
  eventId: z.string(),
  tillId: z.string(),
  atMs: TimestampMs,
  detectedAtMs: TimestampMs,
});
export type AdminOverdraft = z.infer<typeof AdminOverdraft>;

/** A new web shop key: shown once, never stored in clear. */
export const CreateShopKeyOutput = z.object({ key: z.string().min(32), keyId: z.string().regex(/^[0-9a-f]{16}$/), pointOfSaleId: Id });

export const ShopOrderOutput = z.object({
  orderId: z.string(),
  /** WEB-000001…: gapless in the server's journal. */
  number: z.string(),
  eventId: z.string(),
  contactId: Id,
  currency: Currency,
  totalMinor: AmountMinor,
  lines: z.array(
    z.object({
      kind: z.enum(['ticket', 'item', 'voucher']),
      performanceId: Id.nullable(),
      tariffId: Id.nullable(),
      itemId: Id.nullable(),
      voucherProductId: Id.nullable(),
      label: z.string(),
      quantity: z.number().int().min(1),
      unitPriceMinor: AmountMinor,
      totalMinor: AmountMinor,
      vatRateBp: VatRateBp,
      vatMinor: AmountMinor,
    }),
  ),
  tickets: z.array(z.object({ id: z.string(), performanceId: Id, barcode: z.string().regex(/^[1-9]\d{15}$/) })),
  /** The gift vouchers the order sold: each code is what pays with it, at a till or online. */
  vouchers: z.array(z.object({ id: z.string(), code: z.string(), voucherProductId: Id, valueMinor: AmountMinor })),
  payments: z.array(z.object({ id: z.string(), methodId: Id, type: PaymentMethodType, amountMinor: AmountMinor, appliedMinor: AmountMinor, toCreditMinor: AmountMinor })),
  installments: z.array(ShopInstallment),
  /** The buyer's credit balance after the order (positive = available); null where the shop does not offer it. */
  creditBalanceMinor: SignedAmountMinor.nullable(),
});
export type ShopOrder = z.infer<typeof ShopOrderOutput>;

export const InstallmentPaymentOutput = z.object({
  settlementId: z.string(),
  eventId: z.string(),
  contactId: Id,
  methodId: Id,
  amountMinor: AmountMinor,
  installment: ShopInstallment,
  /** What the contact still owes on account after this payment. */
  deferredOutstandingMinor: SignedAmountMinor,
});
export type InstallmentPayment = z.infer<typeof InstallmentPaymentOutput>;

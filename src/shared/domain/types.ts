// Domain types shared by the services and the UI, inferred from the contract's schemas.
import type { z } from 'zod';
import type * as s from '../api/schemas.ts';
import type * as sessions from '../api/session-schemas.ts';

export type PaymentMethodType = z.infer<typeof s.PaymentMethodType>;
export type PaymentMethod = z.infer<typeof s.PaymentMethod>;
export type BasketLine = z.infer<typeof s.BasketLine>;
export type PaymentInput = z.infer<typeof s.PaymentInput>;
export type Quote = z.infer<typeof s.Quote>;
export type PricedLine = z.infer<typeof s.PricedLine>;
export type VatLine = z.infer<typeof s.VatLine>;
export type OrderView = z.infer<typeof s.OrderView>;
export type TillReport = z.infer<typeof sessions.TillReport>;
export type Denomination = z.infer<typeof s.Denomination>;
export type Contact = z.infer<typeof s.Contact>;
export type Catalogue = z.infer<typeof s.Catalogue>;
export type SystemInfo = z.infer<typeof s.SystemInfo>;

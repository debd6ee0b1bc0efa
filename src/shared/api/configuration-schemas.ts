// Runtime schemas of a box office's configuration (issue 16): the first-start set-up, the
// institution, payment methods, points of sale and tills, the catalogue, users and PINs,
// contacts edited and imported from CSV, and each record's history. Rules the door cannot
// see (a name taken, an IBAN's checksum, a PIN too short) are the services' typed refusals.
import { z } from 'zod';
import {
  contactsCsvCharsMax,
  contactsImportRowsMax,
  methodsPerPointOfSaleMax,
  performanceCapacityMax,
  vatRatesMax,
} from '../limits.ts';
import {
  AmountMinor,
  Contact,
  ContactKind,
  Currency,
  DeferredDefaults,
  Id,
  Institution,
  OptionalText,
  PaymentMethodType,
  Pin,
  PositiveAmountMinor,
  RequestId,
  Role,
  Text,
  TimestampMs,
  Tracking,
  VatRateBp,
} from './schemas.ts';

// ---- building blocks -------------------------------------------------------------------

/** A configuration record's version: 1 when made, one more per change (on an enrolled till, the server's version). */
export const ConfigVersion = z.number().int().min(1);

/** What may be configured, as the history and the audit name it. */
export const configKinds = ['institution', 'method', 'pointOfSale', 'till', 'event', 'performance', 'tariff', 'item', 'voucherProduct', 'user'] as const;
export const ConfigKind = z.enum(configKinds);
export type ConfigKind = z.infer<typeof ConfigKind>;

/**
 * A PIN as typed when it is chosen: checked by the service (pin_invalid, pin_too_short),
 * so the form can name the rule; 6 to 8 digits (limits.ts), never shown again.
 */
export const NewPin = z.string().max(64);

/** A till's id as typed: 1 to 8 capitals or digits (ADR 0011); spaces around and lower case are forgiven. */
export const TillIdInput = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,8}$/, 'a till id: 1 to 8 capital letters or digits');
/** An order (or invoice) number's prefix: G1 makes G1-000042. */
export const NumberPrefix = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,8}$/, 'a prefix: 1 to 8 capital letters or digits');

const ShortText = z.string().trim().max(16);

// ---- institution -------------------------------------------------------------------------

export const InstitutionAddress = z.object({ street: OptionalText, buildingNumber: ShortText, postcode: ShortText, city: OptionalText });

/** The institution as the administrator sets it (the address is structured: invoices and QR-bills need it so). */
export const InstitutionInput = z.object({
  name: Text,
  address: InstitutionAddress,
  /** ISO 3166 alpha-2 (CH, FR…). */
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'a country code: two letters'),
  /** CHE-123.456.789 TVA in Switzerland; empty when not registered. */
  vatNumber: OptionalText,
  currency: Currency,
  /** The smallest coin cash is rounded to (5 = 0.05 CHF). */
  cashStepMinor: PositiveAmountMinor,
  /** An IANA time zone: due dates and report days are its calendar days (Europe/Zurich). */
  timeZone: z.string().trim().min(1).max(64),
});

/** What invoices need: the account to pay into (an IBAN, or a QR-IBAN for QR references), a BIC, the payment term. */
export const InvoicingInput = z.object({
  iban: z.string().trim().max(42),
  bic: z.string().trim().max(11),
  paymentTermDays: z.number().int().min(0).max(366),
});

export const InstitutionSaveInput = InstitutionInput.extend({
  /** null: no invoices (a sale on account cannot be invoiced until it is set). */
  invoicing: InvoicingInput.nullable(),
  /** Whether new organisations may pay on account, and up to what: off until the administrator sets it. */
  deferredDefaults: DeferredDefaults,
});

export const InstitutionSettings = z.object({
  institution: Institution,
  address: InstitutionAddress,
  /** The VAT rates the catalogue may use. */
  vatRatesBp: z.array(VatRateBp),
  version: ConfigVersion.nullable(),
});

export const VatRatesInput = z.object({ ratesBp: z.array(VatRateBp).min(1).max(vatRatesMax) });

// ---- first start ---------------------------------------------------------------------------

export const SetupStatus = z.object({
  /** An administrator exists: the set-up is done and cannot be made again. */
  isSetUp: z.boolean(),
  tillId: Id,
  isDemo: z.boolean(),
});

export const SetupInput = z.object({
  institution: InstitutionInput,
  invoicing: InvoicingInput.nullable(),
  till: z.object({ tillId: TillIdInput, name: Text, pointOfSaleName: Text }),
  administrator: z.object({ name: Text, pin: NewPin }),
});

export const SetupOutput = z.object({ tillId: Id, administratorId: Id });

// ---- payment methods -------------------------------------------------------------------------

/** Create (no methodId) or change a payment method (seed 000 "Création du mode de règlement"). */
export const PaymentMethodSaveInput = z.object({
  methodId: Id.optional(),
  name: Text,
  type: PaymentMethodType,
  mayPay: z.boolean(),
  mayRefund: z.boolean(),
  givesChange: z.boolean(),
  /** "Avec suivi" (deferred only): the installments' rule; null without. */
  tracking: Tracking.nullable(),
});

/**
 * Retire a method: it stays in every order that used it, and no longer pays. Refused while
 * a point of sale authorises it (method_still_authorised), unless `unauthorise`: retired
 * and taken off every point of sale in one change.
 */
export const PaymentMethodRetireInput = z.object({ methodId: Id, unauthorise: z.boolean().default(false) });

export const PaymentMethodConfig = z.object({
  id: Id,
  name: z.string(),
  type: PaymentMethodType,
  mayPay: z.boolean(),
  mayRefund: z.boolean(),
  givesChange: z.boolean(),
  tracking: Tracking.nullable(),
  isActive: z.boolean(),
  sort: z.number().int(),
  /** The points of sale that authorise it. */
  pointOfSaleIds: z.array(Id),
  /** A payment or settlement used it: its type can no longer change. */
  isUsed: z.boolean(),
  version: ConfigVersion.nullable(),
});

// ---- points of sale and tills -------------------------------------------------------------------

/** Create (no pointOfSaleId) or change a point of sale and the methods it authorises. */
export const PointOfSaleSaveInput = z.object({ pointOfSaleId: Id.optional(), name: Text, methodIds: z.array(Id).max(methodsPerPointOfSaleMax) });

export const PointOfSaleConfig = z.object({
  id: Id,
  name: z.string(),
  methodIds: z.array(Id),
  tillIds: z.array(Id),
  version: ConfigVersion.nullable(),
});

/** A till (this one or another of the box office): its name, its point of sale, its order number prefix. */
export const TillSaveInput = z.object({ tillId: TillIdInput, name: Text, pointOfSaleId: Id, orderPrefix: NumberPrefix });

export const TillConfig = z.object({
  id: Id,
  name: z.string(),
  pointOfSaleId: Id,
  orderPrefix: z.string(),
  isThisTill: z.boolean(),
  /** It sold: its prefix can no longer change (order and invoice numbers stay one series). */
  hasOrders: z.boolean(),
  version: ConfigVersion.nullable(),
});

// ---- catalogue --------------------------------------------------------------------------------------

export const EventSaveInput = z.object({ eventId: Id.optional(), name: Text, vatRateBp: VatRateBp, venueId: Id.optional() });

/** A performance's start: local date and time with its offset, 2026-12-01T20:00:00+01:00. */
export const StartsAt = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/, 'a date and time with its offset: 2026-12-01T20:00:00+01:00');

export const PerformanceSaveInput = z.object({
  performanceId: Id.optional(),
  eventId: Id,
  startsAt: StartsAt,
  hall: Text,
  capacity: z.number().int().min(0).max(performanceCapacityMax),
});
/** Closed for sale (a performance that sold cannot be deleted) or open again. */
export const PerformanceOnSaleInput = z.object({ performanceId: Id, isOnSale: z.boolean() });
/** Only a performance nothing was sold for. */
export const PerformanceDeleteInput = z.object({ performanceId: Id });

/** A tariff of an event: its price applies to sales made from now on (orders keep their own). */
export const TariffSaveInput = z.object({
  tariffId: Id.optional(),
  eventId: Id,
  /** Short code (plein, reduit…); made from the name when left out. */
  code: z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'a code: small letters, digits, _ and -').optional(),
  name: Text,
  priceMinor: AmountMinor,
  isActive: z.boolean().default(true),
});

export const ItemSaveInput = z.object({ itemId: Id.optional(), name: Text, priceMinor: AmountMinor, vatRateBp: VatRateBp, isActive: z.boolean().default(true) });
export const VoucherProductSaveInput = z.object({ voucherProductId: Id.optional(), name: Text, valueMinor: PositiveAmountMinor, isActive: z.boolean().default(true) });

export const TariffConfig = z.object({ id: Id, eventId: Id, code: z.string(), name: z.string(), priceMinor: AmountMinor, isActive: z.boolean(), hasSales: z.boolean(), version: ConfigVersion.nullable() });
export const PerformanceConfig = z.object({
  id: Id,
  eventId: Id,
  startsAt: z.string(),
  hall: z.string(),
  capacity: z.number().int().min(0),
  isOnSale: z.boolean(),
  /** Tickets sold at this till (a performance with sales cannot be deleted). */
  soldHere: z.number().int().min(0),
  hasSales: z.boolean(),
  version: ConfigVersion.nullable(),
});
export const EventConfig = z.object({
  id: Id,
  name: z.string(),
  venueId: Id,
  vatRateBp: VatRateBp,
  tariffs: z.array(TariffConfig),
  performances: z.array(PerformanceConfig),
  version: ConfigVersion.nullable(),
});
export const ItemConfig = z.object({ id: Id, name: z.string(), priceMinor: AmountMinor, vatRateBp: VatRateBp, isActive: z.boolean(), version: ConfigVersion.nullable() });
export const VoucherProductConfig = z.object({ id: Id, name: z.string(), valueMinor: PositiveAmountMinor, isActive: z.boolean(), version: ConfigVersion.nullable() });
export const CatalogueConfig = z.object({
  currency: Currency,
  vatRatesBp: z.array(VatRateBp),
  venues: z.array(z.object({ id: Id, name: z.string(), city: z.string() })),
  events: z.array(EventConfig),
  items: z.array(ItemConfig),
  voucherProducts: z.array(VoucherProductConfig),
});

// ---- users and PINs ---------------------------------------------------------------------------------

export const UserConfig = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  isActive: z.boolean(),
  /** The PIN was reset by an administrator: the user chooses a new one at the next login. */
  isPinChangeRequired: z.boolean(),
  lockedUntilMs: TimestampMs.nullable(),
  version: ConfigVersion.nullable(),
});
export const UserCreateInput = z.object({ name: Text, role: Role, pin: NewPin });
/** Name, role, active (deactivated: cannot log in; never deleted, their sales name them). */
export const UserSaveInput = z.object({ userId: Id, name: Text, role: Role, isActive: z.boolean() });
/** An administrator's reset: the user must change this PIN at the next login. */
export const UserResetPinInput = z.object({ userId: Id, pin: NewPin });
/** Every user's own change, with the PIN they have (also after a reset: login answers pin_change_required). */
export const ChangePinInput = z.object({ userId: Id, pin: Pin, newPin: NewPin });

// ---- contacts ----------------------------------------------------------------------------------------

/** What identifies and reaches a contact: its name, kind, address, email and phone. */
export const ContactFields = z.object({
  kind: ContactKind,
  name: Text,
  firstName: OptionalText,
  email: OptionalText,
  phone: z.string().trim().max(40),
  street: OptionalText,
  buildingNumber: ShortText,
  postcode: ShortText,
  city: OptionalText,
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'a country code: two letters'),
});
export const ContactUpdateInput = ContactFields.extend({ contactId: Id });
export const ContactDetailInput = z.object({ contactId: Id });
/** A contact with its balances (Contact) and every field the edit form shows. */
export const ContactDetail = Contact.extend({ phone: z.string(), street: z.string(), buildingNumber: z.string(), postcode: z.string(), country: z.string() });

/** A CSV file's text (UTF-8, `;` or `,`, a header line; see the README's "Setting up a venue"). */
export const ContactImportPreviewInput = z.object({ csv: z.string().max(contactsCsvCharsMax) });

/** Why a field of a row cannot be imported: the code names the rule, the message says it in the UI's language. */
export const ContactRowError = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ContactImportRow = z.object({ line: z.number().int().min(1), contact: ContactFields });
export const ContactPreviewRow = z.object({
  line: z.number().int().min(1),
  /** The row as it would be imported; null when it cannot be. */
  contact: ContactFields.nullable(),
  errors: z.array(ContactRowError),
});
export const ContactImportPreview = z.object({
  delimiter: z.enum([';', ',']),
  /** The header's columns as understood (the field each feeds, or null for a column ignored). */
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  rows: z.array(ContactPreviewRow),
  validCount: z.number().int().min(0),
  invalidCount: z.number().int().min(0),
});
/** The rows the preview found valid, sent back as they were shown; checked again. */
export const ContactImportInput = z.object({ requestId: RequestId, rows: z.array(ContactImportRow).min(1).max(contactsImportRowsMax) });
export const ContactImportOutput = z.object({
  importedCount: z.number().int().min(0),
  contactIds: z.array(Id),
  rejected: z.array(z.object({ line: z.number().int().min(1), errors: z.array(ContactRowError) })),
});

// ---- history ------------------------------------------------------------------------------------------

export const ConfigHistoryInput = z.object({ kind: ConfigKind, id: z.string().min(1).max(64) });
/** One change of a record: who, when, at which till, and the record before and after (PIN hashes left out). */
export const ConfigChange = z.object({
  atMs: TimestampMs,
  userId: z.string(),
  userName: z.string(),
  tillId: z.string(),
  version: ConfigVersion.nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

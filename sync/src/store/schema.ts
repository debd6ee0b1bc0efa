// The server's tables as Kysely sees them (migrations.ts creates them). bigint columns come
// back from pg as strings (int8 can exceed 2**53): read them through `int()` or `big()`.
import type { ColumnType, Generated } from 'kysely';
import { assert } from '../../../src/shared/assert.ts';

/** A bigint column: written as a number or string, read as a string. */
export type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;
/** A bigint column with a default. */
type GeneratedInt8 = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
type NullableInt8 = ColumnType<string | null, number | string | bigint | null, number | string | bigint | null>;

export interface TillsTable {
  id: string;
  name: string;
  is_server: Generated<boolean>;
  enrolled_at_ms: NullableInt8;
  revoked_at_ms: NullableInt8;
  offline_cap_minor: GeneratedInt8;
  head_seq: GeneratedInt8;
  head_hash: Generated<string>;
  last_push_at_ms: NullableInt8;
  /** Marked replaced by the administrator (migration 5): its new machine restores its journal. */
  replaced_at_ms: NullableInt8;
}

export interface TillTokensTable {
  token_hash: string;
  till_id: string;
  created_at_ms: Int8;
  revoked_at_ms: NullableInt8;
}

export interface EnrolmentCodesTable {
  code_hash: string;
  till_id: string;
  till_name: string;
  created_at_ms: Int8;
  expires_at_ms: Int8;
  used_at_ms: NullableInt8;
  /** Made by a replacement: a fresh machine enrolling with it restores the till's journal (migration 5). */
  is_replacement: Generated<boolean>;
  /** The public key of the machine that spent it, which may retry a lost answer with it. */
  machine_key: string | null;
  /** The token it gave, revoked when the same machine retries. */
  token_hash: string | null;
}

export interface EventsTable {
  id: string;
  till_id: string;
  seq: Int8;
  type: string;
  created_at_ms: Int8;
  user_id: string;
  session_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
  format: number;
  /** The till's Ed25519 signature of the hash (format 2); null before its signing mark and on the server's own events. */
  signature: string | null;
  received_at_ms: Int8;
}

/** A till's public signing keys, registered at enrolment; each signs from from_seq (ADR 0007). */
export interface TillKeysTable {
  till_id: string;
  public_key: string;
  from_seq: Int8;
  registered_at_ms: Int8;
  /** Its machine was replaced (migration 5): it verifies what it signed, but identifies no machine. */
  retired_at_ms: NullableInt8;
}

export interface PostingsTable {
  event_id: string;
  account_id: string;
  amount_minor: Int8;
}

export interface BalancesTable {
  account_id: string;
  balance_minor: Int8;
}

export interface RecordsTable {
  kind: string;
  id: string;
  body: string;
  version: Int8;
  updated_at_ms: Int8;
}

export interface OverdraftsTable {
  id: string;
  account_id: string;
  kind: string;
  contact_id: string;
  excess_minor: Int8;
  event_id: string;
  till_id: string;
  at_ms: Int8;
  detected_at_ms: Int8;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at_ms: Int8;
}

export interface ShopKeysTable {
  key_hash: string;
  point_of_sale_id: string;
  created_at_ms: Int8;
  revoked_at_ms: NullableInt8;
}

/** A web shop's write by request id, scoped by its point of sale and kind (migration 4): its answer, given again on a retry. */
export interface ShopRequestsTable {
  point_of_sale_id: string;
  request_id: string;
  request_hash: string;
  kind: string;
  /** The order, settlement or contact it wrote: what reads it back by id. */
  object_id: string;
  /** Its event in the WEB journal; null for a write that journals nothing (a contact). */
  event_id: string | null;
  result: string;
  created_at_ms: Int8;
}

export interface VouchersTable {
  id: string;
  code: string;
  value_minor: Int8;
  till_id: string;
  event_id: string;
}

export interface InstallmentsTable {
  id: string;
  order_id: string;
  payment_id: string;
  till_id: string;
  event_id: string;
  contact_id: string;
  seq: number;
  count: number;
  due_date: string;
  amount_minor: Int8;
  paid_minor: GeneratedInt8;
  cancelled_minor: GeneratedInt8;
  /** What installment_overpaid entries moved of its excess to the payer's credit balance (migration 9). */
  credited_minor: GeneratedInt8;
  credited_at_ms: NullableInt8;
}

/** Seats sold per performance per channel (a till's id, or WEB), from the entries' `seats`. */
export interface SeatsSoldTable {
  performance_id: string;
  channel: string;
  sold: number;
}

/** A posting on a customer account, of every channel (migration 6, movements.ts); only its running totals ever change. */
export interface AccountMovementsTable {
  version: Int8;
  event_id: string;
  account_id: string;
  kind: string;
  contact_id: string;
  till_id: string;
  at_ms: Int8;
  user_id: string;
  entry_type: string;
  amount_minor: Int8;
  order_id: string | null;
  order_number: string | null;
  refund_id: string | null;
  method_id: string | null;
  reference: string;
  balance_after_minor: Int8;
  debits_after_minor: Int8;
  credits_after_minor: Int8;
}

/** Customer-account movements added up per UTC day, channel, event type and direction (migration 6). */
export interface AccountDayTotalsTable {
  kind: string;
  day: number;
  till_id: string;
  entry_type: string;
  is_debit: boolean;
  movements: Int8;
  amount_minor: Int8;
}

/** A configuration change made at an enrolled till (migration 8, configuration.ts): append-only. */
export interface ConfigChangesTable {
  seq: GeneratedInt8;
  at_ms: Int8;
  till_id: string;
  user_id: string;
  kind: string;
  record_id: string;
  version: Int8;
  before: string | null;
  after: string;
  pin_changed: boolean | null;
}

/** Per customer account: its first and last movement's time and its totals (migration 6). */
export interface AccountTotalsTable {
  account_id: string;
  kind: string;
  contact_id: string;
  first_at_ms: Int8;
  last_at_ms: Int8;
  balance_minor: Int8;
  debits_minor: Int8;
  credits_minor: Int8;
  movements: Int8;
}

/** A till's issued document (migration 15): an invoice's frozen JSON, or a Z report's text and count. */
export interface IssuedDocumentsTable {
  entry_id: string;
  till_id: string;
  seq: Int8;
  kind: 'invoice' | 'z_report';
  document: string;
  counts: string | null;
  received_at_ms: Int8;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at_ms: Int8;
}

export interface Database {
  tills: TillsTable;
  till_tokens: TillTokensTable;
  till_keys: TillKeysTable;
  enrolment_codes: EnrolmentCodesTable;
  events: EventsTable;
  postings: PostingsTable;
  balances: BalancesTable;
  records: RecordsTable;
  overdrafts: OverdraftsTable;
  server_secrets: ServerSecretsTable;
  shop_keys: ShopKeysTable;
  shop_requests: ShopRequestsTable;
  vouchers: VouchersTable;
  installments: InstallmentsTable;
  seats_sold: SeatsSoldTable;
  account_movements: AccountMovementsTable;
  account_day_totals: AccountDayTotalsTable;
  account_totals: AccountTotalsTable;
  config_changes: ConfigChangesTable;
  issued_documents: IssuedDocumentsTable;
  server_migrations: MigrationsTable;
}

/** A bigint column as a JS number; a value past 2**53 is a bug (amounts stay below 2**50). */
export function int(value: string | number | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  assert(Number.isSafeInteger(n), `integer out of the safe range: ${value}`);
  return n;
}

export function intOrNull(value: string | number | bigint | null): number | null {
  return value === null ? null : int(value);
}

/** A bigint column as a bigint, for sums that must not round (balances). */
export function big(value: string | number | bigint): bigint {
  return BigInt(value);
}

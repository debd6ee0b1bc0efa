// The institution, this till, and the payment methods its point of sale authorises.
import { z } from 'zod';
import { assert } from '../../shared/assert.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import { Institution, Tracking } from '../../shared/api/schemas.ts';
import type { PaymentMethod, PaymentMethodType } from '../../shared/domain/types.ts';
import { denominationsMinor } from '../../shared/money/currency.ts';
import { dayIn } from '../../shared/domain/deferred.ts';
import { stmt, type Db } from './db/connection.ts';
import type { TillContext } from './context.ts';

export type InstitutionConfig = z.infer<typeof Institution>;

export const appVersion = '0.1.0';

export function getSetting(db: Db, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The institution's settings, from this connection's configuration cache. */
export function institutionOf(db: Db): InstitutionConfig {
  return configCacheOf(db).institution();
}

/** Today's calendar day where the institution is (due dates, overdue installments). */
export function todayOf(till: TillContext): string {
  return dayIn(till.clock.nowMs(), till.config.institution().timeZone);
}

export interface TillRow {
  id: string;
  name: string;
  point_of_sale_id: string;
  point_of_sale_name: string;
  order_prefix: string;
}

export function tillOf(db: Db, tillId: string): TillRow {
  const row = configCacheOf(db).forTill(tillId).till;
  assert(row, `till ${tillId} is configured`);
  return row;
}

interface MethodRow {
  id: string;
  name: string;
  type: PaymentMethodType;
  may_pay: number;
  may_refund: number;
  gives_change: number;
  tracking: string | null;
  authorised: number;
}

export interface MethodInfo extends PaymentMethod {
  isAuthorised: boolean;
}

function toMethod(row: MethodRow): MethodInfo {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    mayPay: row.may_pay === 1,
    mayRefund: row.may_refund === 1,
    givesChange: row.gives_change === 1,
    tracking: row.tracking ? Tracking.parse(JSON.parse(row.tracking)) : null,
    isAuthorised: row.authorised === 1,
  };
}

// authorised: by the point of sale of the till @till (one statement, no lookup of the till first)
const methodSelect = `SELECT m.id, m.name, m.type, m.may_pay, m.may_refund, m.gives_change, m.tracking,
  EXISTS (SELECT 1 FROM tills t JOIN pos_payment_methods pm ON pm.point_of_sale_id = t.point_of_sale_id
          WHERE t.id = @till AND pm.method_id = m.id) AS authorised
  FROM payment_methods m`;

/** A method by id with whether this till's point of sale authorises it, or null (an inactive method is none). */
export function methodFor(till: TillContext, methodId: string): MethodInfo | null {
  return till.config.forTill(till.tillId).methods.get(methodId) ?? null;
}

/** The active methods this till's point of sale authorises, in display order. */
export function authorisedMethods(till: TillContext): readonly MethodInfo[] {
  return till.config.forTill(till.tillId).authorised;
}

/** Whether this till's point of sale authorises an active method of that type. */
export function isTypeAuthorised(till: TillContext, type: PaymentMethodType): boolean {
  return till.config.forTill(till.tillId).authorised.some((m) => m.type === type);
}

/** The till's cash method: where floats, pay-ins and pay-outs go. */
export function cashMethodOf(till: TillContext): MethodInfo | null {
  return authorisedMethods(till).find((m) => m.type === 'cash' && m.givesChange) ?? null;
}

export function listPaymentMethods(till: TillContext): Result<OutputOf<'paymentMethods.list'>> {
  return ok(authorisedMethods(till).map(({ isAuthorised: _, ...m }) => m));
}

export function systemInfo(till: TillContext, defaultLanguage: 'fr' | 'en'): Result<OutputOf<'system.info'>> {
  const institution = till.config.institution();
  const till_ = tillOf(till.db, till.tillId);
  return ok({
    version: appVersion,
    institution,
    till: { id: till_.id, name: till_.name, pointOfSaleId: till_.point_of_sale_id, pointOfSaleName: till_.point_of_sale_name },
    defaultLanguage,
    denominationsMinor: [...denominationsMinor[institution.currency]],
  });
}

/** What the cache holds for one till: its row, and the active methods with their authorisation there. */
export interface TillConfig {
  till: TillRow | null;
  /** Active methods by id. */
  methods: ReadonlyMap<string, MethodInfo>;
  /** The active methods the till's point of sale authorises, in display order. */
  authorised: readonly MethodInfo[];
}

/**
 * Tables whose rows are configuration: the institution and other settings, tills, points
 * of sale and the methods they authorise, the catalogue a sale prices from, the printers,
 * and who may call (users and their login sessions, which every call reads at the door).
 * A write to any of them, by anyone on this connection (a service, the pull of records
 * from the server, a test's own SQL), drops everything the cache holds.
 */
export const configTables = ['settings', 'tills', 'points_of_sale', 'payment_methods', 'pos_payment_methods', 'events', 'performances', 'tariffs', 'items', 'voucher_products', 'printers', 'users', 'auth_sessions'] as const;

const changedFunction = 'guichet_config_changed';

/**
 * This connection's configuration, read once and kept until it changes (issue 14: the sale
 * read the settings, the till and the methods three or four times each). Temporary triggers
 * on every table of `configTables` call back into the cache on any insert, update or delete
 * through this connection, so no writer has to remember to invalidate. The till is the only
 * writer of its database file (another process would go unseen: there is none).
 *
 * A value read while a transaction that changed configuration is still open may yet be
 * rolled back: it is answered but not kept until that transaction is over (`settle`).
 */
export class ConfigCache {
  readonly #db: Db;
  #institution: InstitutionConfig | null = null;
  readonly #tills = new Map<string, TillConfig>();
  readonly #memo = new Map<string, unknown>();
  #isUnsettled = false;
  /** How many times configuration changed through this connection (tests, diagnostics). */
  changes = 0;

  constructor(db: Db) {
    this.#db = db;
    db.function(changedFunction, { deterministic: false }, () => {
      this.invalidate();
      return null;
    });
    for (const table of configTables) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${changedFunction}_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} BEGIN SELECT ${changedFunction}(); END`);
      }
    }
  }

  /** Drops every value kept; called by the triggers, and by anyone who knows better. */
  invalidate(): void {
    this.#institution = null;
    this.#tills.clear();
    this.#memo.clear();
    this.#isUnsettled = true;
    this.changes += 1;
  }

  /** Between two calls (no transaction open): what is read from now on may be kept again. */
  settle(): void {
    if (this.#isUnsettled && !this.#db.inTransaction) this.#isUnsettled = false;
  }

  #mayKeep(): boolean {
    this.settle();
    return !this.#isUnsettled;
  }

  /** The institution's settings, parsed once. */
  institution(): InstitutionConfig {
    if (this.#institution) return this.#institution;
    const text = getSetting(this.#db, 'institution');
    assert(text, 'the institution is configured at first start');
    const value = Object.freeze(Institution.parse(JSON.parse(text)));
    if (this.#mayKeep()) this.#institution = value;
    return value;
  }

  /** A till's row (null if unknown) and its methods, two statements once. */
  forTill(tillId: string): TillConfig {
    const kept = this.#tills.get(tillId);
    if (kept) return kept;
    const till = (stmt(
      this.#db,
      `SELECT t.id, t.name, t.point_of_sale_id, p.name AS point_of_sale_name, t.order_prefix
       FROM tills t JOIN points_of_sale p ON p.id = t.point_of_sale_id WHERE t.id = ?`,
    ).get(tillId) as TillRow | undefined) ?? null;
    const rows = stmt(this.#db, `${methodSelect} WHERE m.active = 1 ORDER BY m.sort, m.name`).all({ till: tillId }) as MethodRow[];
    const all = rows.map((row) => Object.freeze(toMethod(row)));
    const value: TillConfig = { till: till && Object.freeze(till), methods: new Map(all.map((m) => [m.id, m])), authorised: Object.freeze(all.filter((m) => m.isAuthorised)) };
    if (this.#mayKeep()) this.#tills.set(tillId, value);
    return value;
  }

  /**
   * A value derived from configuration only (a tariff, a performance's event, whether a
   * printer is set up), kept under `key` until configuration changes. `load` must read
   * nothing but the tables of `configTables`.
   */
  memo<T>(key: string, load: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = load();
    if (this.#mayKeep()) this.#memo.set(key, value);
    return value;
  }
}

const cacheKey = Symbol('guichet.configCache');

/** The configuration cache of a connection, made with its triggers at first use: one per connection. */
export function configCacheOf(db: Db): ConfigCache {
  const holder = db as Db & { [cacheKey]?: ConfigCache };
  return (holder[cacheKey] ??= new ConfigCache(db));
}

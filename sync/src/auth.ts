// Secrets of the ledger server: till tokens, enrolment codes, the administrator's key and
// the web shop's keys, and who a request's key makes its caller (callerOf, by a route's
// access). Only their SHA-256 is stored: a copy of the database lets no one in.
// The journal key of the server's own events is the exception (it must sign), kept in
// server_secrets like a till keeps its key beside its database.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { assertNever } from '../../src/shared/assert.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import type { Db } from './store/store.ts';
import type { Trx } from './store/tx.ts';

/** Crockford's base32, as ULIDs and the enrolment code's format use it. */
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A bearer secret: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A one-time code an administrator reads out: XXXX-XXXX-XXXX-XXXX, 80 bits. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 16 }, () => crockford[randomInt(crockford.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The bearer token of an Authorization header, or null. */
export function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,200})$/.exec(header?.trim() ?? '');
  return match ? match[1]! : null;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type TokenCheck = { ok: true; tillId: string; tokenHash: string } | { ok: false; code: 'not_authenticated' | 'token_revoked' };

/** The till a token belongs to; a revoked token is told so (the till shows it). */
export async function tillOfToken(db: Db | Trx, token: string | null): Promise<TokenCheck> {
  if (!token) return { ok: false, code: 'not_authenticated' };
  const tokenHash = sha256(token);
  const row = await db.selectFrom('till_tokens').select(['till_id', 'revoked_at_ms']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { ok: false, code: 'not_authenticated' };
  if (row.revoked_at_ms !== null) return { ok: false, code: 'token_revoked' };
  return { ok: true, tillId: row.till_id, tokenHash };
}

/** The point of sale a web-shop key speaks for, or null. */
export async function pointOfSaleOfShopKey(db: Db | Trx, key: string | null): Promise<string | null> {
  if (!key) return null;
  const row = await db.selectFrom('shop_keys').select('point_of_sale_id').where('key_hash', '=', sha256(key)).where('revoked_at_ms', 'is', null).executeTakeFirst();
  return row?.point_of_sale_id ?? null;
}

/**
 * Who may call a route: anyone (health, the route list, enrolment, whose one-time code is
 * checked by enrol itself), a till by its token, the administrator by the admin key, a web
 * shop by its key (speaking for one point of sale).
 */
export type Access = 'public' | 'till' | 'admin' | 'shop';

/** What a route learns of its caller, by access. */
export interface Callers {
  public: null;
  /** The till, and its token's hash: a push checks it again under the till's lock (a replacement may revoke it meanwhile). */
  till: { tillId: string; tokenHash: string };
  admin: null;
  shop: { pointOfSaleId: string };
}

/** The caller a route's access asks for, from the Authorization header, or the refusal to send. */
export async function callerOf<A extends Access>(db: Db, access: A, authorization: string | undefined): Promise<Result<Callers[A]>> {
  const caller = await callerByAccess(db, access, bearer(authorization));
  return caller as Result<Callers[A]>;
}

async function callerByAccess(db: Db, access: Access, key: string | null): Promise<Result<Callers[Access]>> {
  switch (access) {
    case 'public':
      return ok(null);
    case 'till': {
      const check = await tillOfToken(db, key);
      return check.ok ? ok({ tillId: check.tillId, tokenHash: check.tokenHash }) : refuse(check.code);
    }
    case 'admin': {
      const stored = await secret(db, 'admin_key_hash');
      return key && stored && sameSecret(sha256(key), stored) ? ok(null) : refuse('not_authenticated');
    }
    case 'shop': {
      const pointOfSaleId = await pointOfSaleOfShopKey(db, key);
      return pointOfSaleId ? ok({ pointOfSaleId }) : refuse('not_authenticated');
    }
    default:
      return assertNever(access, 'access');
  }
}

async function secret(db: Db, name: string): Promise<string | null> {
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

/** Stores a secret unless one is there already (two instances starting together keep the first). */
async function keepFirst(db: Db, name: string, value: string, nowMs: number): Promise<string> {
  await db.insertInto('server_secrets').values({ name, value, created_at_ms: nowMs }).onConflict((oc) => oc.column('name').doNothing()).execute();
  return (await secret(db, name))!;
}

/** The server journal's HMAC key, made at first start. */
export async function journalKeyOf(db: Db, nowMs: number): Promise<Buffer> {
  return Buffer.from(await keepFirst(db, 'journal_key', randomBytes(32).toString('hex'), nowMs), 'hex');
}

export interface AdminKey {
  /** SHA-256 of the key every administrator request must bear. */
  hash: string;
  /** The key in clear when this start made it (printed once), else null. */
  generated: string | null;
}

/**
 * The administrator's key: GUICHET_ADMIN_KEY when set (it replaces the stored one), else
 * the stored one, else a new one printed once at this start.
 */
export async function adminKeyOf(db: Db, fromEnv: string | undefined, nowMs: number): Promise<AdminKey> {
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('GUICHET_ADMIN_KEY must have at least 16 characters');
    const hash = sha256(fromEnv);
    await db.insertInto('server_secrets').values({ name: 'admin_key_hash', value: hash, created_at_ms: nowMs }).onConflict((oc) => oc.column('name').doUpdateSet({ value: hash })).execute();
    return { hash, generated: null };
  }
  const stored = await secret(db, 'admin_key_hash');
  if (stored) return { hash: stored, generated: null };
  const key = newSecret();
  const kept = await keepFirst(db, 'admin_key_hash', sha256(key), nowMs);
  return { hash: kept, generated: kept === sha256(key) ? key : null };
}

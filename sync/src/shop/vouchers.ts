// Gift vouchers as the server holds them for the whole box office, in one place: the
// `vouchers` table (id, code, value, the channel and event that sold it: filled by the
// projection of every sale, a till's or the web shop's, ledger/projections.ts) and the
// balance of each one's liability account voucher:<id> (every channel's postings the
// server holds). voucherStates reads them as VoucherState, the body the tills will pull
// (issue 15 point 2); the web shop checks a voucher by its code and mints the codes of the
// vouchers it sells.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { VoucherState } from '../../../src/shared/api/shop-schemas.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../store/store.ts';
import { int } from '../store/schema.ts';
import type { Trx } from '../store/tx.ts';
import { institutionOf } from './catalogue.ts';

interface VoucherRow {
  id: string;
  code: string;
  value_minor: string;
  till_id: string;
  created_at_ms: string;
  order_id: string | null;
  balance_minor: string | null;
}

/**
 * The vouchers of these ids or codes with their remaining value. The sale that issued one
 * gives its time and order; its balance is the liability left (negative: owed to the bearer).
 */
export async function voucherStates(db: Db | Trx, by: { ids: readonly string[] } | { codes: readonly string[] }): Promise<VoucherState[]> {
  const keys = 'ids' in by ? [...by.ids] : by.codes.map(normaliseCode);
  if (keys.length === 0) return [];
  const match = 'ids' in by ? sql`v.id = ANY(${keys}::text[])` : sql`v.code = ANY(${keys}::text[])`;
  const rows = await sql<VoucherRow>`
    SELECT v.id, v.code, v.value_minor::text AS value_minor, v.till_id, e.created_at_ms::text AS created_at_ms,
      e.payload::json->>'orderId' AS order_id, b.balance_minor::text AS balance_minor
    FROM vouchers v JOIN events e ON e.id = v.event_id LEFT JOIN balances b ON b.account_id = 'voucher:' || v.id
    WHERE ${match} ORDER BY v.id`.execute(db);
  const { currency } = await institutionOf(db);
  return rows.rows.map((r) => {
    // the liability account is credited at the sale (−value) and debited by each payment
    const balanceMinor = r.balance_minor === null ? -int(r.value_minor) : int(r.balance_minor);
    return {
      id: r.id,
      code: r.code,
      currency,
      valueMinor: int(r.value_minor),
      remainingMinor: Math.max(-balanceMinor, 0),
      overspentMinor: Math.max(balanceMinor, 0),
      channel: r.till_id,
      orderId: r.order_id,
      soldAtMs: int(r.created_at_ms),
      expiresAtMs: null,
    };
  });
}

/** A code as typed: surrounding spaces and case do not matter (the projection stores codes in capitals). */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Checks: a voucher has this code (voucher_not_found), one only (voucher_code_ambiguous). Its remaining value over every channel. */
export async function checkVoucher(ctx: ServerContext, code: string): Promise<Result<VoucherState>> {
  const states = await voucherStates(ctx.db, { codes: [code] });
  if (states.length > 1) return refuse('voucher_code_ambiguous', { code: normaliseCode(code).slice(0, 40) });
  return states[0] ? ok(states[0]) : refuse('voucher_not_found', { code: normaliseCode(code).slice(0, 40) });
}

/** The tills' alphabet of voucher codes (src/main/kernel/context.ts): no I, O, 0, 1. */
const voucherAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code in the tills' format, GV-XXXX-XXXX (40 bits). */
export function newVoucherCode(): string {
  const chars = Array.from({ length: 8 }, () => voucherAlphabet[randomInt(voucherAlphabet.length)]).join('');
  return `GV-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** `count` distinct codes no voucher the server knows has (drawn again on a collision). */
export async function unusedVoucherCodes(trx: Trx, count: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < count) {
    const drawn = Array.from({ length: count - codes.size }, newVoucherCode).filter((c) => !codes.has(c));
    const taken = drawn.length === 0 ? [] : await trx.selectFrom('vouchers').select('code').where('code', 'in', drawn).execute();
    const isTaken = new Set(taken.map((t) => t.code));
    for (const code of drawn) if (!isTaken.has(code)) codes.add(code);
  }
  return [...codes];
}

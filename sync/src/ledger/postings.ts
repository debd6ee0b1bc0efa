// Reading an event's postings from its payload: [account, amount] pairs of integer minor
// units that sum to zero (DESIGN: double-entry ledger). The server checks this itself; it
// trusts no till's arithmetic.
import { accountKinds, type AccountKind } from '../../../src/shared/domain/accounts.ts';
import type { PayloadPosting } from '../../../src/shared/domain/events.ts';
import { ledgerMinorMax } from '../../../src/shared/limits.ts';

/** An account id as the ledger writes it: `kind:rest`, e.g. `credit:c-dupont`, `till:G1:pm-cash`. */
const accountIdMax = 140;
const contactIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export interface CustomerAccount {
  kind: 'credit' | 'deferred';
  contactId: string;
}

/** The postings merged per account, the pairs as the payload lists them (checked), and the parsed payload for the projections. */
export type PostingsResult = { ok: true; postings: Map<string, bigint>; pairs: PayloadPosting[]; data: Record<string, unknown> } | { ok: false; reason: string };

/** A customer's account (credit balance or deferred outstanding), or null for any other account. */
export function customerAccountOf(accountId: string): CustomerAccount | null {
  const colon = accountId.indexOf(':');
  // most postings are on other accounts: refused without slicing their kind (called for every posting, several times a push)
  if (colon !== 6 && colon !== 8 && colon !== -1) return null;
  const kind = accountId.slice(0, colon);
  if (kind !== 'credit' && kind !== 'deferred') return null;
  return { kind, contactId: accountId.slice(colon + 1) };
}

function accountProblem(accountId: unknown): string | null {
  if (typeof accountId !== 'string' || accountId.length === 0 || accountId.length > accountIdMax) return 'an account id is not a string of 1 to 140 characters';
  const colon = accountId.indexOf(':');
  if (colon <= 0 || colon === accountId.length - 1) return `account ${accountId.slice(0, 40)} is not kind:id`;
  const kind = accountId.slice(0, colon);
  if (!(accountKinds as readonly string[]).includes(kind)) return `unknown account kind ${kind.slice(0, 20)}`;
  if ((kind as AccountKind) === 'credit' || kind === 'deferred') {
    if (!contactIdPattern.test(accountId.slice(colon + 1))) return `account ${accountId.slice(0, 40)} does not name a contact`;
  }
  return null;
}

/**
 * The postings of a payload, merged per account. Refused: a payload that is not a JSON
 * object, postings missing or not [account, amount] pairs, an amount that is not an
 * integer within ±ledgerMinorMax, a sum other than zero.
 */
export function postingsOf(payload: string): PostingsResult {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the payload is not JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'the payload is not a JSON object' };
  const raw = (data as { postings?: unknown }).postings;
  if (!Array.isArray(raw)) return { ok: false, reason: 'the payload has no postings' };
  const postings = new Map<string, bigint>();
  let sum = 0n;
  for (const pair of raw) {
    if (!Array.isArray(pair) || pair.length !== 2) return { ok: false, reason: 'a posting is not an [account, amount] pair' };
    const [accountId, amount] = pair as [unknown, unknown];
    const problem = accountProblem(accountId);
    if (problem) return { ok: false, reason: problem };
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || Math.abs(amount) > ledgerMinorMax) {
      return { ok: false, reason: `the amount on ${String(accountId).slice(0, 40)} is not an integer in minor units` };
    }
    const id = accountId as string;
    postings.set(id, (postings.get(id) ?? 0n) + BigInt(amount));
    sum += BigInt(amount);
  }
  if (sum !== 0n) return { ok: false, reason: `the postings sum to ${sum}, not zero` };
  for (const [id, amount] of postings) if (amount === 0n) postings.delete(id);
  return { ok: true, postings, pairs: raw as PayloadPosting[], data: data as Record<string, unknown> };
}

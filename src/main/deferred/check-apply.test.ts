// The deferred account's writing methods as check then apply (issue 14): every refusal
// comes from the check, before any write — the plausibility bound of the settlement's and
// the payer change's postings too, answered by the method itself rather than thrown by the
// ledger — and a refused call leaves every table as it was.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import { balanceMinorMax } from '../../shared/limits.ts';
import type { Ctx } from '../kernel/context.ts';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { changePayer, settle } from './deferred.ts';

let t: TestTill;
const tickets = (quantity: number) => [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }] as const;
const sellOnAccount = (contactId: string, quantity: number) =>
  t.must('sales.checkout', { requestId: ulid(), lines: [...tickets(quantity)], buyerContactId: contactId, payments: [{ methodId: 'pm-deferred', amountMinor: 4500 * quantity }] });
const sameRequestId = ulid();
const settleInput = (amountMinor: number, extra: Partial<InputOf<'deferred.settle'>> = {}) =>
  ({ requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor, reference: 'Chèque 4711', excessToCredit: false, ...extra }) as const;
/** The method as the registry holds it, called without the door (which would also catch the ledger's throw). */
const supervisor = (): Ctx => ({ ...t.context, actor: { userId: 'u-supervisor', name: 'Sophie Superviseure', role: 'supervisor', tokenHash: '' } });

/** An account's balance set near the bound, as if years of business had carried it there. */
function balanceAt(accountId: string, kind: string, balanceMinor: number, fields: { till_id?: string; method_id?: string; contact_id?: string } = {}) {
  t.db.prepare('INSERT OR IGNORE INTO accounts (id, kind, till_id, method_id, contact_id, currency) VALUES (?, ?, ?, ?, ?, ?)').run(accountId, kind, fields.till_id ?? null, fields.method_id ?? null, fields.contact_id ?? null, 'CHF');
  t.db.prepare('INSERT INTO account_balances (account_id, kind, balance_minor) VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET balance_minor = excluded.balance_minor').run(accountId, kind, balanceMinor);
}

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
});

describe('deferred.settle: check, then apply', () => {
  it('refuses a settlement that would carry the drawer past balanceMinorMax in its check, writing nothing', () => {
    sellOnAccount('c-ecole', 1);
    balanceAt('till:G1:pm-cheque', 'till', balanceMinorMax - 100, { till_id: 'G1', method_id: 'pm-cheque' });
    const before = databaseFingerprint(t.db);
    const result = settle(supervisor(), settleInput(4500));
    expect(result).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'till:G1:pm-cheque', balanceMinor: balanceMinorMax - 100, maxMinor: balanceMinorMax } } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  it.each([
    ['more than the outstanding', () => settleInput(5000), 'settlement_exceeds_outstanding'],
    ['an unknown invoice to pay first', () => settleInput(100, { invoiceId: 'nope' }), 'invoice_not_found'],
    ['a cheque without its number', () => settleInput(100, { reference: '' }), 'settlement_reference_required'],
    ['a request id again with other content', () => ({ ...settleInput(100), requestId: sameRequestId }), 'request_conflict'],
  ] as const)('refuses %s with every table unchanged', (_name, input, code) => {
    sellOnAccount('c-ecole', 1);
    t.must('deferred.settle', { ...settleInput(200), requestId: sameRequestId }, 'supervisor');
    const before = databaseFingerprint(t.db);
    expect(t.call('deferred.settle', input(), 'supervisor')).toMatchObject({ ok: false, error: { code } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  it('answers a repeated request with its first result and writes nothing', () => {
    sellOnAccount('c-ecole', 1);
    const input = settleInput(1000);
    const first = t.must('deferred.settle', input, 'supervisor');
    const before = databaseFingerprint(t.db);
    expect(t.must('deferred.settle', input, 'supervisor')).toEqual(first);
    expect(databaseFingerprint(t.db)).toBe(before);
  });
});

describe('orders.changePayer: check, then apply', () => {
  it('refuses a move that would carry the new payer’s account past balanceMinorMax in its check, writing nothing', () => {
    const order = sellOnAccount('c-ecole', 1);
    // the till's own ledger holds far more on c-amis than the server's last balance says (known: 0)
    balanceAt('deferred:c-amis', 'deferred', balanceMinorMax - 100, { contact_id: 'c-amis' });
    t.db.prepare("INSERT INTO remote_balances (account_id, kind, contact_id, balance_minor, till_seq, local_at_snapshot, pulled_at_ms) VALUES ('deferred:c-amis', 'deferred', 'c-amis', 0, 0, ?, 0)").run(balanceMinorMax - 100);
    const before = databaseFingerprint(t.db);
    const result = changePayer(supervisor(), { orderId: order.id, payerContactId: 'c-amis' });
    expect(result).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'deferred:c-amis' } } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  it.each([
    ['the limit exceeded', 'c-amis', 'deferred_limit_exceeded'],
    ['the same payer', 'c-ecole', 'payer_unchanged'],
    ['a payer not authorised', 'c-dupont', 'deferred_not_authorised'],
  ] as const)('refuses %s with every table unchanged', (_name, contactId, code) => {
    const order = sellOnAccount('c-ecole', 2);
    t.must('contacts.setDeferred', { contactId: 'c-amis', authorised: true, limitMinor: 100 }, 'supervisor');
    const before = databaseFingerprint(t.db);
    expect(t.call('orders.changePayer', { orderId: order.id, payerContactId: contactId }, 'supervisor')).toMatchObject({ ok: false, error: { code } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });
});

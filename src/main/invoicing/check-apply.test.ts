// Invoicing's writing methods as check then apply (issue 14): every refusal comes from the
// check and leaves every table as it was (an invoice number is never spent on a refusal);
// the invoice a sale issues at its deferred payment is checked by the sale's check
// (checkInvoiceAtSale) and issued by its apply, which cannot refuse.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { installmentReferenceMax } from '../../shared/domain/payment-references.ts';
import { balanceMinorMax } from '../../shared/limits.ts';
import { setSetting } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { changeBillingContact, checkInvoiceAtSale } from './invoicing.ts';

let t: TestTill;
const tickets = (quantity: number) => [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }] as const;
const sellOnAccount = (contactId: string, quantity: number, methodId = 'pm-deferred') =>
  t.must('sales.checkout', { requestId: ulid(), lines: [...tickets(quantity)], buyerContactId: contactId, payments: [{ methodId, amountMinor: 4500 * quantity }] });
const supervisor = (): Ctx => ({ ...t.context, actor: { userId: 'u-supervisor', name: 'Sophie Superviseure', role: 'supervisor', tokenHash: '' } });
const withoutInvoicing = () => {
  const institution = JSON.parse((t.db.prepare("SELECT value FROM settings WHERE key = 'institution'").get() as { value: string }).value) as Record<string, unknown>;
  setSetting(t.db, 'institution', JSON.stringify({ ...institution, invoicing: null }));
};

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
});

describe('invoices: every refusal from the check, nothing written', () => {
  const none = () => {};
  it.each([
    ['create with nothing uninvoiced', none, () => t.call('invoices.create', { contactId: 'c-amis' }, 'supervisor'), 'nothing_to_invoice'],
    ['create for an unknown order', none, () => t.call('invoices.create', { contactId: 'c-ecole', orderIds: ['nope'] }, 'supervisor'), 'order_not_found'],
    ['create without invoicing configured', withoutInvoicing, () => t.call('invoices.create', { contactId: 'c-ecole' }, 'supervisor'), 'invoicing_not_configured'],
    ['an order without invoicing configured', withoutInvoicing, () => t.call('invoices.createForOrder', { orderId: t.must('orders.list', {})[0]!.id }, 'supervisor'), 'invoicing_not_configured'],
    ['an order invoiced already', none, () => t.call('invoices.createForOrder', { orderId: t.must('orders.list', {})[1]!.id }, 'supervisor'), 'order_already_invoiced'],
    ['a billing contact over its limit', none, () => t.call('invoices.changeBillingContact', { invoiceId: t.must('invoices.list', { contactId: 'c-ecole' }, 'supervisor')[0]!.id, billingContactId: 'c-amis' }, 'supervisor'), 'deferred_limit_exceeded'],
    ['the same billing contact', none, () => t.call('invoices.changeBillingContact', { invoiceId: t.must('invoices.list', { contactId: 'c-ecole' }, 'supervisor')[0]!.id, billingContactId: 'c-ecole' }, 'supervisor'), 'payer_unchanged'],
  ] as const)('%s', (_name, arrange, act, code) => {
    const invoiced = sellOnAccount('c-ecole', 2);
    sellOnAccount('c-ecole', 1);
    t.must('invoices.createForOrder', { orderId: invoiced.id }, 'supervisor');
    t.must('contacts.setDeferred', { contactId: 'c-amis', authorised: true, limitMinor: 100 }, 'supervisor');
    arrange();
    const before = databaseFingerprint(t.db);
    expect(act()).toMatchObject({ ok: false, error: { code } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  it('refuses a billing contact change that would carry the new contact’s account past balanceMinorMax in its check', () => {
    const order = sellOnAccount('c-ecole', 1);
    const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
    t.db.prepare("INSERT INTO accounts (id, kind, contact_id, currency) VALUES ('deferred:c-amis', 'deferred', 'c-amis', 'CHF')").run();
    t.db.prepare("INSERT INTO account_balances (account_id, kind, balance_minor) VALUES ('deferred:c-amis', 'deferred', ?)").run(balanceMinorMax - 100);
    // the server's last balance says 0 (the till's ledger holds more than it knows is owed)
    t.db.prepare("INSERT INTO remote_balances (account_id, kind, contact_id, balance_minor, till_seq, local_at_snapshot, pulled_at_ms) VALUES ('deferred:c-amis', 'deferred', 'c-amis', 0, 0, ?, 0)").run(balanceMinorMax - 100);
    const before = databaseFingerprint(t.db);
    expect(changeBillingContact(supervisor(), { invoiceId: invoice.id, billingContactId: 'c-amis' })).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'deferred:c-amis' } } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });
});

describe('checkInvoiceAtSale: what the invoice of a sale on account could refuse, for its sale’s check', () => {
  /** `count` installments due on as many days from 1 January 2027. */
  const installments = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `i${i}`, dueDate: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10), amountMinor: 100 }));

  it('passes what a payment reference can number', () => {
    expect(checkInvoiceAtSale(t.db, installments(3))).toEqual({ ok: true, value: null });
  });

  it('refuses without invoicing configured', () => {
    withoutInvoicing();
    expect(checkInvoiceAtSale(t.db, installments(1))).toMatchObject({ ok: false, error: { code: 'invoicing_not_configured' } });
  });

  it('refuses more due dates than a payment reference numbers', () => {
    const many = installments(installmentReferenceMax + 1);
    expect(checkInvoiceAtSale(t.db, many)).toMatchObject({ ok: false, error: { code: 'invoice_installments_exceeded', details: { count: installmentReferenceMax + 1, max: installmentReferenceMax } } });
    expect(checkInvoiceAtSale(t.db, many.slice(1)).ok).toBe(true);
  });
});

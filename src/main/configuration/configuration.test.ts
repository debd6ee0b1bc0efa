// The configuration's methods at a standalone till (issue 16): the first start without demo,
// the institution and VAT rates, payment methods, points of sale and tills, the catalogue,
// users and PINs, contacts corrected and imported, each record's history. Every refusal is
// table-driven and leaves the database as it was (every row of every table compared).
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { openDatabase } from '../kernel/db/connection.ts';
import { seedBare } from '../demo/seed.ts';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

const address = { street: 'Rue du Rhône', buildingNumber: '12', postcode: '1204', city: 'Genève' };
const institution = { name: 'Théâtre des Bastions', address, country: 'CH', vatNumber: 'CHE-123.456.789 TVA', currency: 'CHF', cashStepMinor: 5, timeZone: 'Europe/Zurich' } as const;
const invoicing = { iban: 'CH93 0076 2011 6238 5295 7', bic: 'POFICHBEXXX', paymentTermDays: 30 };
const setupInput = { institution, invoicing, till: { tillId: 'b1', name: 'Guichet Bastions', pointOfSaleName: 'Billetterie des Bastions' }, administrator: { name: 'Ada Admin', pin: '246810' } };

function bareTill(): TestTill {
  const db = openDatabase(':memory:');
  seedBare(db, 'T9X2K');
  return testTill({ db });
}

const row = (t: TestTill, sql: string, ...params: unknown[]) => t.db.prepare(sql).get(...params) as Record<string, unknown> | undefined;

describe('the first start without demo', () => {
  it('sets up the institution, invoicing, this till and the first administrator with the PIN they chose, once', async () => {
    const t = bareTill();
    expect(t.must('setup.status', {}, null)).toEqual({ isSetUp: false, tillId: 'T9X2K', isDemo: false });
    // nobody can log in before the set-up, and new organisations may not pay on account
    expect(t.must('auth.users', {}, null)).toEqual([]);
    expect(JSON.parse(row(t, "SELECT value FROM settings WHERE key = 'institution'")!.value as string).deferredDefaults).toEqual({ organisationsAuthorised: false, limitMinor: 0 });

    const done = t.must('setup.complete', setupInput, null);
    expect(done.tillId).toBe('B1');
    expect(t.context.tillId).toBe('B1');
    expect(t.must('setup.status', {}, null)).toEqual({ isSetUp: true, tillId: 'B1', isDemo: false });
    const stored = JSON.parse(row(t, "SELECT value FROM settings WHERE key = 'institution'")!.value as string);
    expect(stored).toMatchObject({ name: 'Théâtre des Bastions', addressLines: ['Rue du Rhône 12', '1204 Genève'], vatNumber: 'CHE-123.456.789 TVA', deferredDefaults: { organisationsAuthorised: false, limitMinor: 0 } });
    expect(stored.invoicing).toMatchObject({ iban: 'CH9300762011623852957', bic: 'POFICHBEXXX', paymentTermDays: 30, city: 'Genève' });
    expect(row(t, "SELECT name, point_of_sale_id, order_prefix FROM tills WHERE id = 'B1'")).toEqual({ name: 'Guichet Bastions', point_of_sale_id: 'pos-main', order_prefix: 'B1' });
    expect(row(t, "SELECT name FROM points_of_sale WHERE id = 'pos-main'")).toEqual({ name: 'Billetterie des Bastions' });
    expect(row(t, 'SELECT name, role, active, pin_change_required FROM users WHERE id = ?', done.administratorId)).toEqual({ name: 'Ada Admin', role: 'administrator', active: 1, pin_change_required: 0 });
    // the administrator logs in with the PIN they chose and may configure
    const login = t.must('auth.login', { userId: done.administratorId, pin: '246810' }, null);
    expect(await t.dispatch.answer('institution.get', {}, login.token)).toMatchObject({ ok: true, value: { institution: { name: 'Théâtre des Bastions' }, version: 1 } });
    // the till as set up, not its provisional id, is the one listed under its point of sale
    const tills = (await t.dispatch.answer('tills.list', {}, login.token)) as { value: OutputOf<'tills.list'> };
    expect(tills.value.map((x) => [x.id, x.name, x.pointOfSaleId, x.isThisTill])).toEqual([['B1', 'Guichet Bastions', 'pos-main', true]]);
    const points = (await t.dispatch.answer('pointsOfSale.list', {}, login.token)) as { value: OutputOf<'pointsOfSale.list'> };
    expect(points.value.map((p) => [p.name, p.tillIds])).toEqual([['Billetterie des Bastions', ['B1']]]);
    const reportTills = (await t.dispatch.answer('reports.tills', {}, login.token)) as { value: OutputOf<'reports.tills'> };
    expect(reportTills.value).toEqual([{ id: 'B1', name: 'Guichet Bastions' }]);
    // once
    const before = databaseFingerprint(t.db);
    expect(t.call('setup.complete', setupInput, null)).toMatchObject({ ok: false, error: { code: 'setup_already_done' } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  const refusals: [string, Record<string, unknown>, ErrorCode, string?][] = [
    ['a PIN of five digits', { administrator: { name: 'Ada', pin: '12345' } }, 'pin_too_short', 'administrator.pin'],
    ['a PIN with letters', { administrator: { name: 'Ada', pin: '12345a' } }, 'pin_invalid', 'administrator.pin'],
    ['an IBAN with wrong check digits', { invoicing: { ...invoicing, iban: 'CH94 0076 2011 6238 5295 7' } }, 'iban_invalid', 'invoicing.iban'],
    ['a French IBAN for CHF invoices', { invoicing: { ...invoicing, iban: 'FR14 2004 1010 0505 0001 3M02 606' } }, 'iban_invalid', 'invoicing.iban'],
    ['a BIC of six letters', { invoicing: { ...invoicing, bic: 'POFICH' } }, 'bic_invalid', 'invoicing.bic'],
    ['an unknown time zone', { institution: { ...institution, timeZone: 'Europe/Genève' } }, 'time_zone_invalid', 'institution.timeZone'],
    ['a cash step that is no coin', { institution: { ...institution, cashStepMinor: 3 } }, 'cash_step_not_coin', 'institution.cashStepMinor'],
    ['a Swiss VAT number of the wrong form', { institution: { ...institution, vatNumber: 'CHE-12.345' } }, 'vat_number_invalid', 'institution.vatNumber'],
  ];
  it.each(refusals)('refuses %s, changing nothing', (_name, change, code, field) => {
    const t = bareTill();
    const before = databaseFingerprint(t.db);
    const result = t.call('setup.complete', { ...setupInput, ...change } as InputOf<'setup.complete'>, null);
    expect(result).toMatchObject({ ok: false, error: { code, details: { field } } });
    expect(databaseFingerprint(t.db)).toBe(before);
    expect(t.context.tillId).toBe('T9X2K');
  });

  it('refuses a till id of nine characters at the door, and the demo (already set up) entirely', () => {
    const bare = bareTill();
    expect(bare.call('setup.complete', { ...setupInput, till: { ...setupInput.till, tillId: 'ABCDEFGHI' } }, null)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const demo = testTill();
    expect(demo.must('setup.status', {}, null)).toEqual({ isSetUp: true, tillId: 'G1', isDemo: true });
    expect(demo.call('setup.complete', setupInput, null)).toMatchObject({ ok: false, error: { code: 'setup_already_done' } });
  });
});

/** Calls a method as the demo's administrator, awaited (configuration changes are asynchronous). */
const admin = <M extends MethodName>(t: TestTill, method: M, input: InputOf<M>) => t.mustAsync(method, input, 'administrator');

const method = { name: 'Bon de commande', type: 'mandate', mayPay: true, mayRefund: true, givesChange: false, tracking: null } as const;
const tracked = { name: 'Facture 2 échéances', type: 'deferred', mayPay: true, mayRefund: true, givesChange: false, tracking: { installments: 2, intervalDays: 30, firstDueOffsetDays: 10 } } as const;

interface Refusal {
  name: string;
  /** Sets the scene (may write: it runs before the fingerprint). */
  scene?: (t: TestTill) => unknown;
  call: (t: TestTill) => Promise<{ ok: boolean }>;
  code: ErrorCode;
  details?: Record<string, unknown>;
  /** Refused at the door for the role: only the denial is audited. */
  isDenied?: boolean;
}

/** Sold one ticket of the Misanthrope's first performance at its full price, in cash. */
function sellOne(t: TestTill): void {
  t.must('sessions.open', { float: [] });
  t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 4500 }] });
}

const csvContact = (name: string) => ({ kind: 'individual', name, firstName: 'Anne', email: '', phone: '', street: '', buildingNumber: '', postcode: '', city: 'Sion', country: 'CH' }) as const;

const call = <M extends MethodName>(method: M, input: InputOf<M>, role: 'administrator' | 'supervisor' | 'cashier' = 'administrator') => (t: TestTill) => t.callAsync(method, input, role);

const refusals: Refusal[] = [
  // institution and VAT rates
  { name: 'institution: an IBAN with a wrong check digit', call: call('institution.save', { ...institution, invoicing: { ...invoicing, iban: 'CH9300762011623852958' }, deferredDefaults: { organisationsAuthorised: false, limitMinor: 0 } }), code: 'iban_invalid', details: { field: 'invoicing.iban' } },
  { name: 'institution: another currency once the journal has entries', scene: sellOne, call: call('institution.save', { ...institution, currency: 'EUR', invoicing: null, deferredDefaults: { organisationsAuthorised: false, limitMinor: 0 } }), code: 'currency_locked' },
  { name: 'institution: by a cashier', call: call('institution.save', { ...institution, invoicing: null, deferredDefaults: { organisationsAuthorised: false, limitMinor: 0 } }, 'cashier'), code: 'not_permitted', isDenied: true },
  { name: 'VAT rates: dropping 8.1 % that events use', call: call('vatRates.save', { ratesBp: [380, 260] }), code: 'vat_rate_in_use', details: { rateBp: 810 } },
  // payment methods
  { name: 'method: a name taken (case and spaces aside)', call: call('paymentMethods.save', { ...method, name: ' espèces ' }), code: 'name_taken', details: { field: 'name' } },
  { name: 'method: neither pays nor refunds', call: call('paymentMethods.save', { ...method, mayPay: false, mayRefund: false }), code: 'method_flags_invalid', details: { field: 'mayPay' } },
  { name: 'method: a card that gives change', call: call('paymentMethods.save', { ...method, type: 'card', givesChange: true }), code: 'method_flags_invalid', details: { field: 'givesChange' } },
  { name: 'method: installments on a cheque', call: call('paymentMethods.save', { ...tracked, type: 'cheque' }), code: 'tracking_not_deferred' },
  { name: 'method: a used method changing type', scene: sellOne, call: call('paymentMethods.save', { methodId: 'pm-cash', name: 'Espèces', type: 'card', mayPay: true, mayRefund: true, givesChange: false, tracking: null }), code: 'method_type_locked' },
  { name: 'method: an unknown one', call: call('paymentMethods.save', { ...method, methodId: 'pm-nope' }), code: 'method_not_found' },
  { name: 'retire: a method a point of sale authorises', call: call('paymentMethods.retire', { methodId: 'pm-card' }), code: 'method_still_authorised', details: { pointOfSaleIds: ['pos-web', 'pos-main'] } },
  { name: 'retire: an unknown method', call: call('paymentMethods.retire', { methodId: 'pm-nope' }), code: 'method_not_found' },
  // points of sale and tills
  { name: 'point of sale: a name taken', call: call('pointsOfSale.save', { name: 'Billetterie en ligne', methodIds: [] }), code: 'name_taken' },
  { name: 'point of sale: a method unknown', call: call('pointsOfSale.save', { pointOfSaleId: 'pos-main', name: 'Billetterie principale', methodIds: ['pm-cash', 'pm-nope'] }), code: 'method_not_found', details: { field: 'methodIds.1' } },
  { name: 'point of sale: a retired method', scene: (t) => admin(t, 'paymentMethods.retire', { methodId: 'pm-cheque', unauthorise: true }), call: call('pointsOfSale.save', { pointOfSaleId: 'pos-main', name: 'Billetterie principale', methodIds: ['pm-cheque'] }), code: 'method_retired' },
  { name: 'till: an unknown point of sale', call: call('tills.save', { tillId: 'G2', name: 'Guichet 2', pointOfSaleId: 'pos-nope', orderPrefix: 'G2' }), code: 'point_of_sale_not_found' },
  { name: 'till: a prefix another till has', call: call('tills.save', { tillId: 'G2', name: 'Guichet 2', pointOfSaleId: 'pos-main', orderPrefix: 'G1' }), code: 'prefix_taken' },
  { name: 'till: a till name taken', call: call('tills.save', { tillId: 'G2', name: 'guichet 1', pointOfSaleId: 'pos-main', orderPrefix: 'G2' }), code: 'name_taken' },
  { name: 'till: a new prefix for a till that sold', scene: sellOne, call: call('tills.save', { tillId: 'G1', name: 'Guichet 1', pointOfSaleId: 'pos-main', orderPrefix: 'GA' }), code: 'prefix_locked' },
  // catalogue
  { name: 'event: a name taken', call: call('events.save', { name: 'Quatuor Ébène — Beethoven', vatRateBp: 810 }), code: 'name_taken' },
  { name: 'event: a VAT rate the institution has not', call: call('events.save', { name: 'Nouveau', vatRateBp: 700 }), code: 'vat_rate_unknown', details: { rate: '7 %' } },
  { name: 'event: an unknown venue', call: call('events.save', { name: 'Nouveau', vatRateBp: 810, venueId: 'v-nope' }), code: 'venue_not_found' },
  { name: 'performance: an unknown event', call: call('performances.save', { eventId: 'e-nope', startsAt: '2026-12-20T20:00:00+01:00', hall: 'Salle', capacity: 10 }), code: 'event_not_found' },
  { name: 'performance: a date that does not exist', call: call('performances.save', { eventId: 'e-quatuor', startsAt: '2026-02-30T20:00:00+01:00', hall: 'Salle', capacity: 10 }), code: 'invalid_input' },
  { name: 'performance: a capacity too large', call: call('performances.save', { eventId: 'e-quatuor', startsAt: '2026-12-20T20:00:00+01:00', hall: 'Salle', capacity: 10_000_000 }), code: 'invalid_input' },
  { name: 'performance: a capacity below the seats sold', scene: sellOne, call: call('performances.save', { performanceId: 'e-misanthrope-p1', eventId: 'e-misanthrope', startsAt: '2026-12-20T20:00:00+01:00', hall: 'Grande salle', capacity: 0 }), code: 'capacity_below_sold' },
  { name: 'performance: deleting one that sold', scene: sellOne, call: call('performances.delete', { performanceId: 'e-misanthrope-p1' }), code: 'performance_has_sales' },
  { name: 'performance: closing an unknown one', call: call('performances.setOnSale', { performanceId: 'p-nope', isOnSale: false }), code: 'performance_not_found' },
  { name: 'tariff: a negative price', call: call('tariffs.save', { eventId: 'e-quatuor', name: 'Étudiant', priceMinor: -100 }), code: 'amount_invalid', details: { field: 'priceMinor' } },
  { name: 'tariff: a price beyond the largest amount', call: call('tariffs.save', { eventId: 'e-quatuor', name: 'Mécène', priceMinor: 10 ** 13 }), code: 'amount_too_large', details: { field: 'priceMinor' } },
  { name: 'tariff: a name taken in its event', call: call('tariffs.save', { eventId: 'e-quatuor', name: 'tarif réduit', priceMinor: 2000 }), code: 'name_taken' },
  { name: "tariff: another event's tariff", call: call('tariffs.save', { tariffId: 'e-misanthrope-plein', eventId: 'e-quatuor', name: 'Plein', priceMinor: 2000 }), code: 'tariff_not_found' },
  { name: 'item: a name taken', call: call('items.save', { name: 'Programme de salle', priceMinor: 500, vatRateBp: 260 }), code: 'name_taken' },
  { name: 'item: a VAT rate unknown', call: call('items.save', { name: 'Badge', priceMinor: 500, vatRateBp: 1234 }), code: 'vat_rate_unknown' },
  { name: 'voucher: a value of zero', call: call('voucherProducts.save', { name: 'Bon 0', valueMinor: 0 }), code: 'amount_invalid', details: { field: 'valueMinor' } },
  { name: 'voucher: a name taken', call: call('voucherProducts.save', { name: 'Bon cadeau 50.–', valueMinor: 5000 }), code: 'name_taken' },
  // users and PINs
  { name: 'user: a PIN too short', call: call('users.create', { name: 'Nina', role: 'cashier', pin: '12345' }), code: 'pin_too_short', details: { field: 'pin', min: 6 } },
  { name: 'user: a PIN with letters', call: call('users.create', { name: 'Nina', role: 'cashier', pin: '12a456' }), code: 'pin_invalid' },
  { name: 'user: a name taken', call: call('users.create', { name: 'Camille Caissière', role: 'cashier', pin: '918273' }), code: 'name_taken' },
  { name: 'user: deactivating oneself', call: call('users.save', { userId: 'u-admin', name: 'Alex Administrateur', role: 'administrator', isActive: false }), code: 'user_self_deactivation' },
  { name: 'user: the last administrator made a cashier', call: call('users.save', { userId: 'u-admin', name: 'Alex Administrateur', role: 'cashier', isActive: true }), code: 'last_administrator' },
  { name: 'user: a reset PIN too short', call: call('users.resetPin', { userId: 'u-cashier', pin: '999' }), code: 'pin_too_short' },
  { name: 'user: resetting an unknown user', call: call('users.resetPin', { userId: 'u-nope', pin: '918273' }), code: 'user_not_found' },
  { name: 'changePin: the old PIN wrong (counted)', call: (t) => t.callAsync('auth.changePin', { userId: 'u-cashier', pin: '000000', newPin: '918273' }, null), code: 'pin_incorrect' },
  { name: 'changePin: a new PIN too short', call: (t) => t.callAsync('auth.changePin', { userId: 'u-cashier', pin: '123456', newPin: '12345' }, null), code: 'pin_too_short', details: { field: 'newPin' } },
  { name: 'changePin: the same PIN again', call: (t) => t.callAsync('auth.changePin', { userId: 'u-cashier', pin: '123456', newPin: '123456' }, null), code: 'pin_unchanged' },
  // contacts
  { name: 'contact: an unknown one', call: call('contacts.update', { contactId: 'c-nope', kind: 'individual', name: 'X', firstName: '', email: '', phone: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH' }, 'supervisor'), code: 'contact_not_found' },
  { name: 'contact: an email without @', call: call('contacts.update', { contactId: 'c-ecole', kind: 'organization', name: 'École', firstName: '', email: 'ecole.ch', phone: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH' }, 'supervisor'), code: 'csv_field_invalid', details: { field: 'email' } },
  { name: 'CSV: no name column', call: call('contacts.importPreview', { csv: 'prénom;ville\nAnne;Sion\n' }), code: 'csv_header_invalid' },
  { name: 'CSV: a header alone', call: call('contacts.importPreview', { csv: 'nom;prénom\n' }), code: 'csv_empty' },
  { name: 'CSV: a quote left open', call: call('contacts.importPreview', { csv: 'nom;prénom\n"Dupont;Anne\n' }), code: 'csv_malformed', details: { line: 2 } },
  { name: 'CSV: more rows than one import takes', call: call('contacts.importPreview', { csv: `nom\n${'X\n'.repeat(1001)}` }), code: 'csv_too_many_rows' },
  { name: 'contact detail: an unknown one', call: call('contacts.detail', { contactId: 'c-nope' }), code: 'contact_not_found' },
  { name: 'import: the same request id with other rows', scene: (t) => t.must('contacts.import', { requestId: '01JZ0000000000000000000001', rows: [{ line: 2, contact: csvContact('Rey') }] }, 'administrator'), call: call('contacts.import', { requestId: '01JZ0000000000000000000001', rows: [{ line: 2, contact: csvContact('Moret') }] }), code: 'request_conflict' },
  { name: 'import: no rows', call: call('contacts.import', { requestId: ulid(), rows: [] }), code: 'invalid_input' },
  // reads: the history of a kind that is not configuration, the catalogue as a cashier
  { name: 'history: a kind that is not configuration', call: call('configuration.history', { kind: 'contact' as never, id: 'c-dupont' }), code: 'invalid_input' },
  { name: 'catalogue.all: by a cashier', call: call('catalogue.all', {}, 'cashier'), code: 'not_permitted', isDenied: true },
];

/** The fingerprint without the audit's rows (and the users' wrong-PIN counts) when the refusal is audited. */
function withoutAudit(fingerprint: string, isAudited: boolean): string {
  if (!isAudited) return fingerprint;
  const tables = JSON.parse(fingerprint) as Record<string, string[]>;
  delete tables.audit_log;
  delete tables.audit_seals;
  delete tables.users;
  return JSON.stringify(tables);
}

describe('every configuration method refuses what breaks a rule, changing nothing', () => {
  it.each(refusals.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const t = testTill();
    await r.scene?.(t);
    // a wrong PIN is counted (and audited) as at a login, a denial audited: nothing else
    const isAudited = r.code === 'pin_incorrect' || r.isDenied === true;
    const fingerprint = () => withoutAudit(databaseFingerprint(t.db), isAudited);
    const before = fingerprint();
    const result = await r.call(t);
    expect(result).toMatchObject({ ok: false, error: { code: r.code, ...(r.details ? { details: r.details } : {}) } });
    if (r.code === 'pin_incorrect') expect(row(t, "SELECT failed_attempts FROM users WHERE id = 'u-cashier'")).toEqual({ failed_attempts: 1 });
    else expect(fingerprint()).toBe(before);
  });
});

describe('payment methods, points of sale and tills', () => {
  it('creates a tracked deferred method and a mandate, authorises them with transfer on the point of sale, and retires one without deleting it', async () => {
    const t = testTill();
    const deferred = await admin(t, 'paymentMethods.save', tracked);
    const mandate = await admin(t, 'paymentMethods.save', method);
    expect(row(t, 'SELECT type, may_pay, may_refund, gives_change, tracking, active FROM payment_methods WHERE id = ?', deferred.id)).toEqual({ type: 'deferred', may_pay: 1, may_refund: 1, gives_change: 0, tracking: '{"installments":2,"intervalDays":30,"firstDueOffsetDays":10}', active: 1 });
    const pos = t.must('pointsOfSale.list', {}, 'administrator').find((p) => p.id === 'pos-main')!;
    const saved = await admin(t, 'pointsOfSale.save', { pointOfSaleId: 'pos-main', name: pos.name, methodIds: [...pos.methodIds, deferred.id, mandate.id, 'pm-transfer', 'pm-transfer'] });
    expect(saved.methodIds).toEqual(expect.arrayContaining([deferred.id, mandate.id, 'pm-transfer']));
    expect(t.db.prepare("SELECT method_id FROM pos_payment_methods WHERE point_of_sale_id = 'pos-main' AND method_id IN (?, ?, 'pm-transfer') ORDER BY method_id").all(deferred.id, mandate.id)).toHaveLength(3);
    // the till's own sale now offers them: a settlement by transfer is authorised here
    t.must('sessions.open', { float: [] }, 'supervisor');
    t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-plein', quantity: 1 }], buyerContactId: 'c-ecole', payments: [{ methodId: mandate.id, amountMinor: 3800 }] });
    expect(t.must('paymentMethods.all', {}, 'administrator').find((m) => m.id === mandate.id)).toMatchObject({ isUsed: true, pointOfSaleIds: ['pos-main'] });
    // retired and unauthorised in one change: the method and the payment stay
    const retired = await admin(t, 'paymentMethods.retire', { methodId: mandate.id, unauthorise: true });
    expect(retired).toMatchObject({ isActive: false, isUsed: true, pointOfSaleIds: [], version: 2 });
    expect(row(t, 'SELECT active FROM payment_methods WHERE id = ?', mandate.id)).toEqual({ active: 0 });
    expect(row(t, 'SELECT COUNT(*) AS n FROM payments WHERE method_id = ?', mandate.id)).toEqual({ n: 1 });
    expect(row(t, "SELECT COUNT(*) AS n FROM pos_payment_methods WHERE method_id = ?", mandate.id)).toEqual({ n: 0 });
  });

  it('names a second till of the box office with its point of sale and prefix', async () => {
    const t = testTill();
    const till = await admin(t, 'tills.save', { tillId: 'g2', name: 'Guichet 2', pointOfSaleId: 'pos-main', orderPrefix: 'g2' });
    expect(till).toEqual({ id: 'G2', name: 'Guichet 2', pointOfSaleId: 'pos-main', orderPrefix: 'G2', isThisTill: false, hasOrders: false, version: 1 });
    expect(t.must('tills.list', {}, 'administrator').map((x) => x.id)).toEqual(['G1', 'G2']);
  });
});

describe('the catalogue', () => {
  it('creates an event with a performance and two tariffs; a new price applies to new sales only; a performance that sold is closed, never deleted', async () => {
    const t = testTill();
    const event = await admin(t, 'events.save', { name: 'Cyrano', vatRateBp: 810 });
    const perf = await admin(t, 'performances.save', { eventId: event.id, startsAt: '2026-12-20T20:00+01:00', hall: 'Grande salle', capacity: 2 });
    expect(perf).toMatchObject({ startsAt: '2026-12-20T20:00:00+01:00', capacity: 2, isOnSale: true, hasSales: false });
    const full = await admin(t, 'tariffs.save', { eventId: event.id, name: 'Plein tarif', priceMinor: 4000 });
    await admin(t, 'tariffs.save', { eventId: event.id, name: 'Tarif réduit', priceMinor: 2500 });
    expect(full.code).toBe('plein-tarif');
    t.must('sessions.open', { float: [] });
    const sell = (amountMinor: number) => t.call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: perf.id, tariffId: full.id, quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor }] });
    expect(sell(4000).ok).toBe(true);
    await admin(t, 'tariffs.save', { tariffId: full.id, eventId: event.id, name: 'Plein tarif', priceMinor: 4500 });
    // the old price is refused now (too little paid): the new one applies
    expect(sell(4000)).toMatchObject({ ok: false, error: { code: 'payment_insufficient' } });
    expect(sell(4500).ok).toBe(true);
    expect(t.db.prepare('SELECT unit_price_minor FROM order_lines WHERE tariff_id = ? ORDER BY rowid').all(full.id)).toEqual([{ unit_price_minor: 4000 }, { unit_price_minor: 4500 }]);
    // sold: cannot be deleted, is closed instead; closed, it is no longer sold nor offered
    expect(await t.callAsync('performances.delete', { performanceId: perf.id }, 'administrator')).toMatchObject({ ok: false, error: { code: 'performance_has_sales' } });
    expect(await admin(t, 'performances.setOnSale', { performanceId: perf.id, isOnSale: false })).toMatchObject({ isOnSale: false, hasSales: true, soldHere: 2 });
    expect(sell(4500)).toMatchObject({ ok: false, error: { code: 'performance_closed' } });
    expect(t.must('catalogue.get', {}).events.find((e) => e.id === event.id)!.performances).toEqual([]);
    // a performance nothing was sold for is deleted
    const spare = await admin(t, 'performances.save', { eventId: event.id, startsAt: '2026-12-21T20:00:00+01:00', hall: 'Grande salle', capacity: 10 });
    expect(await admin(t, 'performances.delete', { performanceId: spare.id })).toEqual({ done: true });
    expect(row(t, 'SELECT 1 FROM performances WHERE id = ?', spare.id)).toBeUndefined();
    const all = t.must('catalogue.all', {}, 'administrator');
    expect(all.events.find((e) => e.id === event.id)).toMatchObject({ tariffs: [{ priceMinor: 4500, hasSales: true }, { priceMinor: 2500, hasSales: false }], performances: [{ id: perf.id, isOnSale: false }] });
  });

  it('adds items and gift vouchers, and the VAT rates the catalogue may use', async () => {
    const t = testTill();
    const settings = await admin(t, 'vatRates.save', { ratesBp: [810, 380, 260, 0, 700] });
    expect(settings.vatRatesBp).toEqual([810, 700, 380, 260, 0]);
    const item = await admin(t, 'items.save', { name: 'Badge', priceMinor: 300, vatRateBp: 700 });
    const voucher = await admin(t, 'voucherProducts.save', { name: 'Bon cadeau 20.–', valueMinor: 2000 });
    expect(row(t, 'SELECT name, price_minor, vat_rate_bp, active FROM items WHERE id = ?', item.id)).toEqual({ name: 'Badge', price_minor: 300, vat_rate_bp: 700, active: 1 });
    expect(row(t, 'SELECT value_minor, active FROM voucher_products WHERE id = ?', voucher.id)).toEqual({ value_minor: 2000, active: 1 });
  });
});

describe('users and PINs', () => {
  it('creates a user who logs in; a reset PIN must be changed at the next login, with the old PIN', async () => {
    const t = testTill();
    const nina = await admin(t, 'users.create', { name: 'Nina Caissière', role: 'cashier', pin: '918273' });
    expect(t.must('auth.login', { userId: nina.id, pin: '918273' }, null).user.role).toBe('cashier');
    const hashBefore = row(t, 'SELECT pin_hash FROM users WHERE id = ?', nina.id)!.pin_hash as Buffer;
    expect(hashBefore).toHaveLength(32); // a scrypt hash, never the PIN
    expect(await admin(t, 'users.resetPin', { userId: nina.id, pin: '555111' })).toMatchObject({ isPinChangeRequired: true });
    expect(t.call('auth.login', { userId: nina.id, pin: '555111' }, null)).toMatchObject({ ok: false, error: { code: 'pin_change_required' } });
    expect(t.call('auth.login', { userId: nina.id, pin: '918273' }, null)).toMatchObject({ ok: false, error: { code: 'pin_incorrect' } });
    expect(await t.mustAsync('auth.changePin', { userId: nina.id, pin: '555111', newPin: '20262026' }, null)).toEqual({ done: true });
    expect(row(t, 'SELECT pin_change_required FROM users WHERE id = ?', nina.id)).toEqual({ pin_change_required: 0 });
    expect(t.must('auth.login', { userId: nina.id, pin: '20262026' }, null).user.id).toBe(nina.id);
    // deactivated: cannot log in, still there
    expect(await admin(t, 'users.save', { userId: nina.id, name: 'Nina Caissière', role: 'supervisor', isActive: false })).toMatchObject({ isActive: false, role: 'supervisor' });
    expect(t.call('auth.login', { userId: nina.id, pin: '20262026' }, null)).toMatchObject({ ok: false, error: { code: 'user_inactive' } });
    // the history never holds a PIN hash, and says the PIN changed
    const history = await t.mustAsync('configuration.history', { kind: 'user', id: nina.id }, 'administrator');
    expect(history.map((h) => h.version)).toEqual([4, 3, 2, 1]);
    expect(JSON.stringify(history)).not.toMatch(/pinHash|pinSalt/);
    expect(history[1]).toMatchObject({ userId: nina.id, before: { pinChangeRequired: true }, after: { pinChangeRequired: false, pinChanged: true } });
    expect(history[2]).toMatchObject({ userId: 'u-admin', userName: 'Alex Administrateur', tillId: 'G1', after: { pinChanged: true } });
  });
});

describe('contacts', () => {
  it('corrects every field of a contact, and imports a CSV file with a preview and a report of the rows rejected', async () => {
    const t = testTill();
    const fields = { kind: 'organization', name: 'École du Bois-Gentil', firstName: '', email: 'compta@bois-gentil.example.ch', phone: '+41 22 123 45 67', street: 'Rue de Lyon', buildingNumber: '77', postcode: '1203', city: 'Genève', country: 'CH' } as const;
    const updated = t.must('contacts.update', { contactId: 'c-ecole', ...fields }, 'supervisor');
    expect(updated).toMatchObject({ id: 'c-ecole', email: 'compta@bois-gentil.example.ch', phone: '+41 22 123 45 67', street: 'Rue de Lyon', deferredAuthorised: true });
    expect(row(t, "SELECT street, building_number, phone FROM contacts WHERE id = 'c-ecole'")).toEqual({ street: 'Rue de Lyon', building_number: '77', phone: '+41 22 123 45 67' });
    // the administrator corrects a contact too (contact:update) though it creates none at the counter (contact:create)
    expect(t.must('contacts.update', { contactId: 'c-ecole', ...fields, city: 'Carouge' }, 'administrator')).toMatchObject({ city: 'Carouge' });
    expect(t.call('contacts.create', { kind: 'individual', name: 'Nouveau' } as never, 'administrator')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });

    const csv = '\uFEFFNom,Prénom,E-mail,Téléphone,Rue,No,NPA,Ville,Type\r\nRey,Anne,anne.rey@example.ch,079 111 22 33,Rue Haute,3,1950,Sion,\r\n"Bureau ""Culture"", Sion",,culture@sion.example.ch,,,,1950,Sion,organisation\r\nDupont,Marie,marie.dupont@example.ch,,,,,,\r\n,Sans nom,,,,,,,\r\nMoret,Luc,pas-un-email,,,,,,\r\n';
    const preview = t.must('contacts.importPreview', { csv }, 'administrator');
    expect(preview.delimiter).toBe(',');
    expect(preview.columns.map((c) => c.field)).toEqual(['name', 'firstName', 'email', 'phone', 'street', 'buildingNumber', 'postcode', 'city', 'kind']);
    expect(preview.rows.map((r) => [r.line, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([[2, []], [3, []], [4, ['name:contact_duplicate']], [5, ['name:csv_field_required']], [6, ['email:csv_field_invalid']]]);
    expect(preview.rows[1]!.contact).toMatchObject({ kind: 'organization', name: 'Bureau "Culture", Sion', country: 'CH' });
    expect(preview.rows[3]!.errors[0]!.message).toBe('Champ obligatoire vide : name.');
    // the duplicate is named as the screens name a person, first name first
    expect(preview.rows[2]!.errors[0]!.message).toBe('Ce contact existe déjà (Marie Dupont).');
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM contacts").get()).toEqual({ n: 7 }); // the preview writes nothing

    const valid = preview.rows.filter((r) => r.contact).map((r) => ({ line: r.line, contact: r.contact! }));
    const requestId = ulid();
    // a row imported meanwhile is rejected when the import checks again
    const sent = [...valid, { line: 9, contact: { ...valid[0]!.contact } }];
    const imported = t.must('contacts.import', { requestId, rows: sent }, 'administrator');
    expect(imported).toMatchObject({ importedCount: 2, rejected: [{ line: 9, errors: [{ field: 'name', code: 'contact_duplicate' }] }] });
    // an organisation imported may pay on account as one created at the counter (the demo's defaults: 1 000.–); a person may not
    expect(t.db.prepare('SELECT name, first_name, kind, phone, deferred_authorised, deferred_limit_minor FROM contacts WHERE id IN (?, ?) ORDER BY name').all(...imported.contactIds)).toEqual([
      { name: 'Bureau "Culture", Sion', first_name: '', kind: 'organization', phone: '', deferred_authorised: 1, deferred_limit_minor: 100000 },
      { name: 'Rey', first_name: 'Anne', kind: 'individual', phone: '079 111 22 33', deferred_authorised: 0, deferred_limit_minor: 0 },
    ]);
    // the same request again writes nothing and answers the same
    expect(t.must('contacts.import', { requestId, rows: sent }, 'administrator')).toEqual(imported);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM contacts').get()).toEqual({ n: 9 });
  });
});

describe('history', () => {
  it('keeps who changed what, before and after, with each version', async () => {
    const t = testTill();
    await admin(t, 'paymentMethods.save', { methodId: 'pm-cheque', name: 'Chèque bancaire', type: 'cheque', mayPay: true, mayRefund: false, givesChange: false, tracking: null });
    t.clock.advance(1000);
    await admin(t, 'paymentMethods.save', { methodId: 'pm-cheque', name: 'Chèque', type: 'cheque', mayPay: true, mayRefund: false, givesChange: false, tracking: null });
    const history = await t.mustAsync('configuration.history', { kind: 'method', id: 'pm-cheque' }, 'administrator');
    expect(history).toEqual([
      expect.objectContaining({ version: 2, userId: 'u-admin', tillId: 'G1', before: expect.objectContaining({ name: 'Chèque bancaire' }), after: expect.objectContaining({ name: 'Chèque', mayRefund: false }) }),
      expect.objectContaining({ version: 1, before: expect.objectContaining({ name: 'Chèque', mayRefund: true }), after: expect.objectContaining({ name: 'Chèque bancaire' }) }),
    ]);
    expect(history[0]!.atMs - history[1]!.atMs).toBe(1000);
    await admin(t, 'institution.save', { ...institution, invoicing: null, deferredDefaults: { organisationsAuthorised: true, limitMinor: 50000 } });
    expect((await t.mustAsync('configuration.history', { kind: 'institution', id: 'institution' }, 'administrator'))[0]).toMatchObject({ version: 1, before: { value: { name: 'Théâtre du Léman' } }, after: { value: { name: 'Théâtre des Bastions', deferredDefaults: { limitMinor: 50000 } } } });
    // the deferred defaults alone are a change of the institution too (versioned, audited; on an enrolled till, at the server first)
    expect(await admin(t, 'settings.setDeferredDefaults', { organisationsAuthorised: false, limitMinor: 0 })).toEqual({ organisationsAuthorised: false, limitMinor: 0 });
    expect((await t.mustAsync('configuration.history', { kind: 'institution', id: 'institution' }, 'administrator'))[0]).toMatchObject({ version: 2, after: { value: { name: 'Théâtre des Bastions', deferredDefaults: { organisationsAuthorised: false } } } });
  });
});

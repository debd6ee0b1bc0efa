// First-start data: the demo institution (a Geneva theatre selling in CHF), or a bare
// configuration with one administrator when the demo is turned off.
import { ok } from '../../shared/result.ts';
import type { Db } from '../kernel/db/connection.ts';
import { transact } from '../kernel/tx.ts';
import { setSetting } from '../kernel/config.ts';
import type { Clock } from '../kernel/context.ts';
import { hashPin } from '../kernel/pin.ts';
import { demoTillId } from '../kernel/till-identity.ts';
import { demoContacts, demoEvents, demoInstitution, demoItems, demoMethods, demoPointsOfSale, demoTariffs, demoVatRateBp, demoVenue, demoVoucherProducts, performanceStart } from '../../shared/demo-data.ts';

export { demoTillId } from '../kernel/till-identity.ts';

/** The demo users and their PINs (also printed in the README). */
export const demoUsers = [
  { id: 'u-cashier', name: 'Camille Caissière', role: 'cashier', pin: '123456' },
  { id: 'u-supervisor', name: 'Sophie Superviseure', role: 'supervisor', pin: '234567' },
  { id: 'u-technician', name: 'Théo Technicien', role: 'technician', pin: '345678' },
  { id: 'u-admin', name: 'Alex Administrateur', role: 'administrator', pin: '456789' },
] as const;

/** The demo on a till; `tillId` names it (and prefixes its order numbers) when several tills share one server. */
export function seedDemo(db: Db, clock: Clock, tillId: string = demoTillId): void {
  const now = clock.nowMs();
  transact(db, () => {
    setSetting(db, 'institution', JSON.stringify(demoInstitution));
    setSetting(db, 'this_till_id', tillId);
    setSetting(db, 'demo', 'true');
    const insertPos = db.prepare('INSERT INTO points_of_sale (id, name) VALUES (?, ?)');
    for (const pos of demoPointsOfSale) insertPos.run(pos.id, pos.name);
    db.prepare("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, ?, 'pos-main', ?)").run(tillId, tillId === demoTillId ? 'Guichet 1' : `Guichet ${tillId}`, tillId);

    const insertMethod = db.prepare(
      'INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)',
    );
    demoMethods.forEach(([id, name, type, mayPay, mayRefund, givesChange, tracking], i) => {
      insertMethod.run(id, name, type, Number(mayPay), Number(mayRefund), Number(givesChange), tracking ? JSON.stringify(tracking) : null, i);
    });
    const authorise = db.prepare('INSERT INTO pos_payment_methods (point_of_sale_id, method_id) VALUES (?, ?)');
    for (const pos of demoPointsOfSale) for (const methodId of pos.methodIds) authorise.run(pos.id, methodId);

    const insertUser = db.prepare('INSERT INTO users (id, name, role, pin_salt, pin_hash, active) VALUES (?, ?, ?, ?, ?, 1)');
    for (const u of demoUsers) {
      const { salt, hash } = hashPin(u.pin);
      insertUser.run(u.id, u.name, u.role, salt, hash);
    }

    db.prepare('INSERT INTO venues (id, name, city) VALUES (?, ?, ?)').run(demoVenue.id, demoVenue.name, demoVenue.city);
    const insertEvent = db.prepare('INSERT INTO events (id, name, venue_id, vat_rate_bp, sort) VALUES (?, ?, ?, ?, ?)');
    const insertTariff = db.prepare('INSERT INTO tariffs (id, event_id, code, name, price_minor, sort) VALUES (?, ?, ?, ?, ?, ?)');
    const insertPerformance = db.prepare('INSERT INTO performances (id, event_id, starts_at, hall, capacity) VALUES (?, ?, ?, ?, ?)');
    demoEvents.forEach((e, i) => {
      insertEvent.run(e.id, e.name, demoVenue.id, demoVatRateBp, i);
      demoTariffs.forEach(([code, name], j) => insertTariff.run(`${e.id}-${code}`, e.id, code, name, e.prices[j]!, j));
      e.dates.forEach(([offset, time], j) => insertPerformance.run(`${e.id}-p${j + 1}`, e.id, performanceStart(now, offset, time), e.hall, e.capacity));
    });

    const insertItem = db.prepare('INSERT INTO items (id, name, price_minor, vat_rate_bp, active, sort) VALUES (?, ?, ?, ?, 1, ?)');
    demoItems.forEach(([id, name, price, rate], i) => insertItem.run(id, name, price, rate, i));
    const insertVoucher = db.prepare('INSERT INTO voucher_products (id, name, value_minor, active, sort) VALUES (?, ?, ?, 1, ?)');
    demoVoucherProducts.forEach(([id, name, value], i) => insertVoucher.run(id, name, value, i));

    const insertContact = db.prepare(
      `INSERT INTO contacts (id, kind, name, first_name, email, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CH', ?, ?, ?)`,
    );
    for (const [id, kind, name, firstName, email, street, number, postcode, city, authorised, limit] of demoContacts) {
      insertContact.run(id, kind, name, firstName, email, street, number, postcode, city, Number(authorised), limit, now);
    }
    return ok(null);
  });
}

/**
 * A till with no demo: one cash method, one point of sale, its own provisional id (never
 * the demo's G1: two bare installs are two tills) and no user — the first-start set-up
 * (setup.complete, issue 16) names the institution, the till and the first administrator,
 * with the PIN they choose. New organisations may not pay on account until an
 * administrator says so.
 */
export function seedBare(db: Db, tillId: string): void {
  transact(db, () => {
    setSetting(db, 'institution', JSON.stringify({ ...demoInstitution, name: 'Mon institution', addressLines: [], vatNumber: '', invoicing: null, deferredDefaults: { organisationsAuthorised: false, limitMinor: 0 } }));
    setSetting(db, 'this_till_id', tillId);
    db.prepare("INSERT INTO points_of_sale (id, name) VALUES ('pos-main', 'Point de vente')").run();
    db.prepare("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, ?, 'pos-main', ?)").run(tillId, `Guichet ${tillId}`, tillId);
    db.prepare("INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES ('pm-cash', 'Espèces', 'cash', 1, 1, 1, NULL, 1, 0)").run();
    db.prepare("INSERT INTO pos_payment_methods (point_of_sale_id, method_id) VALUES ('pos-main', 'pm-cash')").run();
    return ok(null);
  });
}

// First-start data: the demo institution (a Geneva theatre selling in CHF), or a bare
// configuration with one administrator when the demo is turned off.
import type { Db } from '../db/connection.ts';
import { setSetting } from '../services/config.ts';
import type { Clock } from '../services/context.ts';
import { hashPin } from '../services/pin.ts';
import type { InstitutionConfig } from '../services/config.ts';

export const demoTillId = 'G1';

/** The demo users and their PINs (also printed in the README). */
export const demoUsers = [
  { id: 'u-cashier', name: 'Camille Caissière', role: 'cashier', pin: '123456' },
  { id: 'u-supervisor', name: 'Sophie Superviseure', role: 'supervisor', pin: '234567' },
  { id: 'u-technician', name: 'Théo Technicien', role: 'technician', pin: '345678' },
  { id: 'u-admin', name: 'Alex Administrateur', role: 'administrator', pin: '456789' },
] as const;

const demoInstitution: InstitutionConfig = {
  name: 'Théâtre du Léman',
  addressLines: ['Quai du Mont-Blanc 1', '1201 Genève'],
  country: 'CH',
  vatNumber: 'CHE-123.456.789 TVA',
  currency: 'CHF',
  cashStepMinor: 5,
  timeZone: 'Europe/Zurich',
  // the QR-IBAN of the SIX examples: invoices carry a QR reference that identifies them
  invoicing: { street: 'Quai du Mont-Blanc', buildingNumber: '1', postcode: '1201', city: 'Genève', iban: 'CH44 3199 9123 0008 8901 2', bic: '', paymentTermDays: 30 },
  deferredDefaults: { organisationsAuthorised: true, limitMinor: 100000 },
};

const methods = [
  // id, name, type, may pay, may refund, gives change, tracking, authorised at the counter
  ['pm-cash', 'Espèces', 'cash', 1, 1, 1, null, true],
  ['pm-card', 'Carte bancaire', 'card', 1, 1, 0, null, true],
  ['pm-cheque', 'Chèque', 'cheque', 1, 1, 0, null, true],
  ['pm-transfer', 'Virement', 'transfer', 1, 1, 0, null, false],
  ['pm-mandate', 'Mandat administratif', 'mandate', 1, 1, 0, null, false],
  ['pm-voucher', 'Bon cadeau', 'voucher', 1, 1, 0, null, true],
  ['pm-deferred', "Compte d'attente", 'deferred', 1, 1, 0, null, true],
  ['pm-deferred-3', "Compte d'attente (3 échéances)", 'deferred', 1, 1, 0, { installments: 3, intervalDays: 30, firstDueOffsetDays: 30 }, true],
  ['pm-credit', 'Solde avoir', 'credit', 1, 1, 0, null, true],
] as const;

const dayMs = 24 * 60 * 60 * 1000;

/** "YYYY-MM-DDTHH:MM:00+01:00" for a day offset from now, at a given Geneva wall-clock time. */
function performanceStart(nowMs: number, dayOffset: number, time: string): string {
  const day = new Date(nowMs + dayOffset * dayMs).toISOString().slice(0, 10);
  return `${day}T${time}:00+01:00`;
}

export function seedDemo(db: Db, clock: Clock): void {
  const now = clock.nowMs();
  db.transaction(() => {
    setSetting(db, 'institution', JSON.stringify(demoInstitution));
    setSetting(db, 'this_till_id', demoTillId);
    setSetting(db, 'demo', 'true');
    db.prepare("INSERT INTO points_of_sale (id, name) VALUES ('pos-main', 'Billetterie principale'), ('pos-web', 'Billetterie en ligne')").run();
    db.prepare("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, 'Guichet 1', 'pos-main', 'G1')").run(demoTillId);

    const insertMethod = db.prepare(
      'INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)',
    );
    const authorise = db.prepare("INSERT INTO pos_payment_methods (point_of_sale_id, method_id) VALUES ('pos-main', ?)");
    methods.forEach(([id, name, type, mayPay, mayRefund, givesChange, tracking, authorised], i) => {
      insertMethod.run(id, name, type, mayPay, mayRefund, givesChange, tracking ? JSON.stringify(tracking) : null, i);
      if (authorised) authorise.run(id);
    });

    const insertUser = db.prepare('INSERT INTO users (id, name, role, pin_salt, pin_hash, active) VALUES (?, ?, ?, ?, ?, 1)');
    for (const u of demoUsers) {
      const { salt, hash } = hashPin(u.pin);
      insertUser.run(u.id, u.name, u.role, salt, hash);
    }

    db.prepare("INSERT INTO venues (id, name, city) VALUES ('v-leman', 'Théâtre du Léman', 'Genève')").run();
    const insertEvent = db.prepare("INSERT INTO events (id, name, venue_id, vat_rate_bp, sort) VALUES (?, ?, 'v-leman', 810, ?)");
    const insertTariff = db.prepare('INSERT INTO tariffs (id, event_id, code, name, price_minor, sort) VALUES (?, ?, ?, ?, ?, ?)');
    const insertPerformance = db.prepare('INSERT INTO performances (id, event_id, starts_at, hall, capacity) VALUES (?, ?, ?, ?, ?)');
    const events = [
      { id: 'e-misanthrope', name: 'Le Misanthrope — Molière', prices: [4500, 3000, 1500], hall: 'Grande salle', capacity: 400, dates: [[3, '20:00'], [4, '20:00'], [10, '17:00']] },
      { id: 'e-quatuor', name: 'Quatuor Ébène — Beethoven', prices: [3800, 2500, 1200], hall: 'Salle de musique', capacity: 150, dates: [[5, '19:30'], [12, '19:30']] },
      { id: 'e-contes', name: 'Contes pour petites oreilles', prices: [1800, 1400, 950], hall: 'Studio', capacity: 12, dates: [[6, '10:30'], [13, '10:30']] },
    ] as const;
    events.forEach((e, i) => {
      insertEvent.run(e.id, e.name, i);
      const [plein, reduit, enfant] = e.prices;
      insertTariff.run(`${e.id}-plein`, e.id, 'plein', 'Plein tarif', plein, 0);
      insertTariff.run(`${e.id}-reduit`, e.id, 'reduit', 'Tarif réduit', reduit, 1);
      insertTariff.run(`${e.id}-enfant`, e.id, 'enfant', 'Enfant', enfant, 2);
      e.dates.forEach(([offset, time], j) => insertPerformance.run(`${e.id}-p${j + 1}`, e.id, performanceStart(now, offset, time), e.hall, e.capacity));
    });

    const insertItem = db.prepare('INSERT INTO items (id, name, price_minor, vat_rate_bp, active, sort) VALUES (?, ?, ?, ?, 1, ?)');
    insertItem.run('i-programme', 'Programme de salle', 500, 260, 0);
    insertItem.run('i-affiche', 'Affiche de la saison', 1200, 810, 1);
    insertItem.run('i-sac', 'Sac en toile', 1850, 810, 2);
    const insertVoucher = db.prepare('INSERT INTO voucher_products (id, name, value_minor, active, sort) VALUES (?, ?, ?, 1, ?)');
    insertVoucher.run('vp-50', 'Bon cadeau 50.–', 5000, 0);
    insertVoucher.run('vp-100', 'Bon cadeau 100.–', 10000, 1);

    const insertContact = db.prepare(
      `INSERT INTO contacts (id, kind, name, first_name, email, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CH', ?, ?, ?)`,
    );
    const contacts = [
      ['c-dupont', 'individual', 'Dupont', 'Marie', 'marie.dupont@example.ch', 'Rue du Rhône', '12', '1204', 'Genève', 0, 0],
      ['c-rochat', 'individual', 'Rochat', 'Lucien', 'l.rochat@example.ch', 'Avenue de Cour', '3', '1007', 'Lausanne', 0, 0],
      ['c-favre', 'individual', 'Favre', 'Élodie', 'elodie.favre@example.ch', 'Grand-Rue', '45', '1260', 'Nyon', 0, 0],
      ['c-muller', 'individual', 'Müller', 'Jonas', 'jonas.muller@example.ch', 'Rue Saint-Joseph', '8', '1227', 'Carouge', 0, 0],
      ['c-ecole', 'organization', 'École du Bois-Gentil', '', 'secretariat@bois-gentil.example.ch', 'Chemin du Bois-Gentil', '9', '1203', 'Genève', 1, 200000],
      ['c-amis', 'organization', 'Association Les Amis du Théâtre', '', 'contact@amis-theatre.example.ch', 'Place Neuve', '2', '1204', 'Genève', 1, 500000],
      ['c-mairie', 'organization', 'Mairie de Carouge', '', 'culture@carouge.example.ch', 'Place du Marché', '14', '1227', 'Carouge', 1, 1000000],
    ] as const;
    for (const c of contacts) insertContact.run(...c, now);
  }).immediate();
}

/** A till with no demo: one administrator whose PIN is printed once at first start. */
export function seedBare(db: Db, adminPin: string): void {
  db.transaction(() => {
    setSetting(db, 'institution', JSON.stringify({ ...demoInstitution, name: 'Mon institution', addressLines: [], vatNumber: '', invoicing: null }));
    setSetting(db, 'this_till_id', demoTillId);
    db.prepare("INSERT INTO points_of_sale (id, name) VALUES ('pos-main', 'Point de vente')").run();
    db.prepare("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, 'Guichet 1', 'pos-main', 'G1')").run(demoTillId);
    db.prepare("INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES ('pm-cash', 'Espèces', 'cash', 1, 1, 1, NULL, 1, 0)").run();
    db.prepare("INSERT INTO pos_payment_methods (point_of_sale_id, method_id) VALUES ('pos-main', 'pm-cash')").run();
    const { salt, hash } = hashPin(adminPin);
    db.prepare("INSERT INTO users (id, name, role, pin_salt, pin_hash, active) VALUES ('u-admin', 'Administrateur', 'administrator', ?, ?, 1)").run(salt, hash);
  }).immediate();
}

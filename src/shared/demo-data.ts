// The demo institution (a Geneva theatre selling in CHF) as plain records: the till seeds
// its first start from them, and the ledger server its demo master data, so both agree.
import type { z } from 'zod';
import type { Institution } from './api/schemas.ts';
import type { SyncRecord } from './api/sync-records.ts';

export const demoInstitution: z.infer<typeof Institution> = {
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

export const demoMethods = [
  // id, name, type, may pay, may refund, gives change, tracking, authorised at the counter, on the web shop
  ['pm-cash', 'Espèces', 'cash', true, true, true, null, true, false],
  ['pm-card', 'Carte bancaire', 'card', true, true, false, null, true, true],
  ['pm-cheque', 'Chèque', 'cheque', true, true, false, null, true, false],
  ['pm-voucher', 'Bon cadeau', 'voucher', true, true, false, null, true, true],
  ['pm-deferred', 'Compte d’attente', 'deferred', true, true, false, null, true, true],
  ['pm-deferred-3', 'Compte d’attente (3 échéances)', 'deferred', true, true, false, { installments: 3, intervalDays: 30, firstDueOffsetDays: 30 }, true, true],
  ['pm-credit', 'Solde avoir', 'credit', true, true, false, null, true, true],
  // the seed's settlement instruments (issue 16): authorised at the counter, where an invoice on account is settled; last, so that the sale's method shortcuts stay
  ['pm-transfer', 'Virement', 'transfer', true, true, false, null, true, false],
  ['pm-mandate', 'Mandat administratif', 'mandate', true, true, false, null, true, false],
] as const;

export const demoPointsOfSale = [
  { id: 'pos-main', name: 'Billetterie principale', methodIds: demoMethods.filter((m) => m[7]).map((m) => m[0]) },
  { id: 'pos-web', name: 'Billetterie en ligne', methodIds: demoMethods.filter((m) => m[8]).map((m) => m[0]) },
];

export const demoVenue = { id: 'v-leman', name: 'Théâtre du Léman', city: 'Genève' };

export const demoEvents = [
  { id: 'e-misanthrope', name: 'Le Misanthrope — Molière', prices: [4500, 3000, 1500], hall: 'Grande salle', capacity: 400, dates: [[3, '20:00'], [4, '20:00'], [10, '17:00']] },
  { id: 'e-quatuor', name: 'Quatuor Ébène — Beethoven', prices: [3800, 2500, 1200], hall: 'Salle de musique', capacity: 150, dates: [[5, '19:30'], [12, '19:30']] },
  { id: 'e-contes', name: 'Contes pour petites oreilles', prices: [1800, 1400, 950], hall: 'Studio', capacity: 12, dates: [[6, '10:30'], [13, '10:30']] },
] as const;
export const demoTariffs = [
  ['plein', 'Plein tarif'],
  ['reduit', 'Tarif réduit'],
  ['enfant', 'Enfant'],
] as const;
export const demoVatRateBp = 810;

export const demoItems = [
  ['i-programme', 'Programme de salle', 500, 260],
  ['i-affiche', 'Affiche de la saison', 1200, 810],
  ['i-sac', 'Sac en toile', 1850, 810],
] as const;
export const demoVoucherProducts = [
  ['vp-50', 'Bon cadeau 50.–', 5000],
  ['vp-100', 'Bon cadeau 100.–', 10000],
] as const;

export const demoContacts = [
  // id, kind, name, first name, email, street, number, postcode, city, deferred authorised, limit
  ['c-dupont', 'individual', 'Dupont', 'Marie', 'marie.dupont@example.ch', 'Rue du Rhône', '12', '1204', 'Genève', false, 0],
  ['c-rochat', 'individual', 'Rochat', 'Lucien', 'l.rochat@example.ch', 'Avenue de Cour', '3', '1007', 'Lausanne', false, 0],
  ['c-favre', 'individual', 'Favre', 'Élodie', 'elodie.favre@example.ch', 'Grand-Rue', '45', '1260', 'Nyon', false, 0],
  ['c-muller', 'individual', 'Müller', 'Jonas', 'jonas.muller@example.ch', 'Rue Saint-Joseph', '8', '1227', 'Carouge', false, 0],
  ['c-ecole', 'organization', 'École du Bois-Gentil', '', 'secretariat@bois-gentil.example.ch', 'Chemin du Bois-Gentil', '9', '1203', 'Genève', true, 200000],
  ['c-amis', 'organization', 'Association Les Amis du Théâtre', '', 'contact@amis-theatre.example.ch', 'Place Neuve', '2', '1204', 'Genève', true, 500000],
  ['c-mairie', 'organization', 'Mairie de Carouge', '', 'culture@carouge.example.ch', 'Place du Marché', '14', '1227', 'Carouge', true, 1000000],
] as const;

const dayMs = 24 * 60 * 60 * 1000;

/** "YYYY-MM-DDTHH:MM:00+01:00" for a day offset from now, at a given Geneva wall-clock time. */
export function performanceStart(nowMs: number, dayOffset: number, time: string): string {
  const day = new Date(nowMs + dayOffset * dayMs).toISOString().slice(0, 10);
  return `${day}T${time}:00+01:00`;
}

/** The demo as the server's master data records (performances dated from `nowMs`). */
export function demoRecords(nowMs: number): SyncRecord[] {
  const records: SyncRecord[] = [{ kind: 'setting', id: 'institution', body: { key: 'institution', value: JSON.stringify(demoInstitution) } }];
  demoMethods.forEach(([id, name, type, mayPay, mayRefund, givesChange, tracking], sort) =>
    records.push({ kind: 'method', id, body: { id, name, type, mayPay, mayRefund, givesChange, tracking, active: true, sort } }),
  );
  for (const pos of demoPointsOfSale) records.push({ kind: 'pointOfSale', id: pos.id, body: pos });
  records.push({ kind: 'venue', id: demoVenue.id, body: demoVenue });
  demoEvents.forEach((e, sort) => {
    records.push({ kind: 'event', id: e.id, body: { id: e.id, name: e.name, venueId: demoVenue.id, vatRateBp: demoVatRateBp, sort } });
    demoTariffs.forEach(([code, name], i) => {
      const id = `${e.id}-${code}`;
      records.push({ kind: 'tariff', id, body: { id, eventId: e.id, code, name, priceMinor: e.prices[i]!, sort: i } });
    });
    e.dates.forEach(([offset, time], j) => {
      const id = `${e.id}-p${j + 1}`;
      records.push({ kind: 'performance', id, body: { id, eventId: e.id, startsAt: performanceStart(nowMs, offset, time), hall: e.hall, capacity: e.capacity } });
    });
  });
  demoItems.forEach(([id, name, priceMinor, vatRateBp], sort) => records.push({ kind: 'item', id, body: { id, name, priceMinor, vatRateBp, active: true, sort } }));
  demoVoucherProducts.forEach(([id, name, valueMinor], sort) => records.push({ kind: 'voucherProduct', id, body: { id, name, valueMinor, active: true, sort } }));
  for (const [id, kind, name, firstName, email, street, buildingNumber, postcode, city, deferredAuthorised, deferredLimitMinor] of demoContacts) {
    records.push({ kind: 'contact', id, body: { id, kind, name, firstName, email, street, buildingNumber, postcode, city, country: 'CH', deferredAuthorised, deferredLimitMinor } });
  }
  return records;
}

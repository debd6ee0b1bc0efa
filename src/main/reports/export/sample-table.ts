// A credit-movement report table built from a formula: fixtures for the exporters' tests and previews.
import type { ReportColumn, ReportRow, ReportTable } from './table.ts';

const contacts = ['Hélène Bérard', 'François Çelik', 'Jürgen Über', 'Zoé Müller', 'Ève Lefèvre', 'Noël Dupré', 'Ünal Kaçar'];
const methods = ['Solde avoir', 'Espèces', 'Bon cadeau 50 €', 'Carte', 'Virement CHF'];
const tills = ['Caisse 1 – Hall', 'Caisse 2 – Billetterie'];

export const sampleColumns: readonly ReportColumn[] = [
  { key: 'date', label: 'Date', align: 'left', kind: 'date' },
  { key: 'till', label: 'Caisse', align: 'left', kind: 'text' },
  { key: 'contact', label: 'Contact', align: 'left', kind: 'text' },
  { key: 'order', label: 'Commande', align: 'left', kind: 'text' },
  { key: 'method', label: 'Moyen de paiement', align: 'left', kind: 'text' },
  { key: 'amount', label: 'Montant', align: 'right', kind: 'money' },
  { key: 'balance', label: 'Solde', align: 'right', kind: 'money' },
];

/** 24.11.2026 08:00 in Zurich (UTC+1 in November). */
export const sampleStartMs = Date.UTC(2026, 10, 24, 7, 0);

/** The amount of movement i in centimes: credits and debits, large and small, never a float. */
export function sampleAmountMinor(i: number): number {
  if (i === 0) return 123_456_789; // 1 234 567.89: two group separators
  const magnitude = ((i * 7919) % 250_000) + 5;
  return i % 3 === 0 ? -magnitude : magnitude;
}

export function sampleRows(count: number): ReportRow[] {
  let balanceMinor = 0;
  const rows: ReportRow[] = [];
  for (let i = 0; i < count; i++) {
    balanceMinor += sampleAmountMinor(i);
    rows.push({
      date: sampleStartMs + i * 37 * 60_000,
      till: tills[i % tills.length]!,
      contact: contacts[i % contacts.length]!,
      order: i % 4 === 0 ? null : `CMD-2026-${String(1000 + i)}`,
      method: methods[i % methods.length]!,
      amount: sampleAmountMinor(i),
      balance: balanceMinor,
    });
  }
  return rows;
}

export function sampleTable(count: number, overrides: Partial<ReportTable> = {}): ReportTable {
  const rows = sampleRows(count);
  const totalMinor = rows.reduce((sum, row) => sum + (row['amount'] as number), 0);
  return {
    title: 'Bordereau des mouvements de compte d’avoir',
    subtitleLines: ['Période : du 24.11.2026 au 30.11.2026', 'Caisses : Caisse 1 – Hall, Caisse 2 – Billetterie'],
    generatedAt: 'Édité le 30.11.2026 à 18:42 par Zoé Müller',
    columns: sampleColumns,
    rows,
    totals: { till: `Total (${count} mouvements)`, amount: totalMinor },
    currency: 'CHF',
    locale: 'fr-CH',
    timeZone: 'Europe/Zurich',
    institution: { name: 'Théâtre de l’Étoile', addressLines: ['Rue du Rhône 12', '1204 Genève'] },
    fileStem: 'bordereau-avoir-2026-11-30',
    ...overrides,
  };
}

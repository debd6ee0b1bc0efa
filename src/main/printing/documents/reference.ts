// A reference receipt with every block (lines, VAT at two rates, cash with change and
// rounding, credit balance, a voucher, installments): the golden file's source, and the
// benchmark's 40-line receipt; and a reference invoice for the invoice copy's golden file.
import type { RenderContext } from './render-context.ts';
import type { ReceiptData } from './receipt.ts';
import type { InvoiceCopyData } from './invoice-copy.ts';

export const referenceContext: RenderContext = { language: 'fr', country: 'CH', currency: 'CHF', timeZone: 'Europe/Zurich' };

export function referenceReceipt(extraLines = 0): ReceiptData {
  const lines = [
    { label: 'Le Misanthrope - Molière - Plein tarif', detail: '27.11.2026 20:00 · Grande salle', quantity: 2, unitPriceMinor: 4500, totalMinor: 9000 },
    { label: 'Programme de salle', detail: '', quantity: 1, unitPriceMinor: 500, totalMinor: 500 },
    { label: 'Bon cadeau 50.–', detail: '', quantity: 1, unitPriceMinor: 5000, totalMinor: 5000 },
    ...Array.from({ length: extraLines }, (_, i) => ({ label: `Boisson ${i + 1}`, detail: '', quantity: 1, unitPriceMinor: 350, totalMinor: 350 })),
  ];
  const extraMinor = extraLines * 350;
  return {
    header: { institutionName: 'Théâtre du Léman', addressLines: ['Quai du Mont-Blanc 1', '1201 Genève'], vatNumber: 'CHE-123.456.789 TVA', tillName: 'Guichet 1' },
    orderNumber: 'G1-000042',
    createdAtMs: Date.UTC(2026, 10, 24, 9, 30),
    userName: 'Camille Caissière',
    buyerName: 'Élise Dupont',
    lines,
    vat: [
      { rateBp: 260, grossMinor: 500 + extraMinor, netMinor: 487 + extraMinor - Math.floor(extraMinor / 40), vatMinor: 13 + Math.floor(extraMinor / 40) },
      { rateBp: 810, grossMinor: 9000, netMinor: 8326, vatMinor: 674 },
    ],
    totalMinor: 14500 + extraMinor,
    payments: [
      { methodName: 'Solde avoir', isCash: false, amountMinor: 2000, tenderedMinor: 2000, changeMinor: 0, toCreditMinor: 0, reference: '' },
      { methodName: 'Espèces', isCash: true, amountMinor: 12500 + extraMinor, tenderedMinor: 13000 + extraMinor, changeMinor: 500, toCreditMinor: 0, reference: '' },
    ],
    changeMinor: 500,
    roundingMinor: 0,
    credit: { usedMinor: 2000, leftMinor: 123450 },
    vouchers: [{ code: 'GV-ABCD-EFGH', valueMinor: 5000 }],
    schedule: [],
  };
}

/** A reference invoice: two orders (one billed in part, over three installments), two VAT rates, a QR reference. */
export function referenceInvoice(): InvoiceCopyData {
  return {
    header: referenceReceipt().header,
    number: 'F-G1-000007',
    kind: 'invoice',
    cancelsNumber: null,
    issuedAtMs: Date.UTC(2026, 10, 24, 9, 45),
    billing: { name: 'École des Pâquis', addressLines: ['Rue de Berne 50', '1201 Genève'] },
    orders: [
      {
        number: 'G1-000042',
        createdAtMs: Date.UTC(2026, 10, 24, 9, 30),
        lines: [
          { label: 'Le Misanthrope - Molière - Groupe scolaire', quantity: 24, totalMinor: 36000 },
          { label: 'Programme de salle', quantity: 2, totalMinor: 1000 },
        ],
        totalMinor: 37000,
        invoicedMinor: 30000,
      },
      { number: 'G1-000051', createdAtMs: Date.UTC(2026, 10, 25, 14, 5), lines: [{ label: 'Atelier théâtre', quantity: 1, totalMinor: 4500 }], totalMinor: 4500, invoicedMinor: 4500 },
    ],
    vat: [
      { rateBp: 260, grossMinor: 1000, netMinor: 975, vatMinor: 25 },
      { rateBp: 810, grossMinor: 40500, netMinor: 37466, vatMinor: 3034 },
    ],
    totalMinor: 34500,
    dueDate: '2026-12-24',
    installments: [
      { seq: 1, count: 3, dueDate: '2026-12-24', amountMinor: 10000 },
      { seq: 1, count: 1, dueDate: '2026-12-25', amountMinor: 4500 },
      { seq: 2, count: 3, dueDate: '2027-01-24', amountMinor: 10000 },
      { seq: 3, count: 3, dueDate: '2027-02-24', amountMinor: 10000 },
    ],
    reference: '210000000003139471430009017',
    iban: 'CH44 3199 9123 0008 8901 2',
  };
}

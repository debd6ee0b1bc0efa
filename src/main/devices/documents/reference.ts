// A reference receipt with every block (lines, VAT at two rates, cash with change and
// rounding, credit balance, a voucher, installments): the golden file's source, and the
// benchmark's 40-line receipt.
import type { RenderContext } from './render-context.ts';
import type { ReceiptData } from './receipt.ts';

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
    buyerName: 'Dupont Élise',
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

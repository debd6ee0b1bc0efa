// Long names on narrow paper: a label wraps to more rows, an amount or a VAT base is never
// cut, on 58 mm (32 columns) as on 80 mm (42 and 48), read back by the virtual printer.
// And a cut is not followed by a line feed that would start the next ticket blank.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printableText } from '../escpos/code-pages.ts';
import { defaultProfile, type PrintProfile } from '../escpos/profile.ts';
import { DocumentWriter, unbreakable } from '../escpos/writer.ts';
import { renderText } from '../virtual/index.ts';
import { renderReceipt, type ReceiptData } from './receipt.ts';
import { referenceContext, referenceReceipt } from './reference.ts';
import { Words } from './render-context.ts';
import { renderTickets, type TicketData } from './tickets.ts';

const words = new Words(referenceContext);
const profileOf = (columns: number): PrintProfile => ({ ...defaultProfile, widthMm: columns <= 32 ? 58 : 80, columns });
const tokens = (text: string) => printableText(text, 'cp858').split(/\s+/).filter(Boolean);

/** Whether the words of `phrase` follow one another somewhere in the printed text (across rows). */
function hasPhrase(printed: string, phrase: string): boolean {
  const all = tokens(printed);
  const wanted = tokens(phrase);
  return all.some((_, i) => wanted.every((w, j) => all[i + j] === w));
}

/** Whether `piece` is printed whole on one row. */
const onOneRow = (printed: string, piece: string) => printed.split('\n').some((row) => row.includes(printableText(piece, 'cp858')));

function longReceipt(): ReceiptData {
  const base = referenceReceipt();
  return {
    ...base,
    header: { ...base.header, institutionName: 'Théâtre Municipal de Lausanne', addressLines: ['Avenue du Théâtre 12, case postale 1234', '1002 Lausanne'] },
    buyerName: 'Marie-Christine de la Tour d’Auvergne-Lauragais',
    lines: [
      { label: 'Le Misanthrope - Molière — Tarif réduit', detail: '27.11.2026 20:00 · Grande salle du Théâtre de Beaulieu', quantity: 2, unitPriceMinor: 4500, totalMinor: 9000 },
      { label: 'Abonnement saison complète 2026-2027 avec programme', detail: '', quantity: 1, unitPriceMinor: 123456780, totalMinor: 123456780 },
    ],
    vat: [
      { rateBp: 260, grossMinor: 123456780, netMinor: 120328246, vatMinor: 3128534 },
      { rateBp: 810, grossMinor: 9000, netMinor: 8326, vatMinor: 674 },
    ],
    totalMinor: 123465780,
    payments: [{ methodName: 'Carte de crédit Visa (terminal 2)', isCash: false, amountMinor: 123465780, tenderedMinor: 123465780, changeMinor: 0, toCreditMinor: 0, reference: 'AUTH 123456' }],
    changeMinor: 0,
    credit: null,
    vouchers: [],
  };
}

describe.each([32, 42, 48])('a receipt with long names on %i columns', (columns) => {
  const data = longReceipt();
  const printed = renderText(renderReceipt(data, profileOf(columns), referenceContext, 0), columns);

  it('fits every row in the paper', () => {
    for (const row of printed.split('\n')) expect(row.length, row).toBeLessThanOrEqual(columns);
  });

  it('keeps every word of the venue, the buyer, the lines and their details, and the payments', () => {
    const phrases = [
      data.header.institutionName,
      ...data.header.addressLines,
      data.buyerName!,
      ...data.lines.flatMap((l) => [l.label, l.detail]),
      `${data.payments[0]!.methodName} (${data.payments[0]!.reference})`,
    ];
    for (const phrase of phrases.filter(Boolean)) expect(hasPhrase(printed, phrase), phrase).toBe(true);
  });

  it('prints every amount and every VAT base whole, on one row', () => {
    const amounts = [...data.lines.map((l) => l.totalMinor), data.totalMinor, ...data.vat.flatMap((v) => [v.grossMinor, v.vatMinor]), 4500];
    for (const minor of amounts) expect(onOneRow(printed, words.money(minor)), words.money(minor)).toBe(true);
    for (const v of data.vat) expect(hasPhrase(printed, `TVA ${words.rate(v.rateBp)} sur ${words.money(v.grossMinor)} ${words.money(v.vatMinor)}`), `VAT ${v.rateBp}`).toBe(true);
  });

  it('ends a line\'s label with its amount, on the label\'s last row or right below it', () => {
    const rows = printed.split('\n');
    const end = rows.findIndex((r) => r.includes('réduit'));
    expect([rows[end], rows[end + 1]].filter((r) => r!.endsWith(' 90.00 CHF'))).toHaveLength(1);
  });
});

describe('tickets on 58 mm', () => {
  const data: TicketData = {
    institutionName: 'Théâtre Municipal de Lausanne',
    orderNumber: 'G1-000042',
    tickets: [1, 2, 3].map((n) => ({
      barcode: `12345678901234${n}0`,
      eventName: 'Le Misanthrope ou l’Atrabilaire amoureux',
      startsAt: '2026-11-27T20:00',
      hall: 'Grande salle du Théâtre de Beaulieu',
      tariffName: 'Tarif réduit AVS/AI et étudiants',
      priceMinor: 4500,
      n,
      count: 3,
    })),
  };
  const bytes = renderTickets(data, { ...profileOf(32), ticketCode: 'code128' }, referenceContext, 0);
  const printed = renderText(bytes, 32);

  it('keeps the venue, the hall and the tariff whole, with the price', () => {
    for (const phrase of [data.institutionName, `Salle : ${data.tickets[0]!.hall}`, data.tickets[0]!.tariffName]) expect(hasPhrase(printed, phrase), phrase).toBe(true);
    expect(printed).toContain('Tarif réduit AVS/AI et étudiants\n                       45.00 CHF\n');
    expect(printed.split('Tarif réduit AVS/AI et étudiants\n').length - 1).toBe(3);
  });

  it('sends no line feed after a cut: the next ticket starts at the cut', () => {
    const cuts = [...Buffer.from(bytes).toString('latin1').matchAll(/\x1dV\x01/g)].map((m) => m.index);
    expect(cuts).toHaveLength(3);
    for (const at of cuts) expect(bytes[at + 3], `byte after the cut at ${at}`).not.toBe(0x0a);
    expect(bytes.length).toBe(cuts.at(-1)! + 3);
  });
});

describe('DocumentWriter.pair', () => {
  const word = fc.stringMatching(/^[A-Za-zéèàçô’-]{1,14}$/);
  it('keeps every word of the label and the amount whole, in every width (property)', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.constantFrom(32, 42, 48), fc.boolean(), (labelWords, minor, columns, isIndented) => {
        const label = `${isIndented ? '  ' : ''}${labelWords.join(' ')}`;
        const amount = printableText(words.money(minor), 'cp858');
        const printed = renderText(new DocumentWriter(profileOf(columns)).pair(label, amount).bytes(), columns);
        const rows = printed.split('\n').filter(Boolean);
        expect(rows.every((r) => r.length <= columns)).toBe(true);
        expect(rows.at(-1)!.endsWith(amount)).toBe(true);
        expect(tokens(printed)).toEqual([...tokens(label), ...tokens(amount)]);
      }),
      { numRuns: 300 },
    );
  });

  it('wraps a phrase held together by unbreakable() as one word', () => {
    const printed = renderText(new DocumentWriter(profileOf(32)).pair(`Taxe sur la valeur ajoutée 8,1 % sur ${unbreakable('1 234 567.80 CHF')}`, '99 999.99 CHF').bytes(), 32);
    expect(printed).toBe('Taxe sur la valeur ajoutée 8,1 %\nsur\n1 234 567.80 CHF   99 999.99 CHF\n');
  });

  it('puts the amount below a label that fits one row but not beside it, and never breaks that label', () => {
    const printed = renderText(new DocumentWriter(profileOf(32)).pair('Caisse Guichet 1', 'Camille Caissière').bytes(), 32);
    expect(printed).toBe('Caisse Guichet 1\n               Camille Caissière\n');
  });
});

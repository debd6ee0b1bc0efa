// The CSV parsed back with an independent parser: same cells, exact decimals, Excel's BOM, ";" and CRLF.
import { beforeAll, describe, expect, it } from 'vitest';
import { AssertionError } from '../../../shared/assert.ts';
import { toCsv } from './csv.ts';
import { sampleAmountMinor, sampleStartMs, sampleTable } from './sample-table.ts';
import type { ReportTable } from './table.ts';

/** RFC 4180 with ";": quoted fields may hold ";", CR, LF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      const end = closingQuote(text, i + 1);
      field = text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
    } else if (c === ';') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else {
      expect(c, `bare LF or stray character at ${i}`).not.toBe('\n');
      field += c;
      i++;
    }
  }
  expect(field === '' && fields.length === 0, 'the last record ends with CRLF').toBe(true);
  return records;
}

function closingQuote(text: string, from: number): number {
  let i = from;
  for (;;) {
    const next = text.indexOf('"', i);
    expect(next, 'unterminated quoted field').toBeGreaterThanOrEqual(0);
    if (text[next + 1] !== '"') return next;
    i = next + 2;
  }
}

/** Exact decimal text of centimes, by integer arithmetic alone. */
function decimalOf(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Zurich is UTC+1 in late November (no DST): the expected local text without Intl. */
function zurichMinute(ms: number): string {
  return new Date(ms + 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function decode(csv: Buffer): string {
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return csv.subarray(3).toString('utf8');
}

describe('toCsv', () => {
  const table = sampleTable(120);
  let text: string;
  let records: string[][];

  beforeAll(() => {
    text = decode(toCsv(table));
    records = parseCsv(text);
  });

  it('writes a header row of labels, money headings naming the currency', () => {
    expect(records[0]).toEqual(['Date', 'Caisse', 'Contact', 'Commande', 'Moyen de paiement', 'Montant (CHF)', 'Solde (CHF)']);
  });

  it('writes every row and no totals row', () => {
    expect(records).toHaveLength(1 + 120);
    expect(text).not.toContain('Total');
    expect(text.split('\r\n')).toHaveLength(1 + 120 + 1);
  });

  it('writes each cell exactly: local dates to the minute, exact decimals, text untouched', () => {
    let balance = 0;
    records.slice(1).forEach((record, i) => {
      balance += sampleAmountMinor(i);
      const row = table.rows[i]!;
      expect(record).toEqual([
        zurichMinute(sampleStartMs + i * 37 * 60_000),
        row['till'],
        row['contact'],
        row['order'] ?? '',
        row['method'],
        decimalOf(sampleAmountMinor(i)),
        decimalOf(balance),
      ]);
    });
    expect(records[1]!.slice(0, 3)).toEqual(['2026-11-24 08:00', 'Caisse 1 – Hall', 'Hélène Bérard']);
    expect(records[1]![5]).toBe('1234567.89');
    expect(records[4]![5]).toBe('-237.62');
    expect(records[3]![4]).toBe('Bon cadeau 50 €');
    expect(records.flat()).toContain('Jürgen Über');
    expect(records.flat()).toContain('François Çelik');
  });

  it('round-trips a field holding ";", quotes and a newline', () => {
    const tricky = 'Dupont; dit "le Grand"\r\nsuite\nfin';
    const csv = decode(toCsv(oneRow({ contact: tricky, amount: -5 })));
    expect(csv).toContain('"Dupont; dit ""le Grand""\r\nsuite\nfin"');
    expect(parseCsv(csv)[1]).toEqual(['', '', tricky, '', '', '-0.05', '']);
  });

  it('quotes a field holding only a line break, or only a quote', () => {
    const csv = decode(toCsv(oneRow({ contact: 'ligne 1\nligne 2', method: 'dit "Zoé"' })));
    expect(csv.split('\r\n')[1]).toBe(';;"ligne 1\nligne 2";;"dit ""Zoé""";;');
    expect(parseCsv(csv)[1]).toEqual(['', '', 'ligne 1\nligne 2', '', 'dit "Zoé"', '', '']);
  });

  it('quotes a field with edge spaces and leaves plain ones bare', () => {
    const csv = decode(toCsv(oneRow({ contact: ' Zoé ', till: 'Caisse 1' })));
    expect(csv.split('\r\n')[1]).toBe(';Caisse 1;" Zoé ";;;;');
  });

  it('neutralises a text cell Excel would run as a formula, never a number', () => {
    const csv = decode(toCsv(oneRow({ contact: '=HYPERLINK("http://x")', method: '-rabais', amount: -123450 })));
    expect(parseCsv(csv)[1]).toEqual(['', '', '\'=HYPERLINK("http://x")', '', '\'-rabais', '-1234.50', '']);
  });

  it('writes midnight as 00:00, in the table’s zone (the institution’s), not the machine’s', () => {
    const midnight = Date.UTC(2026, 10, 24, 23, 0); // 00:00 on the 25th in Zurich
    expect(parseCsv(decode(toCsv(oneRow({ date: midnight }))))[1]![0]).toBe('2026-11-25 00:00');
    const newYork = { ...oneRow({ date: midnight }), timeZone: 'America/New_York' };
    expect(parseCsv(decode(toCsv(newYork)))[1]![0]).toBe('2026-11-24 18:00');
  });

  it('writes integers plain and EUR amounts exactly', () => {
    const table: ReportTable = {
      ...oneRow({}),
      currency: 'EUR',
      columns: [
        { key: 'count', label: 'Nombre', align: 'right', kind: 'integer' },
        { key: 'total', label: 'Total EUR', align: 'right', kind: 'money' },
      ],
      rows: [{ count: 1234567, total: 100 }, { count: 0, total: 0 }],
    };
    expect(parseCsv(decode(toCsv(table)))).toEqual([['Nombre', 'Total EUR'], ['1234567', '1.00'], ['0', '0.00']]);
  });

  it('refuses a fractional amount: a float in a money cell is a bug upstream', () => {
    expect(() => toCsv(oneRow({ amount: 12.5 }))).toThrow(AssertionError);
    expect(() => toCsv(oneRow({ amount: '12.50' }))).toThrow(AssertionError);
  });
});

function oneRow(row: Record<string, string | number | null>): ReportTable {
  return { ...sampleTable(0), rows: [row], totals: undefined };
}

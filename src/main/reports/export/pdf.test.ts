// The PDF read back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm): text, pages, fonts, layout, bytes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssertionError } from '../../../shared/assert.ts';
import { toPdf } from './pdf.ts';
import { sampleAmountMinor, sampleStartMs, sampleTable } from './sample-table.ts';
import type { ReportTable } from './table.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repo = resolve(import.meta.dirname, '../../../..');
const createdAtMs = Date.UTC(2026, 10, 30, 17, 42);
const rowCount = 120;
const pageCount = 5; // landscape (7 columns do not fit portrait whole): 24 rows on page 1, 28 after
const note =
  'Remboursement partiel sur avoir — commande annulée par le client, spectacle reporté au printemps ; ' +
  'voir la note du responsable de salle, qui continue encore bien au-delà de trois lignes';

function creditTable(): ReportTable {
  const table = sampleTable(rowCount);
  const rows = [...table.rows];
  rows[3] = { ...rows[3]!, method: note };
  return { ...table, rows };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
}

async function render(name: string, table: ReportTable, atMs = createdAtMs): Promise<{ path: string; bytes: Buffer }> {
  const bytes = await toPdf(table, { createdAtMs: atMs });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

function pdfInfo(path: string): Record<string, string> {
  const lines = run('pdfinfo', ['-isodates', path]).split('\n');
  return Object.fromEntries(lines.filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

interface Word { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** Every word with its box, page by page (pdftotext -bbox). */
function pageWords(path: string): { widthPt: number; words: Word[] }[] {
  const html = run('pdftotext', ['-bbox', path, '-']);
  return html.split('<page ').slice(1).map((page) => ({
    widthPt: Number(/width="([\d.]+)"/.exec(page)![1]),
    words: [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]),
      text: m[5]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
    })),
  }));
}

/** fr-CH amounts as pdftotext reads them back: poppler turns U+202F into a plain space. */
function frChf(minor: number): string {
  const abs = Math.abs(minor);
  const units = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ' ');
  return `${minor < 0 ? '-' : ''}${units}.${String(abs % 100).padStart(2, '0')}`;
}

/** dd.mm.yyyy HH:MM in Zurich (UTC+1 in late November), without Intl. */
function frChDate(ms: number): string {
  const iso = new Date(ms + 3_600_000).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+');

/** The code points the embedded fonts' ToUnicode maps give back: what a reader copies. */
function toUnicodeCodePoints(pdf: Buffer): Set<number> {
  const points = new Set<number>();
  const latin = pdf.toString('latin1');
  for (const match of latin.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, latin.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // not a deflated stream (or a font file's tail): not a CMap
    }
    if (!text.includes('begincmap')) continue;
    for (const hex of text.matchAll(/<([0-9a-f]{4})>/gi)) points.add(Number.parseInt(hex[1]!, 16));
  }
  return points;
}

describe('toPdf: a 120-movement credit report', () => {
  let path: string;
  let bytes: Buffer;
  let layoutText: string;

  beforeAll(async () => {
    ({ path, bytes } = await render('credit', creditTable()));
    layoutText = run('pdftotext', ['-layout', path, '-']);
  });

  it('is A4 landscape, carries its metadata and the injected date, and embeds only DejaVu', () => {
    const info = pdfInfo(path);
    expect(info['Pages']).toBe(String(pageCount));
    expect(info['Page size']).toBe('841.89 x 595.28 pts (A4)');
    expect(info['CreationDate']).toBe('2026-11-30T17:42:00Z');
    expect(info['Title']).toBe('Bordereau des mouvements de compte d’avoir');
    expect(info['Author']).toBe('Théâtre de l’Étoile');
    const fonts = run('pdffonts', [path]).trim().split('\n').slice(2).map((line) => line.split(/\s+/));
    expect(fonts.map((f) => f[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    expect(fonts.every((f) => f.includes('yes'))).toBe(true);
  });

  it('prints each movement on one line, formatted in fr-CH', () => {
    let balance = 0;
    const table = creditTable();
    table.rows.forEach((row, i) => {
      balance += sampleAmountMinor(i);
      const date = frChDate(sampleStartMs + i * 37 * 60_000);
      const line = layoutText.split('\n').filter((l) => l.includes(date));
      expect(line, date).toHaveLength(1);
      const cells = [date, row['till'], row['contact'], row['order'], row['method'], frChf(sampleAmountMinor(i)), frChf(balance)];
      const fragments = cells.filter((c): c is string => typeof c === 'string').map((c) => (c === note ? `${escape('Remboursement partiel')}.*?` : escape(c)));
      const pattern = fragments.join('\\s+');
      expect(line[0]).toMatch(new RegExp(`^\\s*${pattern}\\s*$`));
    });
  });

  it('keeps accents, €, CHF and the narrow no-break spaces: nothing garbled', () => {
    for (const text of ['Théâtre de l’Étoile', 'Rue du Rhône 12', '1204 Genève', 'Hélène Bérard', 'François Çelik', 'Jürgen Über', 'Ünal Kaçar', 'Bon cadeau 50 €', 'Virement CHF', 'Montant (CHF)', '1 234 567.89']) {
      expect(layoutText).toContain(text);
    }
    expect(layoutText).not.toMatch(/[?\uFFFD]/);
    const points = toUnicodeCodePoints(bytes);
    for (const char of ['\u202F', '€', 'É', 'Ü', 'ç', 'è', '’', '–', '…']) expect(points.has(char.codePointAt(0)!), char).toBe(true);
  });

  it('draws the group separator as DejaVu’s narrow space (409/2048 em at 9 pt), not a wide or missing glyph', () => {
    const words = pageWords(path)[0]!.words;
    const last = words.findIndex((w) => w.text === '567.89');
    const [one, thousands, units] = [words[last - 2]!, words[last - 1]!, words[last]!];
    expect([one.text, thousands.text]).toEqual(['1', '234']);
    expect(thousands.xMin - one.xMax).toBeCloseTo((409 / 2048) * 9, 2);
    expect(units.xMin - thousands.xMax).toBeCloseTo((409 / 2048) * 9, 2);
  });

  it('ends with the totals, then nothing', () => {
    const total = creditTable().rows.reduce((sum, row) => sum + (row['amount'] as number), 0);
    const lines = layoutText.split('\n').filter((l) => l.includes('Total (120 mouvements)'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`Total \\(120 mouvements\\)\\s+${escape(frChf(total))}\\s*$`));
    const lastPage = run('pdftotext', ['-layout', '-f', String(pageCount), '-l', String(pageCount), path, '-']);
    expect(lastPage).toContain('Total (120 mouvements)');
  });

  it('repeats the heading row and the footer on every page; the address only on the first', () => {
    for (let page = 1; page <= pageCount; page++) {
      const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), path, '-']);
      expect(text).toMatch(/Date\s+Caisse\s+Contact\s+Commande\s+Moyen de paiement\s+Montant \(CHF\)\s+Solde \(CHF\)/);
      expect(text).toMatch(new RegExp(`Édité le 30\\.11\\.2026 à 18:42 par Zoé Müller\\s+Page ${page} / ${pageCount}\\s*$`));
      expect(text.includes('Rue du Rhône 12'), `address on page ${page}`).toBe(page === 1);
      if (page > 1) expect(text).toContain('Théâtre de l’Étoile — Bordereau des mouvements de compte d’avoir');
    }
    expect(layoutText).not.toContain(`Page ${pageCount + 1}`);
  });

  it('wraps long text inside its column and ellipsises the rest: no word overlaps another or leaves the page', () => {
    expect(layoutText).toContain('Remboursement partiel sur');
    expect(layoutText).toContain('…');
    expect(layoutText).not.toContain('trois lignes');
    const faults: string[] = [];
    for (const { widthPt, words } of pageWords(path)) {
      for (const w of words) if (w.xMin < 36 - 0.01 || w.xMax > widthPt - 36 + 0.01) faults.push(`"${w.text}" leaves the page's margins`);
      words.forEach((p, a) => {
        for (const q of words.slice(a + 1)) {
          const overlaps = p.xMin < q.xMax - 0.01 && q.xMin < p.xMax - 0.01 && p.yMin < q.yMax - 0.01 && q.yMin < p.yMax - 0.01;
          if (overlaps) faults.push(`"${p.text}" overlaps "${q.text}"`);
        }
      });
    }
    expect(faults).toEqual([]);
  });

  it('right-aligns the money columns: every amount ends on one of two edges', () => {
    for (const { words } of pageWords(path)) {
      const edges = new Set(words.filter((w) => /^-?\d+\.\d\d$/.test(w.text)).map((w) => w.xMax.toFixed(2)));
      expect(edges.size).toBe(2);
    }
  });

  it('gives the same bytes for the same table and date, other bytes for another date', async () => {
    expect((await toPdf(creditTable(), { createdAtMs })).equals(bytes)).toBe(true);
    expect((await toPdf(creditTable(), { createdAtMs: createdAtMs + 1000 })).equals(bytes)).toBe(false);
  });

  it('renders page 1 as a landscape PNG (docs/screenshots/credit-report-pdf.png with GUICHET_SCREENSHOTS=1)', () => {
    const stem = join(dir, 'credit-page-1');
    run('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', path, stem]);
    const png = readFileSync(`${stem}.png`);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(Math.abs(width - (841.89 / 72) * 80)).toBeLessThan(2);
    expect(Math.abs(height - (595.28 / 72) * 80)).toBeLessThan(2);
    if (process.env['GUICHET_SCREENSHOTS'] === '1') {
      mkdirSync(join(repo, 'docs/screenshots'), { recursive: true });
      copyFileSync(`${stem}.png`, join(repo, 'docs/screenshots/credit-report-pdf.png'));
    }
  });
});

describe('toPdf: other shapes', () => {
  it('keeps a narrow EUR table portrait, formatted in fr-FR', async () => {
    const table: ReportTable = {
      ...sampleTable(0),
      currency: 'EUR',
      locale: 'fr-FR',
      columns: [
        { key: 'contact', label: 'Contact', align: 'left', kind: 'text' },
        { key: 'count', label: 'Mouvements', align: 'right', kind: 'integer' },
        { key: 'balance', label: 'Solde', align: 'right', kind: 'money' },
      ],
      rows: [{ contact: 'Hélène Bérard', count: 12345, balance: 123450 }, { contact: 'Noël Dupré', count: 2, balance: -5 }],
      totals: { contact: 'Total', count: 12347, balance: 123445 },
    };
    const { path } = await render('portrait', table);
    expect(pdfInfo(path)).toMatchObject({ Pages: '1', 'Page size': '595.28 x 841.89 pts (A4)' });
    const text = run('pdftotext', ['-layout', path, '-']);
    expect(text).toMatch(/Contact\s+Mouvements\s+Solde \(EUR\)/);
    expect(text).toMatch(/Hélène Bérard\s+12 345\s+1 234,50\s*$/m);
    expect(text).toMatch(/Noël Dupré\s+2\s+-0,05\s*$/m);
    expect(text).toMatch(/Total\s+12 347\s+1 234,45\s*$/m);
    expect(text).toMatch(/Page 1 \/ 1\s*$/m);
  });

  it('prints an empty report as its header and heading row on one page', async () => {
    const { path } = await render('empty', { ...sampleTable(0), totals: undefined });
    expect(pdfInfo(path)['Pages']).toBe('1');
    expect(run('pdftotext', ['-layout', path, '-'])).toMatch(/Montant \(CHF\)\s+Solde \(CHF\)/);
  });

  it('refuses a table too wide for A4 landscape instead of cutting numbers', () => {
    const columns = Array.from({ length: 30 }, (_, i) => ({ key: `c${i}`, label: `Montant ${i}`, align: 'right' as const, kind: 'money' as const }));
    const row = Object.fromEntries(columns.map((c) => [c.key, 123_456_789]));
    expect(() => toPdf({ ...sampleTable(0), columns, rows: [row], totals: undefined }, { createdAtMs })).toThrow(AssertionError);
  });
});

// Reports as files: the CSV parsed back equals the report on screen; the PDF's text,
// read back with poppler, carries its title, names and totals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDecimalString } from '../../shared/money/format.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const dir = mkdtempSync(join(tmpdir(), 'guichet-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const period = { fromMs: 0, toMs: Date.UTC(2030, 0, 1) };

beforeAll(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
  t.must('credit.fund', { requestId: ulid(), contactId: 'c-favre', methodId: 'pm-card', amountMinor: 123450 }, 'supervisor');
  t.must('credit.fund', { requestId: ulid(), contactId: 'c-muller', methodId: 'pm-card', amountMinor: 5000 }, 'supervisor');
  t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: 'c-muller', payments: [{ methodId: 'pm-credit', amountMinor: 500 }] });
});

/** A minimal reader of our CSV: BOM, ';' separators, CRLF, quoted fields with doubled quotes. */
function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 1);
    else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const exportOf = (request: unknown, format: 'csv' | 'pdf', language: 'fr' | 'en' = 'fr') => {
  const file = t.must('reports.export', { format, language, request } as never, 'supervisor');
  return { ...file, bytes: Buffer.from(file.contentBase64, 'base64') };
};

describe('reports as CSV', () => {
  it('the accounts tracking parses back to the rows on screen', () => {
    const onScreen = t.must('reports.creditAccounts', period, 'supervisor');
    const file = exportOf({ report: 'creditAccounts', params: period }, 'csv');
    expect(file.fileName).toMatch(/^suivi-comptes-avoir-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.mimeType).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(file.bytes);
    expect(header![0]).toBe('Contact');
    const decimal = (minor: number) => toDecimalString(minor, 'CHF');
    expect(rows).toEqual(onScreen.rows.map((r) => [r.contactName, decimal(r.openingMinor), decimal(r.creditedMinor), decimal(r.debitedMinor), decimal(r.closingMinor)]));
    expect(rows.map((r) => r[0])).toEqual(['Élodie Favre', 'Jonas Müller']);
  });

  it('the slip in English lists every movement with its kind', () => {
    const file = exportOf({ report: 'creditSlip', params: { ...period, tillIds: [] } }, 'csv', 'en');
    const [header, ...rows] = parseCsv(file.bytes);
    expect(header).toEqual(['Date', 'Till', 'Operator', 'Contact', 'Movement', 'Order', 'Method', 'Amount (CHF)']);
    expect(rows.map((r) => [r[3], r[4], r[7]])).toEqual([
      ['Élodie Favre', 'Deposit', '1234.50'],
      ['Jonas Müller', 'Deposit', '50.00'],
      ['Jonas Müller', 'Payment', '-5.00'],
    ]);
  });
});

describe('reports as PDF', () => {
  it('carries the title, the period, the names, the amounts and the totals', () => {
    const file = exportOf({ report: 'creditMovements', params: { ...period, contactIds: ['c-favre', 'c-muller'] } }, 'pdf');
    expect(file.mimeType).toBe('application/pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const path = join(dir, file.fileName);
    writeFileSync(path, file.bytes);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Suivi des mouvements des comptes d’avoir');
    expect(text).toContain('Théâtre du Léman');
    expect(text).toContain('Élodie Favre');
    expect(text).toMatch(/1 234\.50/);
    expect(text).toContain('Totaux');
    expect(text).toContain('Sophie Superviseure');
    expect(t.must('audit.list', { action: 'report.exported' }, 'supervisor')).toHaveLength(3);
  });

  it('refuses what the report refuses', () => {
    expect(t.call('reports.export', { format: 'pdf', language: 'fr', request: { report: 'creditSlip', params: { fromMs: 9, toMs: 1, tillIds: [] } } }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(t.call('reports.export', { format: 'pdf', language: 'fr', request: { report: 'creditSlip', params: { ...period, tillIds: [] } } }, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
  });
});

describe('the overdraft report as a file', () => {
  it('lists the overdrafts pulled from the ledger server, as on screen, with the tills by name', () => {
    const insert = t.db.prepare('INSERT INTO overdrafts (id, account_id, kind, contact_id, excess_minor, event_id, till_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('od-1', 'credit:c-favre', 'credit', 'c-favre', 1250, '01KAW3Z8J6Q5V7R2N4M8P0T9XY', 'G1', Date.UTC(2026, 10, 20, 9));
    insert.run('od-2', 'deferred:c-ecole', 'deferred', 'c-ecole', 48000, '01KAW41C2D3E4F5G6H7J8K9M0N', 'G9', Date.UTC(2026, 10, 21, 9));
    const onScreen = t.must('reports.overdrafts', {}, 'supervisor');
    expect(onScreen.map((r) => r.id)).toEqual(['od-2', 'od-1']);

    const csv = exportOf({ report: 'overdrafts', params: {} }, 'csv');
    expect(csv.fileName).toMatch(/^decouverts-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(csv.bytes);
    expect(header).toEqual(['Date', 'Contact', 'Compte', 'Dépassement (CHF)', 'Caisse', 'Événement']);
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['École du Bois-Gentil', 'Compte d’attente', '480.00', 'G9', '01KAW41C2D3E4F5G6H7J8K9M0N'],
      ['Élodie Favre', 'Solde avoir', '12.50', 'Guichet 1', '01KAW3Z8J6Q5V7R2N4M8P0T9XY'],
    ]);

    const one = parseCsv(exportOf({ report: 'overdrafts', params: { contactId: 'c-favre' } }, 'csv', 'en').bytes);
    expect(one[0]).toEqual(['Date', 'Contact', 'Account', 'Excess (CHF)', 'Till', 'Event']);
    expect(one.slice(1).map((r) => r[2])).toEqual(['Credit balance']);

    const pdf = exportOf({ report: 'overdrafts', params: {} }, 'pdf');
    const path = join(dir, pdf.fileName);
    writeFileSync(path, pdf.bytes);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Découverts signalés par le serveur central');
    expect(text).toContain('École du Bois-Gentil');
    expect(text).toMatch(/480\.00/);
    expect(t.call('reports.export', { format: 'csv', language: 'fr', request: { report: 'overdrafts', params: {} } }, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
  });
});

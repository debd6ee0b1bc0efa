// Files the till hands to the browser in e2e: a download caught and read back, a report's
// CSV parsed (RFC 4180 with ";", UTF-8 with a BOM, CRLF), a PDF's text (pdftotext).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { plainSpaces } from './till-page.ts';

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let isQuoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (isQuoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') isQuoted = false;
      else field += c;
    } else if (c === '"') isQuoted = true;
    else if (c === ';') {
      record.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** Clicks the button and returns the file the page downloads. */
export async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** A PDF's text in reading layout, spaces made plain. */
export function pdfText(bytes: Buffer): string {
  return plainSpaces(execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8'));
}

/**
 * A report's two files from its panel: the CSV parsed back (every record with the header's
 * fields) and the PDF's text.
 */
export async function reportFiles(page: Page, panel: Locator): Promise<{ records: string[][]; text: string }> {
  const csv = await download(page, panel.getByRole('button', { name: 'Télécharger en CSV' }));
  expect(csv.name).toMatch(/\.csv$/);
  const records = parseCsv(csv.bytes.toString('utf8'));
  expect(new Set(records.map((r) => r.length)).size, 'every record has the header’s fields').toBe(1);
  const pdf = await download(page, panel.getByRole('button', { name: 'Télécharger en PDF' }));
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  return { records, text: pdfText(pdf.bytes) };
}

/** The texts of a table row's cells, spaces made plain. */
export async function cellTexts(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allTextContents()).map((text) => plainSpaces(text).trim());
}

// Reading a printed X or Z back (text from the virtual printer's decoder) against the
// report's data: every section title and line, in order, with its amount.
import { tillReportSections, type ReportWords } from '../../shared/domain/till-report-lines.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { Words, type RenderContext } from '../printing/index.ts';
import { printableText } from '../printing/index.ts';
import { defaultProfile, type CodePage } from '../printing/index.ts';

function wordsOf(words: Words, values: ReportWords | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (values?.count !== undefined) out.count = values.count;
  if (values?.rateBp !== undefined) out.rate = words.rate(values.rateBp);
  if (values?.valueMinor !== undefined) out.value = words.money(values.valueMinor);
  if (values?.name !== undefined) out.name = values.name;
  return out;
}

/** A printed row is `label … value`; a label too long for the paper ends in "." where it was cut. */
function rowMatches(row: string, label: string, value: string | null): boolean {
  const text = row.trim();
  if (value === null) return text === label;
  if (!text.endsWith(value)) return false;
  const left = text.slice(0, text.length - value.length).trim();
  return left === label || (left.endsWith('.') && left.length > 1 && label.startsWith(left.slice(0, -1)));
}

/** Where `label … value` is printed from row `from` on: one row, or the label wrapped above its value. */
function findRow(rows: readonly string[], from: number, label: string, value: string | null): number {
  for (let i = from; i < rows.length; i++) {
    if (rowMatches(rows[i]!, label, value)) return i;
    if (value !== null && rows[i]!.trim() === label && rows[i + 1]?.trim() === value) return i + 1;
  }
  return -1;
}

/**
 * The report's lines (as "label = value") that the printed text lacks, looked for in
 * order: [] when the paper carries every line the screen shows, with the same amount.
 */
export function printedLinesMissing(
  report: TillReport,
  printedText: string,
  ctx: RenderContext = { language: 'fr', country: 'CH', currency: report.currency, timeZone: 'Europe/Zurich' },
  codePage: CodePage = defaultProfile.codePage,
): string[] {
  const words = new Words(ctx);
  const rows = printedText.split('\n');
  const missing: string[] = [];
  let at = 0;
  const find = (label: string, value: string | null) => {
    const index = findRow(rows, at, printableText(label, codePage), value === null ? null : printableText(value, codePage));
    if (index < 0) missing.push(value === null ? label : `${label} = ${value}`);
    else at = index + 1;
  };
  for (const section of tillReportSections(report)) {
    find(words.t(section.title.label, wordsOf(words, section.title.words)), null);
    for (const line of section.lines) find(words.t(line.label, wordsOf(words, line.words)), line.kind === 'money' ? words.money(line.value) : String(line.value));
  }
  return missing;
}

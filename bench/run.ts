// `npm run bench`: runs the benchmark cases, each against a baseline measured in the same
// run, and writes bench/results.json and the table in docs/benchmarks.md (DESIGN
// Quality bars). Add a figure by adding a case to `cases`.
//
//   npm run bench                          every case, 1 000 000 journal entries
//   npm run bench -- --only sale           some cases (comma-separated names)
//   npm run bench -- --sales 5000          timed sales per side (default 3000)
//   npm run bench -- --journal-entries 100000   a shorter journal (the figure is named after its size)
//   npm run bench -- --dry-run             measure and print, write nothing
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchCase, BenchOptions, Figure } from './case.ts';
import { journalVerifyCase } from './cases/journal-verify.ts';
import { saleCase } from './cases/sale.ts';
import { creditReportsCase } from './cases/credit-reports.ts';
import { deferredCase } from './cases/deferred.ts';
import { printingCase } from './cases/printing.ts';
import { syncServerCase } from './cases/sync-server.ts';
import { accountReportsCase } from './cases/account-reports.ts';
import { describeMachine, machineLine, mergeMachines, mergeTable, writeResults } from './report.ts';

export const cases: readonly BenchCase[] = [saleCase, journalVerifyCase, creditReportsCase, deferredCase, printingCase, syncServerCase, accountReportsCase];

const repo = resolve(import.meta.dirname, '..');

function positiveInteger(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${text}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      sales: { type: 'string' },
      'journal-entries': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim()) ?? null;
  const unknown = only?.filter((name) => !cases.some((c) => c.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}`);
  const options: BenchOptions = {
    sales: positiveInteger(values.sales, 3000, '--sales'),
    journalEntries: positiveInteger(values['journal-entries'], 1_000_000, '--journal-entries'),
    log: (message) => console.log(`  ${message}`),
  };

  const machine = describeMachine(repo);
  console.log(`bench on ${machineLine(machine)}`);
  const figures: Figure[] = [];
  for (const c of cases.filter((c) => !only || only.includes(c.name))) {
    console.log(`▶ ${c.name}: ${c.description}`);
    figures.push(...(await c.run(options)));
  }

  console.table(figures.map((f) => ({ name: f.name, unit: f.unit, value: Number(f.value.toPrecision(4)), baseline: f.baseline && Number(f.baseline.toPrecision(4)), ratio: f.ratio && Number(f.ratio.toFixed(2)), bar: f.bar?.text, met: f.bar?.isMet })));
  if (!values['dry-run']) {
    const runLabel = machine.dateIso.slice(0, 16).replace('T', ' ');
    writeResults(join(repo, 'bench/results.json'), figures);
    const docs = join(repo, 'docs/benchmarks.md');
    const markdown = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
    writeFileSync(docs, mergeMachines(mergeTable(markdown, figures, runLabel), runLabel, machine));
    console.log('wrote bench/results.json and docs/benchmarks.md');
  }
  const missed = figures.filter((f) => f.bar && !f.bar.isMet);
  if (missed.length > 0) console.log(`bars missed: ${missed.map((f) => f.name).join(', ')}`);
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);

// Where benchmark figures go: bench/results.json ([{name, unit, value, baseline, ratio}])
// and the generated table of docs/benchmarks.md. Both are merged by figure name, so a
// run of some cases keeps the last figures of the others.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Figure } from './case.ts';

export interface Machine {
  dateIso: string;
  nproc: number;
  cpu: string;
  memoryGb: number;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  os: string;
  commit: string;
}

export function describeMachine(repo: string): Machine {
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the figures still stand, without a commit
  }
  return {
    dateIso: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    sqlite,
    betterSqlite3: (JSON.parse(readFileSync(`${repo}/node_modules/better-sqlite3/package.json`, 'utf8')) as { version: string }).version,
    os: `${os.type()} ${os.release()}`,
    commit,
  };
}

export interface ResultRow {
  name: string;
  unit: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
}

const round = (n: number | null): number | null => (n === null ? null : Number(n.toPrecision(4)));

export function mergeResults(previous: readonly ResultRow[], figures: readonly Figure[]): ResultRow[] {
  const byName = new Map(previous.map((r) => [r.name, r]));
  for (const f of figures) byName.set(f.name, { name: f.name, unit: f.unit, value: round(f.value)!, baseline: round(f.baseline), ratio: round(f.ratio) });
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function writeResults(file: string, figures: readonly Figure[]): void {
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ResultRow[]) : [];
  writeFileSync(file, `${JSON.stringify(mergeResults(previous, figures), null, 2)}\n`);
}

const begin = '<!-- bench:table:begin (written by npm run bench) -->';
const end = '<!-- bench:table:end -->';
const header = '| figure | value | baseline | ratio | bar | met | run | note |\n|---|---|---|---|---|---|---|---|';

const fmt = (n: number | null, unit = ''): string => {
  if (n === null) return '—';
  const text = Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3);
  return unit ? `${text} ${unit}` : text;
};

export function tableRow(f: Figure, runLabel: string): string {
  const cells = [
    `\`${f.name}\``,
    fmt(f.value, f.unit),
    fmt(f.baseline, f.unit),
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.bar?.text ?? '—',
    f.bar ? (f.bar.isMet ? 'yes' : '**NO**') : '—',
    runLabel,
    f.note ?? '',
  ];
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** Replaces the rows of the figures measured now, keeps the others, in name order. */
export function mergeTable(markdown: string, figures: readonly Figure[], runLabel: string): string {
  const start = markdown.indexOf(begin);
  const stop = markdown.indexOf(end);
  const rows = new Map<string, string>();
  if (start >= 0 && stop > start) {
    for (const line of markdown.slice(start + begin.length, stop).split('\n')) {
      const name = /^\| `([^`]+)` \|/.exec(line)?.[1];
      if (name) rows.set(name, line);
    }
  }
  for (const f of figures) rows.set(f.name, tableRow(f, runLabel));
  const table = [header, ...[...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, line]) => line)].join('\n');
  const block = `${begin}\n${table}\n${end}`;
  if (start >= 0 && stop > start) return markdown.slice(0, start) + block + markdown.slice(stop + end.length);
  return `${markdown.trimEnd()}\n\n${block}\n`;
}

export function machineLine(m: Machine): string {
  return `${m.dateIso.slice(0, 10)} · commit ${m.commit} · ${m.nproc} CPU (${m.cpu}) · ${m.memoryGb} GB · ${m.os} · Node ${m.node} · SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3})`;
}

const machinesBegin = '<!-- bench:machines:begin -->';
const machinesEnd = '<!-- bench:machines:end -->';

/** Records the machine of this run under its label, keeping the lines of earlier runs still cited in the table. */
export function mergeMachines(markdown: string, runLabel: string, machine: Machine): string {
  const start = markdown.indexOf(machinesBegin);
  const stop = markdown.indexOf(machinesEnd);
  if (start < 0 || stop < start) return markdown;
  const tableStart = markdown.indexOf(begin);
  const table = tableStart >= 0 ? markdown.slice(tableStart) : '';
  const kept = markdown
    .slice(start + machinesBegin.length, stop)
    .split('\n')
    .filter((line) => {
      const label = /^- \*\*([^*]+)\*\*/.exec(line)?.[1];
      return label !== undefined && label !== runLabel && table.includes(`| ${label} |`);
    });
  const lines = [...kept, `- **${runLabel}**: ${machineLine(machine)}`];
  return `${markdown.slice(0, start)}${machinesBegin}\n${lines.join('\n')}\n${markdown.slice(stop)}`;
}

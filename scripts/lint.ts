// Project lint: the folder contracts of STYLE.md §1 (shared / main / renderer / sync, and
// inside the till the capability folders, reached only through their index.ts, on a kernel
// that imports none of them), transactions only through the kernel's, every switch ending
// in assertNever, no focused or skipped tests, no float arithmetic near money, no money
// computed in the renderer, no file grown past reading size. Exit 1 on any finding.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { rendererMoneyFindings } from './lint-renderer-money.ts';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const findings: string[] = [];

function files(dir: string): string[] {
  const out: string[] = [];
  try {
    statSync(dir);
  } catch {
    return out;
  }
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const area = (file: string) => relative(root, file).split(sep).slice(0, 2).join('/');
const importPattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** What each folder may not import (STYLE.md §1: a folder is a contract). */
const forbidden: Record<string, { pattern: RegExp; why: string }[]> = {
  'src/shared': [
    { pattern: /^node:|^(fs|path|crypto|os|child_process|net)$/, why: 'shared is pure: no Node built-ins' },
    { pattern: /^(electron|react|react-dom|better-sqlite3|hono|@hono\/)/, why: 'shared is pure: no I/O or UI libraries' },
    { pattern: /src\/(main|renderer)\//, why: 'shared imports nothing from main or renderer' },
  ],
  'src/renderer': [
    { pattern: /^node:|^(fs|path|crypto|os|child_process|net)$/, why: 'the renderer has no Node' },
    { pattern: /^(electron|better-sqlite3|hono|@hono\/)/, why: 'the renderer reaches main only through the contract' },
    { pattern: /src\/main\//, why: 'the renderer reaches main only through the contract' },
  ],
  'src/main': [{ pattern: /src\/renderer\//, why: 'main does not import the renderer' }],
  'sync/src': [{ pattern: /src\/(main|renderer)\//, why: 'the server shares only src/shared (and src/documents) with the till' }],
  // documents drawn by the till and the server alike (the invoice PDF): shared data in, bytes out
  'src/documents': [
    { pattern: /src\/(main|renderer)\//, why: 'documents are drawn by the till and the server alike: shared data only' },
    { pattern: /^(electron|react|react-dom|better-sqlite3|hono|@hono\/|kysely|@electric-sql\/)/, why: 'documents are drawn from data given: no database, UI or server' },
  ],
};

/**
 * The till's capability folders: every folder of src/main with an index.ts (its public
 * surface). Another folder imports a capability only through that index; the kernel, below
 * them all, imports none (its tests may, through the index).
 */
const mainDir = join(root, 'src', 'main');
const capabilities = new Set(
  (() => {
    try {
      return readdirSync(mainDir).filter((name) => name !== 'kernel' && statSync(join(mainDir, name)).isDirectory() && files(join(mainDir, name)).some((f) => f === join(mainDir, name, 'index.ts')));
    } catch {
      return [];
    }
  })(),
);
const folderOf = (rel: string): string | null => {
  const m = /^src\/main\/([^/]+)\//.exec(rel);
  return m ? m[1]! : null;
};

function checkCapabilityImport(rel: string, target: string, spec: string): void {
  const to = folderOf(target);
  if (!to) return;
  const from = folderOf(rel);
  const isTest = /\.test\.tsx?$/.test(rel);
  if (from === 'kernel' && !isTest && (capabilities.has(to) || target.startsWith('src/main/registry'))) {
    findings.push(`${rel}: imports ${spec} — the kernel imports no capability (it is below them all)`);
    return;
  }
  if (!capabilities.has(to) || from === to) return;
  if (target !== `src/main/${to}/index.ts`) findings.push(`${rel}: imports ${spec} — another capability is reached only through its index.ts (src/main/${to}/index.ts)`);
}

/** Every switch names each case of its union and ends in assertNever, or says why not ("lint-allow: switch"). */
function checkSwitches(rel: string, text: string): void {
  for (const match of text.matchAll(/\bswitch\s*\(([^)]*)\)\s*\{/g)) {
    let depth = 0;
    let i = match.index + match[0].length - 1;
    const start = i;
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) break;
    }
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, match.index);
    if (text.slice(start, i).includes('assertNever(') || before.includes('lint-allow: switch')) continue;
    const line = text.slice(0, match.index).split('\n').length;
    findings.push(`${rel}:${line}: switch (${match[1]}) without assertNever — a new case (a new event type, record kind…) would be silently ignored; end it in assertNever, or mark a switch over an open set "lint-allow: switch"`);
  }
}

/**
 * Transactions are the kernel's (kernel/tx.ts: transact, checkThenApply, which roll back a
 * body that refuses): a capability opening its own (`immediate(`, `db.transaction(`) would
 * commit whatever it wrote before a refusal. Tests may batch their scenes; a line that must
 * keep its own says why ("lint-allow: transaction", on it or the line before).
 */
function checkTransactions(rel: string, text: string): void {
  if (!rel.startsWith('src/main/') || rel.startsWith('src/main/kernel/') || /\.test\.tsx?$/.test(rel)) return;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || !/\bimmediate\(|\.transaction\(/.test(line)) return;
    if (line.includes('lint-allow: transaction') || (lines[i - 1] ?? '').includes('lint-allow: transaction')) return;
    findings.push(`${rel}:${i + 1}: a transaction of its own — write through the kernel's (kernel/tx.ts: checkThenApply, transact), which rolls back a refusal; or say why with "lint-allow: transaction"`);
  });
}

for (const file of files(join(root, 'src')).concat(files(join(root, 'e2e')), files(join(root, 'scripts')), files(join(root, 'bench')), files(join(root, 'sync')))) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  const rules = forbidden[area(file)] ?? (rel.startsWith('sync/src') ? forbidden['sync/src'] : []);
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2]!;
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep).join('/') : spec;
    for (const rule of rules ?? []) {
      if (rule.pattern.test(target)) findings.push(`${rel}: imports ${spec} — ${rule.why}`);
    }
    if (spec.startsWith('.')) checkCapabilityImport(rel, target, spec);
  }
  if ((rel.startsWith('src/') || rel.startsWith('sync/src/')) && !/\.test\.tsx?$/.test(file)) checkSwitches(rel, text);
  checkTransactions(rel, text);
  if (rel.startsWith('src/renderer/') && !/\.test\.tsx?$/.test(file)) findings.push(...rendererMoneyFindings(rel, text));
  if (/\.test\.tsx?$/.test(file) && file !== import.meta.filename) {
    const focused = text.match(/\b(?:it|test|describe)\.(?:only|skip|todo)\b|\bx(?:it|describe)\(/);
    if (focused) findings.push(`${rel}: ${focused[0]} — no focused, skipped or empty test reaches main`);
  }
  if (rel.startsWith('src/') || rel.startsWith('sync/')) {
    if (!/\.test\.tsx?$/.test(file)) {
      text.split('\n').forEach((line, i) => {
        if (/parseFloat\(|\.toFixed\(|Math\.round\(/.test(line) && !line.includes('lint-allow: float')) {
          findings.push(`${rel}:${i + 1}: float arithmetic (parseFloat/toFixed/Math.round) — amounts are integer minor units; mark a non-money use with "lint-allow: float"`);
        }
      });
    }
    const lines = text.split('\n').length;
    if (lines > 600) findings.push(`${rel}: ${lines} lines — split it by responsibility (STYLE.md §1)`);
  }
}

if (findings.length > 0) {
  console.error(findings.join('\n'));
  console.error(`\n${findings.length} lint finding(s)`);
  process.exit(1);
}
console.log('lint: ok');

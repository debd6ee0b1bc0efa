// Project lint: the folder contracts of STYLE.md §1, no focused or skipped tests, no
// float arithmetic near money, no file grown past reading size. Exit 1 on any finding.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

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
  'sync/src': [{ pattern: /src\/(main|renderer)\//, why: 'the server shares only src/shared with the till' }],
};

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
  }
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

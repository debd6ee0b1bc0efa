import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

function lint(tree: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-lint-'));
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync('npx', ['tsx', 'scripts/lint.ts', dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the project lint', () => {
  it('passes a tree that keeps the folder contracts', () => {
    expect(lint({ 'src/shared/a.ts': "import { z } from 'zod';\n", 'src/renderer/b.ts': "import { a } from '../shared/a.ts';\n" }).status).toBe(0);
  });

  it('passes capabilities that meet through their index.ts, on a kernel, with switches that end in assertNever', () => {
    const tree = {
      'src/shared/assert.ts': 'export function assertNever(x: never): never { throw new Error(String(x)); }\n',
      'src/main/kernel/db.ts': 'export const db = 1;\n',
      'src/main/credit/index.ts': "export { fund } from './credit.ts';\n",
      'src/main/credit/credit.ts': "import { db } from '../kernel/db.ts';\nexport const fund = db;\n",
      'src/main/selling/index.ts': 'export {};\n',
      'src/main/selling/sales.ts': "import { fund } from '../credit/index.ts';\nimport { assertNever } from '../../shared/assert.ts';\nexport function f(e: { type: 'sale' }) {\n  switch (e.type) {\n    case 'sale':\n      return fund;\n    default:\n      return assertNever(e);\n  }\n}\n",
    };
    const result = lint(tree);
    expect(result.output).toContain('lint: ok');
    expect(result.status).toBe(0);
  });

  it('passes transactions through the kernel, its own in the kernel or in a test, and one that says why it keeps its own', () => {
    const tree = {
      'src/main/kernel/tx.ts': "export const transact = (db: { transaction(f: () => void): { immediate(): void } }, f: () => void) => db.transaction(f).immediate();\n",
      'src/main/credit/index.ts': 'export {};\n',
      'src/main/credit/credit.ts': "import { transact } from '../kernel/tx.ts';\n// an IMMEDIATE transaction: db.transaction(fn).immediate() in the kernel\nexport const fund = transact;\n",
      'src/main/credit/credit.test.ts': 'db.transaction(() => {}).immediate();\n',
      'src/main/printing/index.ts': 'export {};\n',
      'src/main/printing/queue.ts': '// lint-allow: transaction (a reason)\ndb.transaction(() => {}).immediate();\n',
    };
    const result = lint(tree);
    expect(result.output).toContain('lint: ok');
    expect(result.status).toBe(0);
  });

  it.each([
    ['shared importing Node', { 'src/shared/a.ts': "import { readFileSync } from 'node:fs';\n" }, 'shared is pure'],
    ['shared importing main', { 'src/shared/a.ts': "import { x } from '../main/db.ts';\n" }, 'shared imports nothing from main'],
    ['the renderer importing main', { 'src/renderer/a.tsx': "import { openTill } from '../main/till.ts';\n" }, 'only through the contract'],
    ['the renderer importing better-sqlite3', { 'src/renderer/a.tsx': "import Database from 'better-sqlite3';\n" }, 'only through the contract'],
    // spelled in two halves so that this file does not trip the rule it tests
    ['a focused test', { 'src/main/a.test.ts': `it.${'only'}('x', () => {});\n` }, 'no focused'],
    ['a skipped test', { 'e2e/a.e2e.test.ts': `describe.${'skip'}('x', () => {});\n` }, 'no focused'],
    ['parseFloat near money', { 'src/main/a.ts': 'const amount = parseFloat(text);\n' }, 'integer minor units'],
    [
      'an import into another capability past its index.ts',
      { 'src/main/credit/index.ts': "export { fund } from './credit.ts';\n", 'src/main/credit/credit.ts': 'export const fund = 1;\n', 'src/main/selling/sales.ts': "import { fund } from '../credit/credit.ts';\n" },
      'only through its index.ts',
    ],
    [
      'the kernel importing a capability',
      { 'src/main/credit/index.ts': 'export const fund = 1;\n', 'src/main/kernel/ledger.ts': "import { fund } from '../credit/index.ts';\n" },
      'the kernel imports no capability',
    ],
    ['a capability opening its own transaction', { 'src/main/credit/index.ts': 'export {};\n', 'src/main/credit/credit.ts': 'export const f = (db: any) => db.transaction(() => 1).immediate();\n' }, 'a transaction of its own'],
    ['a capability calling immediate(', { 'src/main/deferred/deferred.ts': "import { immediate } from '../kernel/db/connection.ts';\nexport const f = (db: any) => immediate(db, () => 1);\n" }, 'a transaction of its own'],
    [
      'a switch over event types without assertNever',
      { 'src/main/sync/apply.ts': "export function apply(e: { type: 'sale' | 'refund' }) {\n  switch (e.type) {\n    case 'sale':\n      return 1;\n    default:\n      return 0;\n  }\n}\n" },
      'without assertNever',
    ],
  ])('finds %s', (_name, tree, message) => {
    const result = lint(tree);
    expect(result.status).toBe(1);
    expect(result.output).toContain(message);
  });
});

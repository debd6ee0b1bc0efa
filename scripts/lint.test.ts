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

  it.each([
    ['shared importing Node', { 'src/shared/a.ts': "import { readFileSync } from 'node:fs';\n" }, 'shared is pure'],
    ['shared importing main', { 'src/shared/a.ts': "import { x } from '../main/db.ts';\n" }, 'shared imports nothing from main'],
    ['the renderer importing main', { 'src/renderer/a.tsx': "import { openTill } from '../main/till.ts';\n" }, 'only through the contract'],
    ['the renderer importing better-sqlite3', { 'src/renderer/a.tsx': "import Database from 'better-sqlite3';\n" }, 'only through the contract'],
    // spelled in two halves so that this file does not trip the rule it tests
    ['a focused test', { 'src/main/a.test.ts': `it.${'only'}('x', () => {});\n` }, 'no focused'],
    ['a skipped test', { 'e2e/a.e2e.test.ts': `describe.${'skip'}('x', () => {});\n` }, 'no focused'],
    ['parseFloat near money', { 'src/main/a.ts': 'const amount = parseFloat(text);\n' }, 'integer minor units'],
  ])('finds %s', (_name, tree, message) => {
    const result = lint(tree);
    expect(result.status).toBe(1);
    expect(result.output).toContain(message);
  });
});

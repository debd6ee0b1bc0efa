import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOnly, rendererMoneyFindings } from './lint-renderer-money.ts';

const findings = (code: string) => rendererMoneyFindings('src/renderer/a.tsx', code);

describe('the lint rule "the renderer computes no money"', () => {
  it.each([
    ['a sum of amounts', 'const due = a.totalMinor + b.totalMinor;'],
    ['a running sum', 'for (const p of ps) paidMinor += p.amountMinor;'],
    ['an amount subtracted', 'const left = balance - t.amountMinor;'],
    ['a product', 'const total = quantity * line.unitPriceMinor;'],
    ['a negation', 'const shown = -movement.amountMinor;'],
    ['a sum by reduce', 'const due = lines.reduce((sum, l) => sum + l.totalMinor, 0);'],
    ['a clamp', 'const left = Math.max(buyer.creditBalanceMinor, 0);'],
    ['a split', 'const share = Math.min(left, m.refundableMinor);'],
    ['a division', 'const half = x.totalMinor / 2;'],
    ['the cash module', "import { denominationTotalMinor } from '../../shared/money/cash.ts';"],
    ['the tender', "import { computeTender } from '../shared/domain/tender.ts';"],
    ['an allow without a reason', 'const x = a.totalMinor + 1; // lint-allow: money ()'],
  ])('flags %s', (_, code) => {
    expect(findings(`${code}\n`)).toHaveLength(1);
  });

  it.each([
    ['an amount shown', '<Money minor={quote.totalMinor} testId="pay-total" />'],
    ['an amount formatted', "t('refund.refundable', { amount: format.money(d.refundableMinor) })"],
    ['a comparison', 'const isDue = tender.changeMinor > 0 && a.openMinor <= b.limitMinor;'],
    ['a choice between amounts the services gave', 'format.amount(account.outstandingMinor > 0 ? account.outstandingMinor : 0)'],
    ['a fallback', 'const total = quote?.totalMinor ?? 0;'],
    ['an arrow', 'const f = (x: { amountMinor: number }) => x.amountMinor;'],
    ['words in a comment', '// paid = Σ amountMinor + the rest'],
    ['words in a string', "const text = 'amountMinor + 1';"],
    ['words in a template', 'const id = `pay-${m.methodId}-total` + suffix;'],
    ['parsing', "import { parseMoney } from '../shared/money/parse.ts';"],
    ['a quantity', 'const refundable = line.quantity - line.refundedQuantity;'],
    ['a justified line', '// lint-allow: money (its size: the words carry the sign)\nconst amount = format.money(Math.abs(m.amountMinor));'],
  ])('lets %s through', (_, code) => {
    expect(findings(`${code}\n`)).toEqual([]);
  });

  it('blanks comments and strings but keeps the code and its lines', () => {
    const code = "const a = 'x - yMinor'; // b + cMinor\nconst t = `${aMinor + 1} - zMinor`;\n/* dMinor * 2 */ f();\n";
    const blanked = codeOnly(code);
    expect(blanked.split('\n')).toHaveLength(4);
    expect(blanked).not.toMatch(/yMinor|cMinor|zMinor|dMinor/);
    expect(blanked).toContain('aMinor + 1');
    expect(blanked).toContain('f();');
  });

  it('finds nothing in the renderer as it is, and lets no line through', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [join(dir, name)] : []));
    const root = join(import.meta.dirname, '..', 'src', 'renderer');
    const all = files(root).flatMap((f) => rendererMoneyFindings(f, readFileSync(f, 'utf8')));
    expect(all).toEqual([]);
    const allowed = files(root).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('lint-allow: money')).map((l) => `${f}: ${l.trim()}`));
    expect(allowed).toEqual([]); // no line of the renderer needs to be let through
  });

  it('runs in the project lint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-lint-'));
    const tree = { 'src/renderer/a.tsx': 'export const due = (a: { totalMinor: number }, b: { totalMinor: number }) => a.totalMinor + b.totalMinor;\n' };
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync('npx', ['tsx', 'scripts/lint.ts', dir], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stdout + run.stderr).toContain('src/renderer/a.tsx:1: arithmetic on an amount');
    expect(run.status).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Figure } from './case.ts';
import { mergeMachines, mergeResults, mergeTable, type Machine } from './report.ts';

const fig = (name: string, value: number, baseline: number | null = 1): Figure => ({ name, unit: 'ms', value, baseline, ratio: baseline ? value / baseline : null, bar: { text: '< 5 ms', isMet: value < 5 } });
const machine: Machine = { dateIso: '2026-11-24T10:00:00.000Z', nproc: 2, cpu: 'cpu', memoryGb: 4, node: 'v20', sqlite: '3', betterSqlite3: '12', os: 'Linux', commit: 'abc' };
const doc = '# B\n\nintro\n\n<!-- bench:table:begin (written by npm run bench) -->\n<!-- bench:table:end -->\n\n<!-- bench:machines:begin -->\n<!-- bench:machines:end -->\n\nprose after\n';

describe('bench report', () => {
  it('merges results by name, rounding to 4 significant digits', () => {
    const merged = mergeResults([{ name: 'a', unit: 'ms', value: 1, baseline: 1, ratio: 1 }, { name: 'b', unit: 's', value: 2, baseline: null, ratio: null }], [fig('a', 3.14159265, 2)]);
    expect(merged).toEqual([
      { name: 'a', unit: 'ms', value: 3.142, baseline: 2, ratio: 1.571 },
      { name: 'b', unit: 's', value: 2, baseline: null, ratio: null },
    ]);
  });

  it('replaces the rows of this run, keeps the others, and leaves the prose alone', () => {
    const first = mergeMachines(mergeTable(doc, [fig('x.one', 1), fig('x.two', 9)], 'run-1'), 'run-1', machine);
    const second = mergeMachines(mergeTable(first, [fig('x.two', 2)], 'run-2'), 'run-2', machine);
    expect(second).toContain('intro');
    expect(second).toContain('prose after');
    expect(second).toContain('| `x.one` | 1.000 ms | 1.000 ms | 1.00× | < 5 ms | yes | run-1 |');
    expect(second).toContain('| `x.two` | 2.000 ms | 1.000 ms | 2.00× | < 5 ms | yes | run-2 |');
    expect(second).not.toContain('9.000 ms');
    expect(second).toContain('- **run-1**:');
    expect(second).toContain('- **run-2**:');
    const third = mergeMachines(mergeTable(second, [fig('x.one', 1), fig('x.two', 6)], 'run-3'), 'run-3', machine);
    expect(third).not.toContain('run-1');
    expect(third).toContain('**NO**');
  });
});

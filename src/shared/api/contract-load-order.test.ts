// The contract's parts loaded before the contract: a module that imports printing-contract.ts
// or sync-contract.ts first (a test, a tool, a lazily loaded chunk) must still see the whole
// contract. When the parts imported `method` from contract.ts, this order left contract.ts
// spreading a part not yet defined: under Node's ESM a TDZ error, under vitest's loader a
// contract silently without the printing methods. The parts now import method-spec.ts.
import { describe, expect, it } from 'vitest';
import { printingContract } from './printing-contract.ts';
import { syncContract } from './sync-contract.ts';
import { contract, methodNames } from './contract.ts';

describe('the contract loaded from its parts first', () => {
  it('holds every method of every part, each with its schemas, access and summary', () => {
    const parts: Record<string, unknown> = { ...printingContract, ...syncContract };
    expect(Object.keys(parts).length).toBeGreaterThan(15);
    expect(Object.keys(parts).filter((name) => !Object.hasOwn(contract, name))).toEqual([]);
    expect(Object.keys(parts).filter((name) => contract[name as keyof typeof contract] !== parts[name])).toEqual([]);
    expect(methodNames).toEqual(Object.keys(contract));
    expect(methodNames).toEqual(expect.arrayContaining(['sales.checkout', 'printing.print', 'drawer.open', 'sync.status', 'reports.overdrafts']));
    for (const name of methodNames) {
      const spec = contract[name];
      expect(typeof spec.access, name).toBe('string');
      expect(typeof spec.input.safeParse, name).toBe('function');
      expect(typeof spec.output.safeParse, name).toBe('function');
      expect(spec.summary.length, name).toBeGreaterThan(0);
    }
  });
});

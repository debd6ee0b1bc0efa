import { describe, expect, it } from 'vitest';
import { ok, refuse } from '../../shared/result.ts';
import { openDatabase } from './db/connection.ts';
import { checkThenApply, done, plan, transact } from './tx.ts';
import type { Ctx } from './context.ts';

function db() {
  const d = openDatabase(':memory:', { migrate: false });
  d.exec('CREATE TABLE t (x INTEGER NOT NULL) STRICT');
  return d;
}
const count = (d: ReturnType<typeof db>) => (d.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;

describe('transact', () => {
  it('rolls back what a body wrote before it refused, and answers the refusal', () => {
    const d = db();
    const result = transact(d, () => {
      d.prepare('INSERT INTO t (x) VALUES (1)').run();
      d.prepare('INSERT INTO t (x) VALUES (2)').run();
      return refuse('credit_insufficient', { availableMinor: 0 });
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'credit_insufficient', details: { availableMinor: 0 } } });
    expect(count(d)).toBe(0);
  });

  it('commits what a body wrote when it answers a value', () => {
    const d = db();
    expect(transact(d, () => (d.prepare('INSERT INTO t (x) VALUES (1)').run(), ok(7)))).toEqual({ ok: true, value: 7 });
    expect(count(d)).toBe(1);
  });

  it('rolls back and rethrows on a throw (a bug or the disk, never a refusal)', () => {
    const d = db();
    expect(() =>
      transact(d, () => {
        d.prepare('INSERT INTO t (x) VALUES (1)').run();
        throw new Error('disk');
      }),
    ).toThrow('disk');
    expect(count(d)).toBe(0);
  });

  it('nests inside an outer transaction as a savepoint: the inner refusal leaves the outer rows', () => {
    const d = db();
    const outer = transact(d, () => {
      d.prepare('INSERT INTO t (x) VALUES (1)').run();
      const inner = transact(d, () => (d.prepare('INSERT INTO t (x) VALUES (2)').run(), refuse('refund_empty')));
      expect(inner.ok).toBe(false);
      return ok(count(d));
    });
    expect(outer).toEqual({ ok: true, value: 1 });
    expect(count(d)).toBe(1);
  });
});

describe('checkThenApply', () => {
  const ctx = (d: ReturnType<typeof db>) => ({ db: d }) as unknown as Ctx;
  const method = checkThenApply<{ x: number }, number, number>(
    (c, input) => {
      if (input.x < 0) return refuse('amount_invalid');
      if (input.x === 0) return done(-1);
      c.db.prepare('SELECT 1').get();
      return plan(input.x);
    },
    (c, x) => {
      c.db.prepare('INSERT INTO t (x) VALUES (?)').run(x);
      return count(c.db);
    },
  );

  it('applies the plan of a passing check', () => {
    const d = db();
    expect(method(ctx(d), { x: 5 })).toEqual({ ok: true, value: 1 });
  });

  it('writes nothing on a refused check, and answers a done value without applying', () => {
    const d = db();
    expect(method(ctx(d), { x: -1 })).toMatchObject({ ok: false, error: { code: 'amount_invalid' } });
    expect(method(ctx(d), { x: 0 })).toEqual({ ok: true, value: -1 });
    expect(count(d)).toBe(0);
  });
});

// The configuration cache: read once, dropped by any write to a configuration table on
// the connection (whoever makes it), and never keeping what a transaction may roll back.
import { describe, expect, it } from 'vitest';
import { testTill } from '../testing/fixtures.ts';
import { immediate } from './db/connection.ts';
import { authorisedMethods, institutionOf, methodFor, tillOf } from './config.ts';

const statementsOf = (t: ReturnType<typeof testTill>, run: () => void): number => {
  const proto = Object.getPrototypeOf(t.db.prepare('SELECT 1')) as Record<'get' | 'all' | 'run', (...args: unknown[]) => unknown>;
  const saved = { get: proto.get, all: proto.all, run: proto.run };
  let n = 0;
  for (const name of ['get', 'all', 'run'] as const) {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      n += 1;
      return saved[name].apply(this, args);
    };
  }
  try {
    run();
  } finally {
    Object.assign(proto, saved);
  }
  return n;
};

describe('the configuration cache', () => {
  it('reads the institution, the till and its methods once', () => {
    const t = testTill();
    institutionOf(t.db);
    methodFor(t.context, 'pm-cash');
    expect(statementsOf(t, () => {
      institutionOf(t.db);
      tillOf(t.db, t.context.tillId);
      methodFor(t.context, 'pm-card');
      authorisedMethods(t.context);
    })).toBe(0);
  });

  it('sees a change made by plain SQL on the connection: a method, an authorisation, the institution', () => {
    const t = testTill();
    expect(methodFor(t.context, 'pm-card')?.mayRefund).toBe(true);
    t.db.prepare("UPDATE payment_methods SET may_refund = 0 WHERE id = 'pm-card'").run();
    expect(methodFor(t.context, 'pm-card')?.mayRefund).toBe(false);
    t.db.prepare("DELETE FROM pos_payment_methods WHERE method_id = 'pm-card'").run();
    expect(methodFor(t.context, 'pm-card')?.isAuthorised).toBe(false);
    expect(authorisedMethods(t.context).map((m) => m.id)).not.toContain('pm-card');
    const text = JSON.stringify({ ...institutionOf(t.db), name: 'Autre théâtre' });
    t.db.prepare("UPDATE settings SET value = ? WHERE key = 'institution'").run(text);
    expect(institutionOf(t.db).name).toBe('Autre théâtre');
  });

  it('keeps nothing read inside a transaction that changed configuration and rolled back', () => {
    const t = testTill();
    const before = institutionOf(t.db).name;
    expect(() =>
      immediate(t.db, () => {
        t.db.prepare("UPDATE settings SET value = json_set(value, '$.name', 'Jamais') WHERE key = 'institution'").run();
        expect(institutionOf(t.db).name).toBe('Jamais'); // the transaction sees its own write
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(institutionOf(t.db).name).toBe(before);
    // and once settled, the cache keeps values again
    t.context.config.settle();
    institutionOf(t.db);
    expect(statementsOf(t, () => institutionOf(t.db))).toBe(0);
  });

  it('is one per connection: two contexts on one database share it', () => {
    const t = testTill();
    const other = testTill({ db: t.db });
    expect(other.context.config).toBe(t.context.config);
    t.db.prepare("UPDATE payment_methods SET name = 'Carte bancaire' WHERE id = 'pm-card'").run();
    expect(methodFor(other.context, 'pm-card')?.name).toBe('Carte bancaire');
  });
});

describe('the door’s token lookup, kept in the cache', () => {
  it('reads a token’s session once, and drops it on a logout or a change of user', () => {
    const t = testTill();
    t.must('auth.me', {});
    expect(statementsOf(t, () => t.must('auth.me', {}))).toBe(0);
    t.db.prepare("UPDATE users SET active = 0 WHERE id = 'u-cashier'").run();
    expect(t.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    t.db.prepare("UPDATE users SET active = 1 WHERE id = 'u-cashier'").run();
    t.must('auth.logout', {});
    expect(t.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });
});

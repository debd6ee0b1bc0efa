import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../shared/api/contract.ts';
import { rolePermissions } from '../../shared/permissions.ts';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { testTill } from '../testing/fixtures.ts';
import { isPublicMethod, methods, publicMethods } from '../registry.ts';

describe('login by user and PIN', () => {
  it('gives a token that works until logout', () => {
    const t = testTill();
    const login = t.must('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
    expect(login.user).toEqual({ id: 'u-cashier', name: 'Camille Caissière', role: 'cashier' });
    expect(t.dispatch('auth.me', {}, login.token)).toMatchObject({ ok: true, value: { user: { id: 'u-cashier' }, permissions: expect.arrayContaining(['sale:sell']) } });
    expect(t.dispatch('auth.logout', {}, login.token)).toEqual({ ok: true, value: { done: true } });
    expect(t.dispatch('auth.me', {}, login.token)).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(t.db.prepare("SELECT action FROM audit_log WHERE user_id = 'u-cashier' ORDER BY at_ms, id").all()).toEqual([{ action: 'auth.login' }, { action: 'auth.logout' }]);
  });

  it('expires a token after its lifetime', () => {
    const t = testTill();
    const login = t.must('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
    t.clock.advance(login.expiresAtMs - t.clock.nowMs());
    expect(t.dispatch('auth.me', {}, login.token)).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });

  it('locks a user for five minutes after five wrong PINs, and audits it', () => {
    const t = testTill();
    const wrong = () => t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null);
    for (let left = 4; left >= 1; left -= 1) {
      expect(wrong()).toMatchObject({ ok: false, error: { code: 'pin_incorrect', details: { attemptsLeft: left } } });
    }
    const locked = wrong();
    expect(locked).toMatchObject({ ok: false, error: { code: 'user_locked' } });
    if (!locked.ok) expect(locked.error.message).toMatch(/^Compte verrouillé après trop d’essais : réessayez à \d\d:\d\d\.$/);
    // even the right PIN is refused while locked
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '123456' }, null)).toMatchObject({ ok: false, error: { code: 'user_locked' } });
    t.clock.advance(5 * 60 * 1000 - 1);
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '123456' }, null)).toMatchObject({ ok: false, error: { code: 'user_locked' } });
    t.clock.advance(1);
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '123456' }, null)).toMatchObject({ ok: true });
    const actions = (t.db.prepare("SELECT action FROM audit_log WHERE user_id = 'u-cashier' ORDER BY at_ms, id").all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['auth.failed', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.locked', 'auth.login']);
  });

  it('a good PIN resets the count of wrong ones', () => {
    const t = testTill();
    for (let i = 0; i < 4; i += 1) t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null);
    t.must('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null)).toMatchObject({ ok: false, error: { code: 'pin_incorrect', details: { attemptsLeft: 4 } } });
  });

  it.each([
    [{ userId: 'u-nobody', pin: '123456' }, 'user_not_found'],
    [{ userId: 'u-cashier', pin: '12' }, 'invalid_input'],
    [{ userId: 'u-cashier', pin: 'abcdef' }, 'invalid_input'],
    [{ userId: 'u-cashier' }, 'invalid_input'],
  ])('refuses %j with %s', (input, code) => {
    const t = testTill();
    expect(t.dispatch('auth.login', input, null)).toMatchObject({ ok: false, error: { code } });
  });

  it('writes nothing on a refusal of its check (unknown, disabled or locked user), and commits a wrong PIN it refuses', () => {
    const t = testTill();
    t.db.prepare("UPDATE users SET active = 0 WHERE id = 'u-technician'").run();
    t.db.prepare("UPDATE users SET locked_until_ms = ? WHERE id = 'u-supervisor'").run(t.clock.nowMs() + 60_000);
    const before = databaseFingerprint(t.db);
    for (const [userId, code] of [['u-nobody', 'user_not_found'], ['u-technician', 'user_inactive'], ['u-supervisor', 'user_locked']] as const) {
      expect(t.call('auth.login', { userId, pin: '000000' }, null)).toMatchObject({ ok: false, error: { code } });
    }
    expect(databaseFingerprint(t.db)).toBe(before);
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null)).toMatchObject({ ok: false, error: { code: 'pin_incorrect' } });
    expect(t.db.prepare("SELECT failed_attempts FROM users WHERE id = 'u-cashier'").get()).toEqual({ failed_attempts: 1 });
  });

  it('refuses a disabled user', () => {
    const t = testTill();
    t.db.prepare("UPDATE users SET active = 0 WHERE id = 'u-cashier'").run();
    expect(t.call('auth.login', { userId: 'u-cashier', pin: '123456' }, null)).toMatchObject({ ok: false, error: { code: 'user_inactive' } });
    expect(t.call('sessions.current', {}, 'cashier')).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });
});

describe('the contract and its implementations', () => {
  it('implements every method, public ones exactly where the contract says public', () => {
    for (const name of methodNames) {
      expect(isPublicMethod(name)).toBe(contract[name].access === 'public');
      expect(Object.hasOwn(methods, name) || Object.hasOwn(publicMethods, name)).toBe(true);
    }
  });

  it('lets each role reach exactly its permissions', () => {
    const t = testTill();
    for (const [role, permissions] of Object.entries(rolePermissions)) {
      for (const name of methodNames) {
        const access = contract[name].access;
        if (access === 'public' || access === 'login') continue;
        const result = t.call(name, {} as never, role as keyof typeof rolePermissions);
        const refusedForPermission = !result.ok && result.error.code === 'not_permitted';
        expect(refusedForPermission, `${role} → ${name}`).toBe(!permissions.includes(access));
      }
    }
  });

  it('answers an unknown method with a typed refusal', () => {
    const t = testTill();
    expect(t.dispatch('orders.delete', {}, null)).toMatchObject({ ok: false, error: { code: 'unknown_method', message: 'Opération inconnue : orders.delete.' } });
  });
});

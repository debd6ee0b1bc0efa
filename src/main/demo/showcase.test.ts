// The demo's showcase (issue 17 point 8): a virtual printer, a credit balance, an open
// payment on account and a first Z, made through the services' methods.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTill, type Till } from '../till.ts';
import { runDemoShowcase } from './showcase.ts';

let till: Till | null = null;
let dir = '';
afterEach(() => {
  till?.close();
  till = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo showcase', () => {
  it('leaves a virtual printer, Élodie Favre’s balance, the École’s payment on account and a first Z with its float kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-showcase-'));
    till = openTill({ dataDir: dir, log: () => {}, sync: false });
    await runDemoShowcase(till.dispatch);
    const db = till.context.db;
    const one = <T>(sql: string) => db.prepare(sql).get() as T;
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM printers WHERE connection LIKE '%virtual%'").n).toBe(1);
    const login = till.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
    if (!login.ok) throw new Error(login.error.code);
    const token = (login.value as { token: string }).token;
    const favre = till.dispatch('contacts.get', { contactId: 'c-favre' }, token);
    expect(favre).toMatchObject({ ok: true, value: { creditBalanceMinor: 5000 } });
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM deferred_items i JOIN orders o ON o.id = i.order_id WHERE o.buyer_contact_id = 'c-ecole'").n).toBeGreaterThan(0);
    expect(till.dispatch('sessions.current', {}, token)).toMatchObject({ ok: true, value: { status: 'closed', lastZNumber: 1, lastClosing: { zNumber: 1, cashCountedMinor: 20000, floatKeptMinor: 20000, toBankMinor: 0 } } });
  });
});

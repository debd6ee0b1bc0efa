// Two tills (two processes, two connections to one database file) spend the same credit
// balance, or the same deferred-account headroom, at the same moment: the check inside the
// write transaction lets one through.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { openTill } from '../till.ts';

const repo = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'guichet-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(dataDir: string, goFile: string, ...payment: string[]) {
  const process_ = spawn(join(repo, 'node_modules/.bin/tsx'), [join(repo, 'src/main/testing/spend-child.ts'), dataDir, goFile, ...payment], { cwd: repo });
  let out = '';
  const ready = new Promise<void>((resolveReady) => {
    process_.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('READY')) resolveReady();
    });
  });
  const done = new Promise<{ ok: boolean; code?: string; details?: Record<string, unknown> }>((resolveDone, reject) => {
    process_.on('exit', (code) => (code === 0 ? resolveDone(JSON.parse(out.split('\n').filter((l) => l.startsWith('{')).pop()!)) : reject(new Error(`child exited ${code}: ${out}`))));
  });
  return { ready, done };
}

describe('two tills spending one credit balance', () => {
  it('cannot both succeed', async () => {
    const dataDir = join(dir, 'till');
    const setup = openTill({ dataDir });
    const sup = setup.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as { ok: true; value: { token: string } };
    setup.dispatch('sessions.open', { float: [] }, sup.value.token);
    expect(setup.dispatch('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 500 }, sup.value.token).ok).toBe(true);
    setup.close();

    const goFile = join(dir, 'go');
    const a = child(dataDir, goFile);
    const b = child(dataDir, goFile);
    await Promise.all([a.ready, b.ready]);
    writeFileSync(goFile, 'go');
    const results = await Promise.all([a.done, b.done]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'credit_insufficient', details: { availableMinor: 0 } }]);
    const after = openTill({ dataDir });
    expect(after.context.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'credit:c-dupont'").get()).toEqual({ balance_minor: 0 });
    expect(after.context.db.prepare("SELECT COUNT(*) AS n FROM account_movements WHERE account_id = 'credit:c-dupont'").get()).toEqual({ n: 2 });
    after.close();
  }, 60_000);

  it('cannot both pay on account past the limit', async () => {
    const dataDir = join(dir, 'till-deferred');
    const setup = openTill({ dataDir });
    const sup = setup.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as { ok: true; value: { token: string } };
    setup.dispatch('sessions.open', { float: [] }, sup.value.token);
    expect(setup.dispatch('contacts.setDeferred', { contactId: 'c-ecole', authorised: true, limitMinor: 500 }, sup.value.token).ok).toBe(true);
    setup.close();

    const goFile = join(dir, 'go-deferred');
    const a = child(dataDir, goFile, 'pm-deferred', 'c-ecole', '500');
    const b = child(dataDir, goFile, 'pm-deferred', 'c-ecole', '500');
    await Promise.all([a.ready, b.ready]);
    writeFileSync(goFile, 'go');
    const results = await Promise.all([a.done, b.done]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'deferred_limit_exceeded', details: { availableMinor: 0 } }]);
    const after = openTill({ dataDir });
    expect(after.context.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'deferred:c-ecole'").get()).toEqual({ balance_minor: 500 });
    after.close();
  }, 60_000);
});

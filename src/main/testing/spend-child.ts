// A second till process for race tests: opens the same data folder, logs in, says READY,
// waits for the go file, then pays once with the given method (the buyer's credit balance,
// or its deferred account) and prints the answer.
import { existsSync } from 'node:fs';
import { ulid } from 'ulid';
import { openTill } from '../till.ts';

const [dataDir, goFile, methodId = 'pm-credit', contactId = 'c-dupont', amountText = '500'] = process.argv.slice(2) as [string, string, string?, string?, string?];
const till = openTill({ dataDir, log: () => {} });
const login = till.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
if (!login.ok) throw new Error('login failed');
const token = (login.value as { token: string }).token;
const input = {
  requestId: ulid(),
  lines: [{ kind: 'item', itemId: 'i-programme', quantity: Number(amountText) / 500 }],
  buyerContactId: contactId,
  payments: [{ methodId, amountMinor: Number(amountText) }],
};
process.stdout.write('READY\n');
const deadline = Date.now() + 20_000;
while (!existsSync(goFile)) {
  if (Date.now() > deadline) throw new Error('no go');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}
const result = till.dispatch('sales.checkout', input, token);
process.stdout.write(`${JSON.stringify(result.ok ? { ok: true } : { ok: false, code: result.error.code, details: result.error.details })}\n`);
till.close();

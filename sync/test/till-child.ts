// A till in its own process, for the "till killed mid-push" test: opens the data folder
// (already enrolled), makes the given number of cash sales, says SOLD, and keeps syncing
// until the test kills it with SIGKILL.
import { ulid } from 'ulid';
import { openTill } from '../../src/main/till.ts';
import { fastSync } from './tills.ts';

const [dataDir, countText = '5'] = process.argv.slice(2) as [string, string?];
const till = openTill({ dataDir, log: () => {}, sync: { ...fastSync } });
const login = till.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
if (!login.ok) throw new Error('login failed');
const token = (login.value as { token: string }).token;
for (let i = 0; i < Number(countText); i += 1) {
  const sold = till.dispatch('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] }, token);
  if (!sold.ok) throw new Error(`sale refused: ${sold.error.code}`);
}
process.stdout.write('SOLD\n');
setInterval(() => {}, 1000);

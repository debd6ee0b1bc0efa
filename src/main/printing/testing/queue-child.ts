// The restart test's victim: opens a till on a prepared data folder, sells, says
// `ACK <order number>` once each sale has committed, then lets its print queue work until
// it is killed.
//
// usage: node --import tsx queue-child.ts DATA_DIR TOKEN SALES STATUS_TIMEOUT_MS
import { writeSync } from 'node:fs';
import { ulid } from 'ulid';
import { call, demoPerformances, type OrderView } from '../../crash/demo-sales.ts';
import { openTill } from '../../till.ts';

const [dataDir, token, salesText, statusTimeoutText] = process.argv.slice(2);
const say = (line: string): void => void writeSync(1, `${line}\n`);

const till = openTill({
  dataDir: dataDir!,
  log: () => {},
  printing: { statusTimeoutMs: Number(statusTimeoutText), retryBaseMs: 50, retryCapMs: 200, notReadyPollMs: 100 },
});
const methods = call<{ id: string; type: string }[]>(till.dispatch, 'paymentMethods.list', {}, token!);
const card = methods.find((m) => m.type === 'card')!;
for (let i = 0; i < Number(salesText); i++) {
  const lines = [{ kind: 'ticket', performanceId: demoPerformances[0], tariffId: 'e-misanthrope-plein', quantity: 1 }];
  const quote = call<{ totalMinor: number }>(till.dispatch, 'sales.quote', { lines }, token!);
  const order = call<OrderView>(till.dispatch, 'sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: card.id, amountMinor: quote.totalMinor }] }, token!);
  say(`ACK ${order.number}`);
}
say('DONE');
setTimeout(() => process.exit(3), 60_000);

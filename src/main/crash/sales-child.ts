// The crash test's victim: opens a till on a prepared data folder and sells in a loop
// until it is killed. It prints `ACK sale <orderId>` (or `ACK refund <refundId>`) only
// after the method returned ok, that is after the transaction committed; whatever it
// acknowledged must survive a SIGKILL at any instant.
//
// usage: node sales-child.mjs DATA_DIR TOKEN SEED
import { writeSync } from 'node:fs';
import { openTill } from '../till.ts';
import { refundOneTicket, seededRng, sellSplit, type OrderView } from './demo-sales.ts';

/** A guard against an orphan: the parent kills the child long before this. */
const runMaxMs = 60_000;
const refundProbability = 0.2;

const [dataDir, token, seedText] = process.argv.slice(2);
if (!dataDir || !token || !seedText) {
  process.stderr.write('usage: sales-child DATA_DIR TOKEN SEED\n');
  process.exit(2);
}

/** Straight to the pipe, synchronously: nothing is buffered in this process when it dies. */
const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

const startedMs = Date.now();
const rng = seededRng(Number(seedText));
const till = openTill({ dataDir, log: (message, error) => process.stderr.write(`${message} ${String(error)}\n`) });
say('READY');

let previous: OrderView | null = null;
while (Date.now() - startedMs < runMaxMs) {
  const order = sellSplit(till.dispatch, token, rng);
  say(`ACK sale ${order.id}`);
  if (previous && rng() < refundProbability) {
    const refunded = refundOneTicket(till.dispatch, token, previous);
    say(`ACK refund ${refunded.refunds[refunded.refunds.length - 1]!.id}`);
  }
  previous = order;
}
process.exit(3);

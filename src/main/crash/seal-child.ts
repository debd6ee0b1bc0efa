// The seal test's victim (seal-crash.test.ts): one sale, its acknowledgement, then SIGKILL
// before the event loop turns, that is after the sale's transaction committed and before
// the sealer (which waits for setImmediate) signed it: the crash ADR 0015 leaves open.
//
// usage: node seal-child.mjs DATA_DIR TOKEN
import { writeSync } from 'node:fs';
import { openTill } from '../till.ts';
import { seededRng, sellSplit } from './demo-sales.ts';

const [dataDir, token] = process.argv.slice(2);
if (!dataDir || !token) {
  process.stderr.write('usage: seal-child DATA_DIR TOKEN\n');
  process.exit(2);
}
const till = openTill({ dataDir, sync: false, log: (message, error) => process.stderr.write(`${message} ${String(error)}\n`) });
const order = sellSplit(till.dispatch, token, seededRng(7));
writeSync(1, `ACK sale ${order.id}\n`);
process.kill(process.pid, 'SIGKILL');

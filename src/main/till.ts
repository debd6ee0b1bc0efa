// Opens a till on a data folder: the key, the database (pragmas, migrations), first-start
// data, and the dispatcher both doors call.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from './kernel/db/connection.ts';
import { seedBare, seedDemo } from './demo/seed.ts';
import { runDemoShowcase } from './demo/showcase.ts';
import { sealAuditBacklog } from './kernel/audit-chain.ts';
import { defaultKeyDir, loadOrCreateJournalKey, loadOrCreateSigner, plainKeyFile, type KeyProtection } from './kernel/ledger/keys.ts';
import { keyFingerprint } from './kernel/ledger/signing.ts';
import { sealTailAtStart } from './kernel/ledger/seals.ts';
import { getSetting } from './kernel/config.ts';
import { createTillContext, randomIds, systemClock, type Clock, type Ids, type TillContext } from './kernel/context.ts';
import { provisionalTillId, tillIdFromEnv } from './kernel/till-identity.ts';
import { createDispatch, type Dispatch } from './kernel/dispatch.ts';
import { registry } from './registry.ts';
import { startPrinting } from './printing/index.ts';
import type { WorkerOptions } from './printing/index.ts';
import type { SyncClientOptions } from './sync-client/index.ts';
import { startSync, stopSync } from './sync-client/index.ts';

export const databaseFile = 'guichet.sqlite';

export interface TillOptions {
  dataDir: string;
  demo?: boolean;
  /** With the demo at first start: its showcase too (demo/showcase.ts: a printer, balances, a first Z). The app's start sets it; tests do not. */
  showcase?: boolean;
  /**
   * The till's id at first start: the demo's is G1 unless given (GUICHET_TILL_ID); a bare
   * install gets a provisional id of its own unless given (ADR 0011).
   */
  tillId?: string;
  language?: 'fr' | 'en';
  clock?: Clock;
  ids?: Ids;
  checkOutputs?: boolean;
  log?: (message: string, error?: unknown) => void;
  /** The print queue's settings (tests shorten its timeouts). */
  printing?: Partial<WorkerOptions>;
  /** The sync client's settings (tests shorten its intervals); false: no sync loop. */
  sync?: Partial<SyncClientOptions> | false;
  /** Where the journal's signing key lives: outside the data folder (default `<data folder>-keys`). */
  keyDir?: string;
  /** How the signing key is sealed at rest (Electron: safeStorage); default a 0600 file. */
  keyProtection?: KeyProtection;
}

export interface Till {
  context: TillContext;
  dispatch: Dispatch;
  dataDir: string;
  /** The folder of the journal's signing key. */
  keyDir: string;
  close(): void;
}

export function openTill(options: TillOptions): Till {
  mkdirSync(options.dataDir, { recursive: true });
  const journalKey = loadOrCreateJournalKey(options.dataDir);
  const db: Db = openDatabase(join(options.dataDir, databaseFile));
  const clock = options.clock ?? systemClock;
  const isFresh = getSetting(db, 'this_till_id') === null;
  if (isFresh) {
    // a bare install has no user: the first-start set-up makes the administrator with the PIN they choose (issue 16)
    if (options.demo ?? true) seedDemo(db, clock, options.tillId);
    else seedBare(db, options.tillId ?? provisionalTillId());
  }
  const tillId = getSetting(db, 'this_till_id')!;
  const keyDir = options.keyDir ?? defaultKeyDir(options.dataDir);
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[guichet] ${message}`, error ?? ''));
  const signing = loadOrCreateSigner(db, { tillId, dataDir: options.dataDir, keyDir, protection: options.keyProtection ?? plainKeyFile, nowMs: clock.nowMs() });
  if (signing.isNew) log(`journal signing key ${keyFingerprint(signing.signer.publicKey)} made in ${keyDir}: it signs from entry ${signing.signer.fromSeq} on`);
  sealAuditBacklog(db, journalKey, clock.nowMs()); // once, after migration 008: the audit rows written before it
  // the entries a crash left unsealed (killed between a write and its seal): checked, then sealed (ADR 0015)
  const tail = sealTailAtStart(db, { tillId, journalKey, signer: signing.signer, nowMs: clock.nowMs() });
  if (tail.brokenSeq !== null) log(`journal entry ${tail.brokenSeq} after the last seal does not verify: the tail is left unsealed (verify-journal names it)`);
  const context = createTillContext({ db, journalKey, tillId, clock, ids: options.ids ?? randomIds(), signer: signing.signer, log });
  context.sealer.brokenFromSeq = tail.brokenSeq;
  const inner = createDispatch(context, registry, { defaultLanguage: options.language ?? 'fr', checkOutputs: options.checkOutputs ?? false, log });
  // registers the print hooks in the context: from here on a sale queues its receipt
  const printing = startPrinting(context, { language: options.language ?? 'fr', log, ...options.printing });
  // registers the sync loop in the context: from here on an entry is pushed at once, not at the next tick
  const keys = { dataDir: options.dataDir, keyDir, protection: options.keyProtection ?? plainKeyFile }; // a replaced till's restore makes its new key there
  const sync = options.sync === false ? null : startSync(context, { log, language: options.language ?? 'fr', keys, ...options.sync });
  const dispatch = inner;
  if (isFresh && (options.demo ?? true) && options.showcase) void runDemoShowcase(inner).catch((error: unknown) => log('the demo showcase stopped', error));
  const close = () => {
    void printing.stop(); // stops taking jobs at once; a job in flight is recovered at the next start
    if (sync) void stopSync(context, sync); // a cycle in flight finds the database closed and fails; the next start resumes
    // a seal still waiting for its turn is written now: a clean close leaves no unsealed tail
    context.sealer.sealHead();
    context.sealer.stop();
    db.close();
  };
  return { context, dispatch, dataDir: options.dataDir, keyDir, close };
}

/** Configuration from the environment (DESIGN: Configuration). */
export function envConfig(env: NodeJS.ProcessEnv = process.env): { dataDir: string; keyDir: string; port: number; language: 'fr' | 'en'; demo: boolean; showcase: boolean; tillId?: string } {
  const home = env.HOME ?? '.';
  const defaultDir = process.platform === 'win32' ? join(env.APPDATA ?? home, 'Guichet') : process.platform === 'darwin' ? join(home, 'Library', 'Application Support', 'Guichet') : join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'guichet');
  const port = Number(env.GUICHET_PORT ?? 5174);
  const dataDir = env.GUICHET_DATA_DIR || defaultDir;
  const demo = env.GUICHET_DEMO !== '0';
  // a second demo till (G2…) to try several tills on one server; a bare install names itself
  const tillId = demo ? tillIdFromEnv(env.GUICHET_TILL_ID) : null;
  return {
    dataDir,
    keyDir: env.GUICHET_KEY_DIR || defaultKeyDir(dataDir),
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 5174,
    language: env.GUICHET_LANG === 'en' ? 'en' : 'fr',
    demo,
    // the app's start shows the demo's showcase (GUICHET_SHOWCASE=0: the bare demo)
    showcase: demo && env.GUICHET_SHOWCASE !== '0',
    ...(tillId ? { tillId } : {}),
  };
}

// Starts the ledger server: opens the store (PostgreSQL or PGlite), migrates it, makes the
// secrets it lacks, seeds the demo master data into an empty store, and serves the HTTP
// door. Holds nothing outside the database: instances on one PostgreSQL run side by side.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { demoRecords } from '../../src/shared/demo-data.ts';
import { createServerApp } from './app.ts';
import { adminKeyOf, journalKeyOf } from './auth.ts';
import { systemClock, type Clock, type ServerContext } from './context.ts';
import { writeRecords } from './records.ts';
import { migrate } from './store/migrations.ts';
import { creditOverpaidInstallments } from './ledger/overpaid.ts';
import { openStore, type Store, type StoreOptions } from './store/store.ts';
import { transaction } from './store/tx.ts';
import { ok } from '../../src/shared/result.ts';

export interface ServerOptions extends StoreOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The administrator's key; without it the stored one, or a new one printed once. */
  adminKey?: string | undefined;
  /** Seed the demo master data when the store has no records (default true). */
  demo?: boolean;
  clock?: Clock;
  log?: (message: string) => void;
  /** Parse every answer against its route's output schema too (tests). */
  checkOutputs?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  ctx: ServerContext;
  /** The administrator's key when this start generated it (shown once), else null. */
  generatedAdminKey: string | null;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((message: string) => console.log(`[guichet server] ${message}`));
  const store = await openStore(options);
  try {
    await migrate(store.db, clock.nowMs());
    const journalKey = await journalKeyOf(store.db, clock.nowMs());
    const adminKey = await adminKeyOf(store.db, options.adminKey, clock.nowMs());
    const ctx: ServerContext = { db: store.db, clock, journalKey, log };
    if (options.demo ?? true) await seedDemo(ctx);
    // an installment's excess a stop left between its push and its entry (ADR 0013)
    await creditOverpaidInstallments(ctx);
    const app = createServerApp(ctx, { engine: store.engine, location: store.location, checkOutputs: options.checkOutputs ?? false });
    const host = options.host ?? '127.0.0.1';
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port: options.port }, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;
    return {
      url: `http://${host}:${port}`,
      port,
      store,
      ctx,
      generatedAdminKey: adminKey.generated,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
          });
          await store.close();
        })()),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The demo's master data, written once into a store that has no records yet. */
export async function seedDemo(ctx: ServerContext): Promise<boolean> {
  const seeded = await transaction(ctx.db, async (trx) => {
    const any = await trx.selectFrom('records').select('version').limit(1).executeTakeFirst();
    if (any) return ok(false);
    await writeRecords(trx, demoRecords(ctx.clock.nowMs()), ctx.clock.nowMs());
    return ok(true);
  });
  return seeded.ok && seeded.value;
}

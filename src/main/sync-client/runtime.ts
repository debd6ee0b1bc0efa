// The sync client at run time, one per open till (started by openTill, stopped on close).
import type { Db } from '../kernel/db/connection.ts';
import type { TillContext } from '../kernel/context.ts';
import { defaultSyncOptions, SyncClient, type SyncClientOptions } from './client.ts';

const clients = new WeakMap<Db, SyncClient>();

export function startSync(till: TillContext, options: Partial<SyncClientOptions> = {}): SyncClient {
  const client = new SyncClient(till, { ...defaultSyncOptions, ...options });
  clients.set(till.db, client);
  client.start();
  return client;
}

export function syncClientOf(db: Db): SyncClient | null {
  return clients.get(db) ?? null;
}

export async function stopSync(db: Db): Promise<void> {
  const client = clients.get(db);
  clients.delete(db);
  await client?.stop();
}

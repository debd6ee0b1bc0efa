// The sync client at run time, one per open till: started by openTill, which registers it in
// the till's context (where `sync.now` and `sync.enrol` poke it), and stopped on close.
import { noSyncLoop, type TillContext } from '../kernel/context.ts';
import { defaultSyncOptions, SyncClient, type SyncClientOptions } from './client.ts';

export function startSync(till: TillContext, options: Partial<SyncClientOptions> = {}): SyncClient {
  const client = new SyncClient(till, { ...defaultSyncOptions, ...options });
  till.sync = client;
  client.start();
  return client;
}

export async function stopSync(till: TillContext, client: SyncClient): Promise<void> {
  if (till.sync === client) till.sync = noSyncLoop;
  await client.stop();
}

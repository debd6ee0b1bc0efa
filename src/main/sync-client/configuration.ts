// Configuration on an enrolled till (issue 16, ADR 0012): the server owns it, so a change
// made here is sent to it first, through this till's sync client, and refused offline.
import type { z } from 'zod';
import type { ConfigChangeRecord, ConfigHistoryQuery, ConfigurationInput, ConfigurationOutput } from '../../shared/api/sync-schemas.ts';
import type { Result } from '../../shared/result.ts';
import type { Db } from '../kernel/db/connection.ts';
import type { TillContext } from '../kernel/context.ts';
import { defaultSyncOptions, SyncClient } from './client.ts';
import { syncState } from './state.ts';

/** Enrolled: the ledger server owns the configuration (a code entered but not yet answered is not). */
export function isEnrolled(db: Db): boolean {
  return syncState(db).token !== null;
}

/**
 * Sends a change to the server with this till's token: through its running sync client,
 * or one made for the call when none runs (a tool, a test without the loop).
 */
export function sendConfiguration(till: TillContext, input: z.input<typeof ConfigurationInput>): Promise<Result<z.infer<typeof ConfigurationOutput>>> {
  const client = till.sync instanceof SyncClient ? till.sync : new SyncClient(till, defaultSyncOptions);
  return client.sendConfiguration(input);
}

/** The changes made at every till to one configuration record, from the server (an enrolled till's history). */
export function configurationHistoryOf(till: TillContext, query: z.infer<typeof ConfigHistoryQuery>): Promise<Result<z.infer<typeof ConfigChangeRecord>[]>> {
  const client = till.sync instanceof SyncClient ? till.sync : new SyncClient(till, defaultSyncOptions);
  return client.configurationHistory(query);
}

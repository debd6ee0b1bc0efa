// How a configuration change is made (ADR 0012): its check (reads only, every refusal) plans
// whole records; a till that is not enrolled writes them in the same transaction, with the
// pull's own writers, each record's new version and an audit row of it before and after;
// an enrolled till sends them to the ledger server first — online required — and writes
// what the server stored, with the server's versions, then pulls.
import type { SyncRecord } from '../../shared/api/sync-records.ts';
import { ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../kernel/audit.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { awaits, type AsyncImplementation } from '../kernel/methods.ts';
import { transact } from '../kernel/tx.ts';
import { configVersionOf, isEnrolled, sendConfiguration, writeConfigRecords } from '../sync-client/index.ts';
import { auditedBody, currentRecord, type ConfigRecord } from './records.ts';

/** What a change writes (whole records, in order) and what the method answers once they are written. */
export interface ConfigPlan<O> {
  records: ConfigRecord[];
  view: (till: TillContext) => O;
}

export type ConfigCheck<I, O, C extends TillContext = Ctx> = (ctx: C, input: I) => Result<ConfigPlan<O>>;

/** The action configuration changes are audited under. */
export const configurationChanged = 'configuration.changed';

/**
 * Writes the records here in the caller's transaction, each audited as it was and as it is
 * (a user's PIN hashes left out: `pinChanged` says whether the PIN changed). `serverRecords`:
 * the records as the server stored them (with its versions), when it was asked first.
 */
export function writeHere(till: TillContext, userId: string, records: readonly SyncRecord[]): void {
  const befores = records.map((r) => currentRecord(till.db, r.kind as ConfigRecord['kind'], r.id));
  const versions = writeConfigRecords(till.db, till.tillId, records, till.clock.nowMs(), userId);
  records.forEach((record, i) => {
    const before = befores[i]!;
    const after = currentRecord(till.db, record.kind as ConfigRecord['kind'], record.id);
    const details: Record<string, unknown> = { kind: record.kind, id: record.id, version: versions[i], before: auditedBody(before), after: auditedBody(after) };
    if (record.kind === 'user') details.pinChanged = before?.kind !== 'user' || before.body.pinHash !== record.body.pinHash;
    appendAudit(till, userId, configurationChanged, details);
  });
}

/**
 * A configuration change by `userId`: here in one transaction on a till that is not
 * enrolled; on an enrolled one, checked here, sent to the server (refused offline:
 * configuration_offline), then written as the server stored it and pulled right after.
 */
export async function commitChange<I, O, C extends TillContext>(till: C, userId: string, check: ConfigCheck<I, O, C>, input: I): Promise<Result<O>> {
  if (!isEnrolled(till.db)) {
    return transact(till.db, () => {
      const planned = check(till, input);
      if (!planned.ok) return planned;
      writeHere(till, userId, planned.value.records);
      return ok(planned.value.view(till));
    });
  }
  // reads only and no transaction open across the await: the server decides, then its answer is written
  const planned = check(till, input);
  if (!planned.ok) return planned;
  // each record with the version this till changed it from (the server's, as last pulled): changed elsewhere meanwhile, it is refused
  const records = planned.value.records.map((r) => {
    const base = configVersionOf(till.db, r.kind, r.id);
    return base === null ? r : { ...r, version: String(base) };
  });
  const sent = await sendConfiguration(till, { userId, records });
  if (!sent.ok) {
    // the till pulls at once: what changed elsewhere is here for the next try
    if (sent.error.code === 'configuration_stale') till.sync.poke();
    return sent;
  }
  const written = transact(till.db, () => {
    writeHere(till, userId, sent.value.records);
    return ok(planned.value.view(till));
  });
  till.sync.poke();
  return written;
}

/** A logged-in administrator's change, as a method of the table. */
export function configChange<I, O>(check: ConfigCheck<I, O>): AsyncImplementation<Ctx, I, O> {
  return awaits((ctx: Ctx, input: I) => commitChange(ctx, ctx.actor.userId, check, input));
}

// The sync loop is the till's, registered in its context (no registry of clients per
// database in the module): sync.now and sync.enrol poke that till's loop, after their
// commit; stopped, it is unregistered. Configuration a pull brings is read at once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncRecord } from '../../shared/api/sync-records.ts';
import { methodFor } from '../kernel/config.ts';
import { noSyncLoop } from '../kernel/context.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { applyPull } from './records.ts';
import { startSync, stopSync } from './runtime.ts';
import { syncState } from './state.ts';

let t: TestTill;
beforeEach(() => {
  t = testTill();
});

describe('the sync loop in the till’s context', () => {
  it('sync.now and sync.enrol poke the loop registered in this till’s context, not another till’s', () => {
    const other = testTill();
    const pokes: string[] = [];
    t.context.sync = { poke: () => pokes.push('t') };
    other.context.sync = { poke: () => pokes.push('other') };
    t.must('sync.now', {}, 'administrator');
    const enrolled = t.must('sync.enrol', { serverUrl: 'https://ledger.example.ch', code: 'ABCD-EFGH-JKMN-PQRS' }, 'administrator');
    expect(pokes).toEqual(['t', 't']);
    expect(enrolled).toMatchObject({ serverUrl: 'https://ledger.example.ch', enrolling: true });
    expect(syncState(t.db)).toMatchObject({ pending_code: 'ABCD-EFGH-JKMN-PQRS' });
  });

  it('is registered when the client starts and unregistered when it stops', async () => {
    expect(t.context.sync).toBe(noSyncLoop);
    const client = startSync(t.context, { intervalMs: 60_000, log: () => {} });
    expect(t.context.sync).toBe(client);
    await stopSync(t.context, client);
    expect(t.context.sync).toBe(noSyncLoop);
  });
});

describe('configuration pulled from the server', () => {
  it('is what the next call reads (the configuration cache is dropped by the write)', () => {
    const card = methodFor(t.context, 'pm-card')!;
    const renamed: SyncRecord = { kind: 'method', id: 'pm-card', body: { id: 'pm-card', name: 'Carte de crédit', type: 'card', mayPay: card.mayPay, mayRefund: card.mayRefund, givesChange: false, tracking: null, active: true, sort: 2 } };
    applyPull(t.db, 'G1', { records: [renamed], cursor: '3', tillHead: { seq: 0, hash: '0'.repeat(64) } }, 1000);
    expect(methodFor(t.context, 'pm-card')!.name).toBe('Carte de crédit');
    expect(t.must('paymentMethods.list', {}).find((m) => m.id === 'pm-card')!.name).toBe('Carte de crédit');
  });
});

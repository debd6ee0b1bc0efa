// Opening, paying in and out, and closing as check then apply: a refused check writes
// nothing, and a failure after the apply's last write rolls back every row it wrote.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { failingPrintHooks, testTill, writtenRowCounts } from '../testing/fixtures.ts';

const float = [{ valueMinor: 2000, count: 2 }];

describe('sessions as check then apply', () => {
  it('writes nothing when a check refuses: a second opening, a pay-out past the drawer, an incomplete count', () => {
    const t = testTill();
    t.must('sessions.open', { float });
    const before = writtenRowCounts(t.db);
    expect(t.call('sessions.open', { float })).toMatchObject({ ok: false, error: { code: 'session_already_open' } });
    expect(t.call('sessions.payOut', { requestId: ulid(), amountMinor: 4001, reason: 'Trop' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'cash_insufficient', details: { availableMinor: 4000 } } });
    expect(t.call('sessions.close', { counts: [] }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'count_missing' } });
    expect(writtenRowCounts(t.db)).toEqual(before);
  });

  it('rolls back every row of a pay-in and of a closing when the apply fails after its writes', () => {
    const t = testTill({ print: failingPrintHooks });
    t.must('sessions.open', { float });
    const before = writtenRowCounts(t.db);
    const requestId = ulid();
    expect(t.call('sessions.payIn', { requestId, amountMinor: 500, reason: 'Monnaie' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(t.call('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 4000 }] }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(writtenRowCounts(t.db)).toEqual(before);
    expect(t.must('sessions.current', {}).status).toBe('open');

    // the request was not recorded either: once printing works, the same request goes through once
    t.context.print = { ...failingPrintHooks, onCashSlip: () => {} };
    const paid = t.must('sessions.payIn', { requestId, amountMinor: 500, reason: 'Monnaie' }, 'supervisor');
    expect(t.must('sessions.payIn', { requestId, amountMinor: 500, reason: 'Monnaie' }, 'supervisor')).toEqual(paid);
    expect(writtenRowCounts(t.db).cash_movements).toBe(before.cash_movements! + 1);
  });
});

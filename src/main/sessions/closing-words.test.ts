// What a closing says of its count (issue 17 point 6): a variance needs a comment, the cash
// counted splits into the float kept and what goes to the bank, both on the Z and shown at
// the next opening with the cash counted.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { tillReportSections } from '../../shared/domain/till-report-lines.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 2000, count: 5 }] }); // 100.00
  t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 1000 }] });
});

const counted = (cashMinor: number) => [{ methodId: 'pm-cash', countedMinor: cashMinor, denominations: [{ valueMinor: 1000, count: cashMinor / 1000 }] }];

describe('closing words', () => {
  it('refuses a variance without a comment and a float kept above the cash counted, changing nothing', () => {
    const before = stateFingerprint(t.db);
    expect(t.call('sessions.close', { counts: counted(10000) }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'closing_comment_required', details: { totalVarianceMinor: -1000 } } });
    expect(t.call('sessions.close', { counts: counted(10000), comment: '   ' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'closing_comment_required' } });
    expect(t.call('sessions.close', { counts: counted(11000), floatKeptMinor: 11001 }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'float_kept_exceeds_cash', details: { floatKeptMinor: 11001, countedMinor: 11000 } } });
    expect(stateFingerprint(t.db)).toEqual(before);
  });

  it('closes with the comment and the split on the Z, its lines and its stored report; the next opening shows them', () => {
    const z = t.must('sessions.close', { counts: counted(10000), comment: 'Monnaie rendue en trop', floatKeptMinor: 8000 }, 'supervisor');
    expect(z).toMatchObject({ totalVarianceMinor: -1000, closingComment: 'Monnaie rendue en trop', floatKeptMinor: 8000, toBankMinor: 2000 });
    const cash = tillReportSections(z).find((s) => s.id === 'method:pm-cash')!;
    expect(cash.lines.slice(-2)).toEqual([{ label: 'floatKept', kind: 'money', value: 8000 }, { label: 'toBank', kind: 'money', value: 2000 }]);
    // the count by denomination is its own section, on the screen and on paper
    expect(tillReportSections(z).find((s) => s.id === 'count:pm-cash')!.lines.map((l) => [l.label, l.value])).toEqual([['denomination', 10000], ['denominationsTotal', 10000]]);
    expect(t.must('reports.zGet', { number: 1 }, 'supervisor')).toMatchObject({ closingComment: 'Monnaie rendue en trop', floatKeptMinor: 8000, toBankMinor: 2000 });
    expect(t.must('sessions.current', {}).lastClosing).toMatchObject({ zNumber: 1, cashCountedMinor: 10000, floatKeptMinor: 8000, toBankMinor: 2000 });
    // on paper: printing/documents/z-closing-words.test.ts
  });

  it('previews the split without asking the comment yet', () => {
    expect(t.must('sessions.closingPreview', { counts: counted(10000), floatKeptMinor: 6000 }, 'supervisor')).toMatchObject({ totalVarianceMinor: -1000, floatKeptMinor: 6000, toBankMinor: 4000, closingComment: null });
    expect(t.call('sessions.closingPreview', { counts: counted(10000), floatKeptMinor: 10001 }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'float_kept_exceeds_cash' } });
  });

  it('closes without a comment when the count is exact, the split unsaid', () => {
    expect(t.must('sessions.current', {}).lastClosing).toBeNull();
    const z = t.must('sessions.close', { counts: counted(11000) }, 'supervisor');
    expect(z).toMatchObject({ totalVarianceMinor: 0, closingComment: null, floatKeptMinor: null, toBankMinor: null });
    expect(t.must('sessions.current', {}).lastClosing).toMatchObject({ cashCountedMinor: 11000, floatKeptMinor: null });
  });
});

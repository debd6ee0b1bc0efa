// sales.hold on a till that is not enrolled (issue 15 point 2): nothing is shared, nothing is
// held and no server is asked; it checks the payments as sales.checkout will (a voucher's
// code and value, a buyer for an account payment), so the payment screen may always call it.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { testTill } from '../testing/fixtures.ts';

describe('sales.hold on a till that is not enrolled', () => {
  it('holds nothing, and refuses what the sale would refuse', async () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    const sold = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    const code = sold.vouchers[0]!.code;
    const voucher = (amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });
    expect(await t.callAsync('sales.hold', { requestId: ulid(), payments: [voucher(3000)] })).toEqual({ ok: true, value: { holds: [], isOffline: false } });
    expect(await t.callAsync('sales.hold', { requestId: ulid(), payments: [voucher(6000)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 5000 } } });
    expect(await t.callAsync('sales.hold', { requestId: ulid(), payments: [{ methodId: 'pm-voucher', amountMinor: 100, reference: 'GV-NONE-NONE' }] })).toMatchObject({ ok: false, error: { code: 'voucher_not_found' } });
    // an account payment carrying a reference needs the sale's buyer, as at checkout
    const onAccount = { methodId: 'pm-deferred', amountMinor: 1000, reference: 'BC-2026-17' };
    expect(await t.callAsync('sales.hold', { requestId: ulid(), payments: [onAccount], buyerContactId: 'c-ecole' })).toEqual({ ok: true, value: { holds: [], isOffline: false } });
    expect(await t.callAsync('sales.hold', { requestId: ulid(), payments: [onAccount] })).toMatchObject({ ok: false, error: { code: 'buyer_required' } });
    // and the sale goes through without a hold: the till is its own ledger
    expect(t.call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 6 }], buyerContactId: null, payments: [voucher(3000)] }).ok).toBe(true);
  });
});

// The settlement dialog's start and the settlement it asks for (settle-draft.ts).
import { describe, expect, it } from 'vitest';
import { settleDraft, settleStart, type SettleFields } from './settle-draft.ts';
import type { DeferredAccount } from './types.ts';

const account = {
  outstandingMinor: 23500,
  invoices: [
    { id: 'i1', kind: 'invoice', openMinor: 0 },
    { id: 'i2', kind: 'cancellation', openMinor: 5000 },
    { id: 'i3', kind: 'invoice', openMinor: 9000 },
  ],
  installments: [{ id: 'x1' }, { id: 'x2' }, { id: 'x3' }],
} as unknown as DeferredAccount;

const fields = (patch: Partial<SettleFields> = {}): SettleFields => ({ methodId: 'pm-cheque', reference: ' CHQ 1 ', priority: 'oldest', invoiceId: 'i3', installmentIds: new Set(), excessToCredit: false, ...patch });

describe('the settlement dialog', () => {
  it('starts on the invoice the account was found by, for what it still asks', () => {
    expect(settleStart(account, 'i3')).toEqual({ amountMinor: 9000, priority: 'invoice', invoiceId: 'i3' });
  });

  it('else on the oldest installments, for what the account owes, the first open invoice ready', () => {
    expect(settleStart(account, null)).toEqual({ amountMinor: 23500, priority: 'oldest', invoiceId: 'i3' });
    expect(settleStart(account, 'i1')).toEqual({ amountMinor: 23500, priority: 'oldest', invoiceId: 'i3' });
    expect(settleStart({ ...account, outstandingMinor: -2000, invoices: [] }, null)).toEqual({ amountMinor: 0, priority: 'oldest', invoiceId: '' });
  });

  it('asks for the settlement as typed: the invoice only when it pays one first, the installments picked in the account order', () => {
    expect(settleDraft(fields(), 4000, account, true)).toEqual({ draft: { methodId: 'pm-cheque', amountMinor: 4000, reference: 'CHQ 1', invoiceId: null, installmentIds: [], excessToCredit: false } });
    expect(settleDraft(fields({ priority: 'invoice' }), 4000, account, true)).toMatchObject({ draft: { invoiceId: 'i3', installmentIds: [] } });
    expect(settleDraft(fields({ priority: 'installments', installmentIds: new Set(['x3', 'x1']) }), 4000, account, true)).toMatchObject({ draft: { invoiceId: null, installmentIds: ['x1', 'x3'] } });
  });

  it('says what is missing: the reference a cheque needs, the installments to pay first', () => {
    expect(settleDraft(fields({ reference: '  ' }), 4000, account, true)).toEqual({ missing: 'reference' });
    expect(settleDraft(fields({ reference: '' }), 4000, account, false)).toMatchObject({ draft: { reference: '' } });
    expect(settleDraft(fields({ priority: 'installments' }), 4000, account, true)).toEqual({ missing: 'installments' });
  });
});

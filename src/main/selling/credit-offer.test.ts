// The quote's credit offer: what the buyer's balance can still pay in the basket.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { testTill } from '../testing/fixtures.ts';
import { creditOffer } from './credit-offer.ts';

describe('the credit offer', () => {
  it('proposes the balance, at most what remains to pay', () => {
    expect(creditOffer(10000, null, [], 4500)).toEqual({ leftMinor: 10000, proposalMinor: 4500 });
    expect(creditOffer(3000, null, [], 4500)).toEqual({ leftMinor: 3000, proposalMinor: 3000 });
    expect(creditOffer(0, null, [], 4500)).toEqual({ leftMinor: 0, proposalMinor: 0 });
  });

  it('counts the credit payments already entered', () => {
    expect(creditOffer(10000, null, [2000, 500], 4500)).toEqual({ leftMinor: 7500, proposalMinor: 4500 });
  });

  it('offline, offers at most what this till may still commit', () => {
    expect(creditOffer(5500, 1500, [], 4500)).toEqual({ leftMinor: 1500, proposalMinor: 1500 });
    expect(creditOffer(1000, 6000, [], 4500)).toEqual({ leftMinor: 1000, proposalMinor: 1000 });
  });

  it('never offers below zero, even from a balance the payments already exceed', () => {
    expect(creditOffer(1000, null, [1500], 4500)).toEqual({ leftMinor: 0, proposalMinor: 0 });
    expect(creditOffer(-500, null, [], 4500)).toEqual({ leftMinor: 0, proposalMinor: 0 });
  });

  it('comes with sales.quote for a buyer, the payments by the balance counted; none without a buyer', () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 6000 }, 'supervisor');
    const lines = [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }] as const;
    expect(t.must('sales.quote', { lines: [...lines], buyerContactId: 'c-dupont' }).credit).toEqual({ leftMinor: 6000, proposalMinor: 6000 });
    const paid = t.must('sales.quote', { lines: [...lines], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 2000 }, { methodId: 'pm-card', amountMinor: 1000 }] });
    expect(paid.tender.remainingMinor).toBe(6000);
    expect(paid.credit).toEqual({ leftMinor: 4000, proposalMinor: 4000 });
    expect(t.must('sales.quote', { lines: [...lines] }).credit).toBeNull();
    // offline: what this till may still commit bounds the offer (its cap, less its unsynced spending)
    t.db.prepare("UPDATE sync_state SET token = 'x', online = 0, offline_cap_minor = 2500").run();
    expect(t.must('sales.quote', { lines: [...lines], buyerContactId: 'c-dupont' }).credit).toEqual({ leftMinor: 2500, proposalMinor: 2500 });
  });
});

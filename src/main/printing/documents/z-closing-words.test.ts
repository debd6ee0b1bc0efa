// The Z on paper says what the closing said (issue 17 point 6): the count by denomination,
// the float kept and the cash to the bank, and the comment on the variance.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { testTill } from '../../testing/fixtures.ts';
import { defaultProfile } from '../escpos/profile.ts';
import { renderText } from '../virtual/index.ts';
import { referenceContext } from './reference.ts';
import { loadDocument, renderDocument } from './render.ts';

describe('the printed Z', () => {
  it('prints the count by denomination, the float kept, the cash to the bank and the comment', () => {
    const t = testTill();
    t.must('sessions.open', { float: [{ valueMinor: 2000, count: 5 }] });
    t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 1000 }] });
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 10000, denominations: [{ valueMinor: 1000, count: 10 }] }], comment: 'Monnaie rendue en trop', floatKeptMinor: 8000 }, 'supervisor');
    const doc = loadDocument(t.db, t.context.tillId, { kind: 'z_report', zNumber: 1 }, null);
    if (!doc.ok) throw new Error(doc.error.code);
    const paper = renderText(renderDocument(doc.value, defaultProfile, referenceContext, 0), defaultProfile.columns).split('\n').map((l) => l.trim().replace(/ +/g, ' '));
    expect(paper).toEqual(expect.arrayContaining(['COMPTAGE Espèces', '10.00 CHF x 10 100.00 CHF', 'Fond gardé en caisse 80.00 CHF', 'Versé à la banque 20.00 CHF', 'Commentaire : Monnaie rendue en trop']));
  });
});

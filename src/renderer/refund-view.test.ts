// The refund form's reading of the services' quote: lines chosen, typed quantities, the
// texts of a split, a typed split read back (no amount added up here).
import { describe, expect, it } from 'vitest';
import { chosenLines, quantityFrom, shareTexts, tickedOfLine, tickForQuantity, ticketsChosen, typedSplit, type RefundDestination } from './refund-view.ts';

const destinations = [
  { methodId: 'pm-cash', methodName: 'Espèces', methodType: 'cash', givesChange: true, refundableMinor: 4747 },
  { methodId: 'pm-credit', methodName: 'Solde avoir', methodType: 'credit', givesChange: false, refundableMinor: 0 },
] satisfies RefundDestination[];

describe('the refund form', () => {
  it('sends the lines with a quantity, in the order of the order', () => {
    const order = { lines: [{ id: 'l1' }, { id: 'l2' }, { id: 'l3' }] } as Parameters<typeof chosenLines>[0];
    expect(chosenLines(order, { l3: 1, l1: 2, l2: 0 })).toEqual([{ orderLineId: 'l1', quantity: 2 }, { orderLineId: 'l3', quantity: 1 }]);
    expect(chosenLines(order, {})).toEqual([]);
  });

  it('keeps a typed quantity between 0 and what is left to refund', () => {
    expect(quantityFrom('2', 3)).toBe(2);
    expect(quantityFrom('5', 3)).toBe(3);
    expect(quantityFrom('-1', 3)).toBe(0);
    expect(quantityFrom('1.5', 3)).toBe(0);
    expect(quantityFrom('', 3)).toBe(0);
  });

  it('shows a split the services gave as one text per destination', () => {
    const shares = [
      { methodId: 'pm-cash', amountMinor: 3000, roundingMinor: 0, paidBackMinor: 3000 },
      { methodId: 'pm-credit', amountMinor: 0, roundingMinor: 0, paidBackMinor: 0 },
    ];
    expect(shareTexts(destinations, shares, (minor) => `#${minor}`)).toEqual({ 'pm-cash': '#3000', 'pm-credit': '#0' });
  });

  it('reads a typed split back, zeros left out, or says which text is not an amount', () => {
    const texts: Record<string, string> = { 'pm-cash': '12.50', 'pm-credit': '0.00' };
    expect(typedSplit(destinations, (id) => texts[id]!, 'CHF')).toEqual({ ok: true, payments: [{ methodId: 'pm-cash', amountMinor: 1250 }] });
    texts['pm-credit'] = 'douze';
    expect(typedSplit(destinations, (id) => texts[id]!, 'CHF')).toEqual({ ok: false, reason: 'not_a_number' });
    texts['pm-cash'] = '';
    expect(typedSplit(destinations, (id) => texts[id]!, 'CHF')).toEqual({ ok: false, reason: 'empty' });
  });

  it('refunds a ticket line by its tickets ticked: a typed quantity keeps the ticked ones, then ticks the first others (issue 17)', () => {
    const order = {
      lines: [{ id: 'l1', kind: 'ticket' }, { id: 'l2', kind: 'item' }],
      tickets: [
        { id: 't1', orderLineId: 'l1', isRefunded: true },
        { id: 't2', orderLineId: 'l1', isRefunded: false },
        { id: 't3', orderLineId: 'l1', isRefunded: false },
        { id: 't4', orderLineId: 'l1', isRefunded: false },
      ],
    } as const;
    // the ticket line is not sent as a quantity: its tickets are
    expect(chosenLines(order as unknown as Parameters<typeof chosenLines>[0], { l1: 2, l2: 1 })).toEqual([{ orderLineId: 'l2', quantity: 1 }]);
    const scanned = new Set(['t4']);
    const two = tickForQuantity(order, 'l1', 2, scanned);
    expect(ticketsChosen(order, two)).toEqual(['t2', 't4']);
    expect(ticketsChosen(order, tickForQuantity(order, 'l1', 1, two))).toEqual(['t2']);
    expect(tickedOfLine(order, 'l1', tickForQuantity(order, 'l1', 9, scanned))).toBe(3);
    // a refunded ticket is never sent, even ticked
    expect(ticketsChosen(order, new Set(['t1', 't3']))).toEqual(['t3']);
  });
});

// Page orientation, font size and column widths: portrait when everything fits whole, numbers never squeezed.
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../../shared/assert.ts';
import { a4, boundsAt, cellPaddingPt, chooseLayout, marginPt, type ColumnMeasure } from './layout.ts';

const money = (valuesEm: number): ColumnMeasure => ({ kind: 'money', valuesEm, headingEm: 4, headingWordEm: 4 });
const text = (valuesEm: number): ColumnMeasure => ({ kind: 'text', valuesEm, headingEm: 4, headingWordEm: 4 });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const portraitWidthPt = a4.shortPt - 2 * marginPt;
const landscapeWidthPt = a4.longPt - 2 * marginPt;

describe('boundsAt', () => {
  it('gives a number column its widest value and a heading that wraps at words', () => {
    const column: ColumnMeasure = { kind: 'money', valuesEm: 3, headingEm: 8, headingWordEm: 5 };
    expect(boundsAt(column, 9)).toEqual({ min: 5 * 9 + 2 * cellPaddingPt, want: 8 * 9 + 2 * cellPaddingPt });
  });

  it('caps what a text column wants at 180 pt and lets it shrink to 60 pt', () => {
    expect(boundsAt(text(100), 9)).toEqual({ min: 60, want: 180 });
    // short text keeps its natural width as both bounds
    expect(boundsAt(text(5), 9)).toEqual({ min: 5 * 9 + 8, want: 5 * 9 + 8 });
  });
});

describe('chooseLayout', () => {
  it('stays portrait at 9 pt when every column fits whole, filling the width', () => {
    const layout = chooseLayout([text(8), money(5), money(5)]);
    expect(layout).toMatchObject({ orientation: 'portrait', fontSizePt: 9, pageWidthPt: a4.shortPt, pageHeightPt: a4.longPt });
    expect(sum(layout.widthsPt)).toBeCloseTo(portraitWidthPt, 6);
    expect(layout.widthsPt[1]).toBeGreaterThanOrEqual(5 * 9 + 8);
  });

  it('turns landscape when the columns do not fit portrait', () => {
    const layout = chooseLayout(Array.from({ length: 8 }, () => money(7)));
    expect(layout).toMatchObject({ orientation: 'landscape', fontSizePt: 9, pageWidthPt: a4.longPt, pageHeightPt: a4.shortPt });
    expect(sum(layout.widthsPt)).toBeCloseTo(landscapeWidthPt, 6);
  });

  it('lowers the font size in landscape before it would squeeze a number', () => {
    // 14 × (7 em + padding) fits landscape only at 6 pt: 14 × 50 = 700 pt
    expect(chooseLayout(Array.from({ length: 14 }, () => money(7))).fontSizePt).toBe(6);
  });

  it('squeezes text columns, not number columns, when wanted widths do not fit', () => {
    const columns = [text(100), text(100), text(100), text(100), money(8), money(8)];
    const layout = chooseLayout(columns);
    expect(layout).toMatchObject({ orientation: 'landscape', fontSizePt: 9 });
    expect(layout.widthsPt[4]).toBeCloseTo(8 * 9 + 8, 6);
    expect(layout.widthsPt[0]).toBeGreaterThan(60);
    expect(layout.widthsPt[0]).toBeLessThan(180);
    expect(sum(layout.widthsPt)).toBeCloseTo(landscapeWidthPt, 6);
  });

  it('refuses a table whose numbers cannot fit A4 landscape at 6 pt', () => {
    expect(() => chooseLayout(Array.from({ length: 30 }, () => money(7)))).toThrow(AssertionError);
  });
});

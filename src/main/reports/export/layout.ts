// Column widths, font size and page orientation of a report PDF, from measured cell texts.
//
// The rule: portrait at 9 pt when every column gets the width it wants (numbers and
// dates whole, text up to textWantMaxPt); otherwise landscape, at the largest size from
// 9 pt down to 6 pt at which numbers stay whole and text columns keep textMinPt (their
// text wraps). Numbers are never wrapped or cut: a table that cannot hold them is a bug.
import { AssertionError } from '../../../shared/assert.ts';
import type { ColumnKind } from './table.ts';

export type Orientation = 'portrait' | 'landscape';

/** A4 in points. */
export const a4 = { shortPt: 595.28, longPt: 841.89 } as const;
export const marginPt = 36;
export const cellPaddingPt = 4;
const textWantMaxPt = 180;
const textMinPt = 60;
const attempts: readonly { orientation: Orientation; fontSizePt: number; needs: 'want' | 'min' }[] = [
  { orientation: 'portrait', fontSizePt: 9, needs: 'want' },
  { orientation: 'landscape', fontSizePt: 9, needs: 'min' },
  { orientation: 'landscape', fontSizePt: 8, needs: 'min' },
  { orientation: 'landscape', fontSizePt: 7, needs: 'min' },
  { orientation: 'landscape', fontSizePt: 6, needs: 'min' },
];

/** A column's measured texts, in ems (width at a font size of 1 pt). */
export interface ColumnMeasure {
  kind: ColumnKind;
  /** The widest line among its cells (totals in bold). */
  valuesEm: number;
  /** Its heading on one line, in bold. */
  headingEm: number;
  /** The widest word of its heading, in bold: the heading wraps, never cuts. */
  headingWordEm: number;
}

export interface TableLayout {
  orientation: Orientation;
  pageWidthPt: number;
  pageHeightPt: number;
  fontSizePt: number;
  widthsPt: number[];
}

export function chooseLayout(columns: readonly ColumnMeasure[]): TableLayout {
  for (const attempt of attempts) {
    const pageWidthPt = attempt.orientation === 'portrait' ? a4.shortPt : a4.longPt;
    const availablePt = pageWidthPt - 2 * marginPt;
    const bounds = columns.map((column) => boundsAt(column, attempt.fontSizePt));
    const neededPt = sum(bounds.map((b) => b[attempt.needs]));
    if (neededPt > availablePt) continue;
    return {
      orientation: attempt.orientation,
      pageWidthPt,
      pageHeightPt: attempt.orientation === 'portrait' ? a4.longPt : a4.shortPt,
      fontSizePt: attempt.fontSizePt,
      widthsPt: spread(bounds, availablePt),
    };
  }
  throw new AssertionError(`report too wide for A4 landscape at 6 pt: ${columns.length} columns`);
}

/** The narrowest and the wanted width of a column at a font size, padding included. */
export function boundsAt(column: ColumnMeasure, fontSizePt: number): { min: number; want: number } {
  const pad = 2 * cellPaddingPt;
  const naturalPt = Math.max(column.valuesEm, column.headingEm) * fontSizePt + pad;
  const headingWordPt = column.headingWordEm * fontSizePt + pad;
  if (column.kind !== 'text') {
    return { min: Math.max(column.valuesEm * fontSizePt + pad, headingWordPt), want: naturalPt };
  }
  const min = Math.min(naturalPt, Math.max(textMinPt, headingWordPt));
  return { min, want: Math.max(min, Math.min(naturalPt, textWantMaxPt)) };
}

/**
 * Widths that fill the available width: the wanted widths scaled up to it; or, when they
 * do not fit, every column its minimum and the rest shared in proportion to what each
 * still wants.
 */
function spread(bounds: readonly { min: number; want: number }[], availablePt: number): number[] {
  const wantPt = sum(bounds.map((b) => b.want));
  if (wantPt <= availablePt) return bounds.map((b) => (b.want * availablePt) / wantPt);
  const minPt = sum(bounds.map((b) => b.min));
  const share = (availablePt - minPt) / (wantPt - minPt);
  return bounds.map((b) => b.min + (b.want - b.min) * share);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

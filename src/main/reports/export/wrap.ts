// Breaks a cell's text into lines that fit a column, ellipsising what is beyond the last line.
//
// Breaks only at plain spaces and newlines: U+00A0 and U+202F are no-break spaces (they
// hold "1 234.50" and "50 €" together), and a word wider than the column is cut.

/** Width of a text in points, in the font and size the caller will draw it with. */
export type Measure = (text: string) => number;

export const ellipsis = '…';

export function wrapText(text: string, widthPt: number, measure: Measure, linesMax: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r\n|\r|\n/)) {
    lines.push(...wrapParagraph(paragraph, widthPt, measure));
    if (lines.length > linesMax) break;
  }
  if (lines.length <= linesMax) return lines;
  const kept = lines.slice(0, linesMax);
  kept[linesMax - 1] = cutWithEllipsis(kept[linesMax - 1]!, widthPt, measure);
  return kept;
}

/** The text cut to fit the width with "…" at its end; the text itself when it fits. */
export function ellipsise(text: string, widthPt: number, measure: Measure): string {
  return measure(text) <= widthPt ? text : cutWithEllipsis(text, widthPt, measure);
}

/** The text shortened until it and "…" fit: more text follows that is not shown. */
function cutWithEllipsis(text: string, widthPt: number, measure: Measure): string {
  const chars = Array.from(text);
  while (chars.length > 0 && measure(chars.join('').trimEnd() + ellipsis) > widthPt) chars.pop();
  return chars.join('').trimEnd() + ellipsis;
}

function wrapParagraph(paragraph: string, widthPt: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ').filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (measure(candidate) <= widthPt) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = measure(word) <= widthPt ? [word] : cutWord(word, widthPt, measure);
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1]!;
  }
  lines.push(line);
  return lines;
}

/** A word wider than the column, in pieces that fit (at least one character each). */
function cutWord(word: string, widthPt: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of Array.from(word)) {
    if (piece !== '' && measure(piece + char) > widthPt) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}

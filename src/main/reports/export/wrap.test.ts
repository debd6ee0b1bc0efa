// Cell wrapping: breaks at plain spaces and newlines only, cuts over-long words, ellipsises the rest.
import { describe, expect, it } from 'vitest';
import { ellipsise, wrapText } from './wrap.ts';

/** One point per character: widths are easy to reason about. */
const perChar = (text: string) => Array.from(text).length;

describe('wrapText', () => {
  it('fills lines greedily at plain spaces', () => {
    expect(wrapText('aaa bbb ccc dd', 7, perChar, 5)).toEqual(['aaa bbb', 'ccc dd']);
    expect(wrapText('aaa bbb', 7, perChar, 5)).toEqual(['aaa bbb']);
  });

  it('keeps no-break spaces together: an amount or "50 €" is never split', () => {
    expect(wrapText('Total 1\u202F234\u202F567.89', 12, perChar, 5)).toEqual(['Total', '1\u202F234\u202F567.89']);
    expect(wrapText('Bon 50\u00A0€', 5, perChar, 5)).toEqual(['Bon', '50\u00A0€']);
  });

  it('starts a new line at each newline, keeping empty lines', () => {
    expect(wrapText('un\r\ndeux\n\ntrois', 20, perChar, 5)).toEqual(['un', 'deux', '', 'trois']);
  });

  it('cuts a word wider than the column', () => {
    expect(wrapText('abcdefghij', 4, perChar, 5)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('ab abcdefghij', 4, perChar, 5)).toEqual(['ab', 'abcd', 'efgh', 'ij']);
  });

  it('puts an ellipsis on the last allowed line when text remains', () => {
    const lines = wrapText('aaa bbb ccc ddd eee', 7, perChar, 2);
    expect(lines).toEqual(['aaa bbb', 'ccc dd…']);
    expect(lines.every((line) => perChar(line) <= 7)).toBe(true);
    // the hidden rest is an empty line: still marked as cut
    expect(wrapText('aaa\n\nbbb', 7, perChar, 1)).toEqual(['aaa…']);
  });

  it('gives one empty line for empty text and never loops on a zero width', () => {
    expect(wrapText('', 10, perChar, 3)).toEqual(['']);
    expect(wrapText('abc', 0, perChar, 5)).toEqual(['a', 'b', 'c']);
  });
});

describe('ellipsise', () => {
  it('keeps text that fits and cuts text that does not', () => {
    expect(ellipsise('Hélène', 6, perChar)).toBe('Hélène');
    expect(ellipsise('Hélène Bérard', 6, perChar)).toBe('Hélèn…');
    expect(ellipsise('ab cd', 4, perChar)).toBe('ab…');
  });
});

// The code pages a printer profile may fix, with Epson's ESC t number for each, and the
// text that a code page can print: French spacing normalised, the rest transliterated.
import iconv from 'iconv-lite';
import type ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { CodePage } from './profile.ts';

export interface CodePageInfo {
  /** The encoder's name for it. */
  encoderName: Parameters<ReceiptPrinterEncoder['codepage']>[0];
  /** iconv-lite's name for it (the virtual printer decodes with iconv-lite). */
  iconvName: string;
  /** ESC t n on Epson firmware (TM-T20/T88 "Character code table"). */
  epsonNumber: number;
}

export const codePageInfo: Record<CodePage, CodePageInfo> = {
  cp858: { encoderName: 'cp858', iconvName: 'cp858', epsonNumber: 19 },
  cp850: { encoderName: 'cp850', iconvName: 'cp850', epsonNumber: 2 },
  cp437: { encoderName: 'cp437', iconvName: 'cp437', epsonNumber: 0 },
  cp852: { encoderName: 'cp852', iconvName: 'cp852', epsonNumber: 18 },
  cp866: { encoderName: 'cp866', iconvName: 'cp866', epsonNumber: 17 },
  cp1252: { encoderName: 'windows1252', iconvName: 'windows1252', epsonNumber: 16 },
  'iso8859-15': { encoderName: 'iso8859-15', iconvName: 'iso885915', epsonNumber: 40 },
};

/**
 * Spaces and punctuation that Intl and typists produce but printers' tables lack:
 * U+202F and U+00A0 from French number formatting, typographic quotes and dashes.
 */
const spaces: Record<string, string> = { '\u00A0': ' ', '\u202F': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u2002': ' ', '\u2003': ' ', '\u00AD': '' };

/** Used only where the code page lacks the character itself. */
const fallbacks: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': ',', '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...', '\u2022': '*', '\u0153': 'oe', '\u0152': 'OE', '\u00E6': 'ae', '\u00C6': 'AE', '\u00DF': 'ss', '\u0141': 'L', '\u0142': 'l',
};

// a memo of a pure function (code page × character → survives?), not a till's state
const encodable = new Map<string, Map<string, boolean>>();

/** Whether one character survives a round trip through the code page. */
export function isEncodable(char: string, codePage: CodePage): boolean {
  let known = encodable.get(codePage);
  if (!known) {
    known = new Map();
    encodable.set(codePage, known);
  }
  let answer = known.get(char);
  if (answer === undefined) {
    const name = codePageInfo[codePage].iconvName;
    const bytes = iconv.encode(char, name);
    answer = bytes.length === 1 && iconv.decode(bytes, name) === char;
    known.set(char, answer);
  }
  return answer;
}

/**
 * What a code page can print of a text: « 1 234,50 € » keeps its € in cp858, « ő » becomes
 * « o » (its base letter) where the page lacks it, and anything else becomes « ? ».
 * Control characters never reach the printer as text.
 */
export function printableText(text: string, codePage: CodePage): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const spaced = spaces[char] ?? char;
    const replaced = spaced.length === 1 && !isEncodable(spaced, codePage) ? (fallbacks[spaced] ?? spaced) : spaced;
    for (const c of replaced) out += printableChar(c, codePage);
  }
  return out;
}

function printableChar(char: string, codePage: CodePage): string {
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return ' ';
  if (code < 0x7f || isEncodable(char, codePage)) return char;
  if (fallbacks[char]) return fallbacks[char];
  const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (base !== char && [...base].every((c) => c.codePointAt(0)! < 0x7f || isEncodable(c, codePage))) return base;
  return '?';
}

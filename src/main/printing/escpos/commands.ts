// The ESC/POS byte sequences this till writes by hand (the encoder writes the rest):
// real-time status queries, automatic status back, the drawer pulses (ESC p, and the
// real-time DLE DC4) and a code 128 in
// code set C. Values from the Epson ESC/POS command reference.
import { assert } from '../../../shared/assert.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export function realtimeStatusQuery(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** GS a n: automatic status back for drawer (1), online (2), errors (4), paper (8); 0 turns it off. */
export function automaticStatusBack(mask: number): Uint8Array {
  assert(mask >= 0 && mask <= 0xff, 'ASB mask is a byte');
  return Uint8Array.of(GS, 0x61, mask);
}

/**
 * ESC p m t1 t2: a pulse on connector pin 2 (m = 0) or 5 (m = 1), on for t1 × 2 ms and off
 * for t2 × 2 ms. 50 ms on, 500 ms off keeps the duty cycle under the 20 % a solenoid allows.
 */
export function drawerPulse(pin: 2 | 5, onMs = 50, offMs = 500): Uint8Array {
  const t1 = Math.ceil(onMs / 2);
  const t2 = Math.ceil(offMs / 2);
  assert(t1 >= 1 && t1 <= 255 && t2 >= t1 && t2 <= 255, 'pulse times fit ESC p');
  return Uint8Array.of(ESC, 0x70, pin === 2 ? 0 : 1, t1, t2);
}

export const DC4 = 0x14;

/**
 * DLE DC4 1 m t: a pulse on pin 2 (m = 0) or 5 (m = 1), on and off for t × 100 ms, that
 * the printer acts on as it receives it — even offline, out of paper or with its buffer
 * full, where an ESC p would wait in the buffer and open the drawer when the paper is
 * changed. t = 1: 100 ms on, like a kick; the drawer's solenoid sees one pulse, not a duty cycle.
 */
export function realtimeDrawerPulse(pin: 2 | 5, tenthsOfSecond = 1): Uint8Array {
  assert(Number.isInteger(tenthsOfSecond) && tenthsOfSecond >= 1 && tenthsOfSecond <= 8, 'DLE DC4 pulse time is 1–8 × 100 ms');
  return Uint8Array.of(DLE, DC4, 1, pin === 2 ? 0 : 1, tenthsOfSecond);
}

/**
 * GS k 73: a code 128 of an even number of digits in code set C (two digits a symbol), the
 * narrowest form: 16 digits take 134 modules, 268 dots at 2 dots a module, so it fits
 * 58 mm paper. Height in dots, human-readable digits below.
 */
export function code128Digits(digits: string, options: { heightDots?: number; moduleDots?: number } = {}): Uint8Array {
  assert(/^(\d\d)+$/.test(digits), 'code set C takes pairs of digits');
  const pairs = digits.match(/\d\d/g)!.map(Number);
  const data = [0x7b, 0x43, ...pairs]; // "{C"
  return Uint8Array.of(
    GS, 0x68, options.heightDots ?? 80, // GS h: height
    GS, 0x77, options.moduleDots ?? 2, // GS w: module width
    GS, 0x48, 2, // GS H: digits below
    GS, 0x6b, 73, data.length, ...data,
  );
}

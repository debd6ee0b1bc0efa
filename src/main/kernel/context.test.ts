// The till's id source: ULIDs, barcodes and voucher codes drawn from pooled cryptographic
// bytes, in their formats, in order, and without bias between digits or letters.
import { decodeTime, encodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { monotonicUlids, pooledBelow, pooledBytes, randomIds } from './context.ts';

it('draws barcodes of 16 digits, the first not zero, and voucher codes of the unambiguous alphabet', () => {
  const ids = randomIds();
  const digits = new Array<number>(10).fill(0);
  for (let i = 0; i < 20_000; i += 1) {
    const barcode = ids.barcode();
    expect(barcode).toMatch(/^[1-9]\d{15}$/);
    for (const c of barcode.slice(1)) digits[Number(c)]! += 1;
  }
  // 300 000 digits: each near a tenth (within five standard deviations, ~820)
  for (const n of digits) expect(Math.abs(n - 30_000)).toBeLessThan(820);
  for (let i = 0; i < 1000; i += 1) expect(ids.voucherCode()).toMatch(/^GV-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
});

it('draws below a bound by rejection: every value, nothing past the bound', () => {
  const below = pooledBelow(pooledBytes(64));
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i += 1) {
    const n = below(7);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(7);
    seen.add(n);
  }
  expect(seen.size).toBe(7);
});

describe('monotonicUlids', () => {
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  /** The 80 random bits of a ULID back to bytes. */
  const randomBytesOf = (id: string): number[] => {
    let bits = 0n;
    for (const c of id.slice(10)) bits = (bits << 5n) | BigInt(crockford.indexOf(c));
    return Array.from({ length: 10 }, (_, i) => Number((bits >> BigInt(8 * (9 - i))) & 255n));
  };

  it('encodes the time as the ulid package does and the random bits it was given', () => {
    const bytes = [0, 1, 2, 254, 255, 128, 64, 32, 16, 8];
    let at = 0;
    const ulid = monotonicUlids(() => bytes[at++ % bytes.length]!, () => 1_764_000_000_123);
    const id = ulid();
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(id)).toBe(1_764_000_000_123);
    expect(id.slice(0, 10)).toBe(encodeTime(1_764_000_000_123, 10));
    expect(randomBytesOf(id)).toEqual(bytes);
  });

  it('within one millisecond, or when the clock goes back, adds one to the random part: ids only grow', () => {
    let ms = 1_764_000_000_000;
    const ulid = monotonicUlids(pooledBytes(), () => ms);
    const ids: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      if (i % 700 === 0) ms += 1;
      if (i === 2000) ms -= 5; // the clock goes back
      ids.push(ulid());
    }
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]! > ids[i - 1]!).toBe(true);
    const [a, b] = [randomBytesOf(ids[1]!), randomBytesOf(ids[2]!)];
    const asNumber = (x: number[]) => x.reduce((n, byte) => n * 256n + BigInt(byte), 0n);
    expect(asNumber(b) - asNumber(a)).toBe(1n);
  });

  it('carries the increment across bytes', () => {
    const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 255];
    let at = 0;
    const ulid = monotonicUlids(() => bytes[at++]!, () => 5);
    ulid();
    expect(randomBytesOf(ulid())).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });
});

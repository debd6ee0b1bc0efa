// PIN hashing: scrypt with a per-user salt. A PIN is an operator switch, not data
// protection (a stolen database allows offline guessing), so lockout does the real work.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** N = 2^15 as the reliability notes recommend; 32 MB of memory per hash. */
const scryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): { salt: Buffer; hash: Buffer } {
  return { salt, hash: scryptSync(pin, salt, 32, scryptOptions) };
}

export function pinMatches(pin: string, salt: Buffer, hash: Buffer): boolean {
  const candidate = scryptSync(pin, salt, 32, scryptOptions);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

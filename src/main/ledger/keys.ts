// The journal's HMAC key: 32 random bytes in a file beside the database (mode 0600).
// Losing it makes the chain unverifiable, so backups take both files.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const journalKeyFile = 'journal.key';

export function loadJournalKey(dataDir: string): Buffer {
  const text = readFileSync(join(dataDir, journalKeyFile), 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${journalKeyFile} is not a 32-byte hex key`);
  return Buffer.from(text, 'hex');
}

export function loadOrCreateJournalKey(dataDir: string): Buffer {
  const file = join(dataDir, journalKeyFile);
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return loadJournalKey(dataDir);
}

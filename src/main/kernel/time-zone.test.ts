// Every time shown, printed or exported is the institution's (Europe/Zurich in the demo),
// whatever the zone of the computer the till runs on (issue 12, point 5): the same till
// run in a child process under TZ=UTC and TZ=America/New_York says 23:05 for a sale at
// 22:05 UTC.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../../..');

interface ChildOutput {
  hostZone: string;
  receipt: string;
  slip: string;
  queued: string;
  csv: string;
  csvFileName: string;
  pdfBase64: string;
  lockedMessage: string | null;
}

function runUnder(zone: string): ChildOutput {
  const out = execFileSync(join(repo, 'node_modules/.bin/tsx'), [join(repo, 'src/main/testing/time-zone-child.ts')], {
    cwd: repo,
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildOutput;
}

function pdfText(base64: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'guichet-tz-')), 'report.pdf');
  writeFileSync(path, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe.each(['UTC', 'America/New_York'])('on a host in %s, a Zurich institution', (zone) => {
  const out = runUnder(zone);

  it('runs where the test says', () => {
    expect(out.hostZone).toBe(zone);
  });

  it('prints 23:05 on the receipt and the cash slip, previewed or queued', () => {
    expect(out.receipt).toContain('24.11.2026 23:05');
    expect(out.slip).toContain('24.11.2026 23:05');
    expect(out.queued).toBe('24.11.2026 23:05');
  });

  it('exports 23:05 in the CSV, names the file by the Zurich day, and prints the period and edition time in Zurich time', () => {
    expect(out.csv).toContain('2026-11-24 23:05');
    expect(out.csvFileName).toMatch(/-2026-11-25\.csv$/);
    const text = pdfText(out.pdfBase64);
    expect(text).toMatch(/24\.11\.2026\s+23:05/);
    // the period 00:00–23:59 UTC is 01:00 on the 24th to 00:59 on the 25th in Zurich; edited at 00:30 on the 25th
    expect(text).toMatch(/24 nov\. 2026, 01:00/);
    expect(text).toMatch(/25 nov\. 2026, 00:59/);
    expect(text).toMatch(/25 nov\. 2026, 00:30/);
  });

  it('says 23:10 in the lockout refusal (five minutes after 23:05)', () => {
    expect(out.lockedMessage).toMatch(/réessayez à 23:10\.$/);
  });
});

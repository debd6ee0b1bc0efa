// Killed in the middle of its print queue (SIGKILL), a till restarts and prints what was
// waiting exactly once; a job whose bytes may have left when it died is not resent on its
// own: it waits in doubt for a person.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { login, openSession } from '../../crash/demo-sales.ts';
import { verifyJournal } from '../../kernel/ledger/verify.ts';
import { openTill, databaseFile, type Till } from '../../till.ts';
import { eventually, freePort, startTcpPrinter, type TcpPrinter } from '../../testing/tcp-printer.ts';

const repo = resolve(import.meta.dirname, '../../../..');
const fast = { statusTimeoutMs: 200, retryBaseMs: 30, retryCapMs: 100, notReadyPollMs: 50, log: () => {} };
let child: ChildProcess | null = null;
let till: Till | null = null;
let printer: TcpPrinter | null = null;
afterEach(async () => {
  child?.kill('SIGKILL');
  till?.close();
  await printer?.close();
  [child, till, printer] = [null, null, null];
});

function prepare(port: number): { dataDir: string; token: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-queue-'));
  const t = openTill({ dataDir, log: () => {}, printing: fast });
  const technician = login(t.dispatch, { userId: 'u-technician', pin: '345678' });
  const saved = t.dispatch('printers.save', { name: 'Comptoir', connection: { transport: 'network', host: '127.0.0.1', port }, documents: ['receipt', 'ticket'] }, technician);
  expect(saved.ok).toBe(true);
  const token = login(t.dispatch);
  openSession(t.dispatch, token);
  t.close();
  return { dataDir, token };
}

function runChild(dataDir: string, token: string, sales: number, statusTimeoutMs: number): { lines: string[] } {
  const out = { lines: [] as string[] };
  child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/main/printing/testing/queue-child.ts'), dataDir, token, String(sales), String(statusTimeoutMs)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.on('data', (chunk: Buffer) => out.lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return out;
}

const jobRows = (dataDir: string) => {
  const db = new Database(join(dataDir, databaseFile), { readonly: true });
  try {
    return db.prepare('SELECT kind, status, phase, reason FROM print_jobs ORDER BY created_at_ms, id').all() as { kind: string; status: string; phase: string | null; reason: string | null }[];
  } finally {
    db.close();
  }
};
const occurrences = (haystack: Buffer, needle: string) => haystack.toString('latin1').split(needle).length - 1;

describe('print queue across a kill -9', () => {
  it('prints every waiting job once after the restart', async () => {
    const port = await freePort();
    const { dataDir, token } = prepare(port);
    const run = runChild(dataDir, token, 3, 200);
    await eventually(() => run.lines.includes('DONE'), 30_000, 'the sales');
    await eventually(() => jobRows(dataDir).every((j) => j.status === 'waiting'), 10_000, 'jobs waiting for the printer');
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    printer = await startTcpPrinter(port);
    till = openTill({ dataDir, log: () => {}, printing: fast });
    await eventually(() => jobRows(dataDir).every((j) => j.status === 'printed'), 10_000, 'printed after restart');
    const numbers = run.lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4));
    expect(numbers).toHaveLength(3);
    for (const n of numbers) {
      expect(occurrences(printer.printer.printedBytes, `Re\x87u ${n}`)).toBe(1);
      expect(occurrences(printer.printer.printedBytes, `Dossier ${n}`)).toBe(1); // on its one ticket
    }
    expect(verifyJournal(till.context.db, () => till!.context.journalKey).ok).toBe(true);
  }, 90_000);

  it('leaves a job killed after its bytes left in doubt, and resends nothing by itself', async () => {
    printer = await startTcpPrinter();
    const { dataDir, token } = prepare(printer.port);
    let questions = 0;
    const feed = printer.printer.feed.bind(printer.printer);
    printer.printer.feed = (chunk) => {
      const replies = feed(chunk);
      questions += occurrences(Buffer.from(chunk), '\x10\x04\x01');
      return questions > 1 ? new Uint8Array() : replies; // answers before the receipt, then falls silent
    };
    const run = runChild(dataDir, token, 1, 20_000);
    await eventually(() => run.lines.includes('DONE'), 30_000, 'the sale');
    await eventually(() => jobRows(dataDir).some((j) => j.phase === 'writing') && printer!.printer.printedBytes.length > 100, 10_000, 'bytes sent');
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    printer.printer.feed = feed;
    till = openTill({ dataDir, log: () => {}, printing: fast });
    await eventually(() => jobRows(dataDir).find((j) => j.kind === 'tickets')?.status === 'printed', 10_000, 'the tickets after restart');
    expect(jobRows(dataDir).find((j) => j.kind === 'receipt')).toMatchObject({ status: 'in_doubt', reason: 'interrupted' });
    expect(occurrences(printer.printer.printedBytes, `Re\x87u ${run.lines[0]!.slice(4)}`)).toBe(1);
  }, 90_000);
});

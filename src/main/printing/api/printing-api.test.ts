// The printing methods through the dispatcher: what they answer, and every refusal with
// its code, one broken field per row, writing nothing.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../shared/api/contract.ts';
import { documentAccess, type DocumentKind } from '../../../shared/api/document-access.ts';
import type { Role } from '../../../shared/permissions.ts';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { printingHooks } from '../queue/enqueue.ts';
import { startPrinting, type PrintingRuntime } from '../runtime.ts';
import { eventually, RunningClock } from '../../testing/tcp-printer.ts';

const printingTables = ['printers', 'print_jobs', 'print_job_events', 'audit_log', 'journal'];
const counts = (t: TestTill) => Object.fromEntries(printingTables.map((n) => [n, (t.db.prepare(`SELECT COUNT(*) AS n FROM ${n}`).get() as { n: number }).n]));

function scene() {
  // the hooks queue jobs; no worker runs here, so they stay queued
  const t = testTill({ print: printingHooks });
  const printer = t.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' }, documents: ['receipt', 'report'], drawerPin: 2 }, 'technician');
  const bare = t.must('printers.save', { name: 'Billets', connection: { transport: 'network', host: '127.0.0.1', port: 9100 }, widthMm: 58, documents: ['ticket'] }, 'technician');
  const off = t.must('printers.save', { name: 'Ancienne', connection: { transport: 'file', path: '/dev/null' }, isActive: false }, 'technician');
  t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
  const catalogue = t.must('catalogue.get', {});
  const event = catalogue.events[0]!;
  const lines = [{ kind: 'ticket' as const, performanceId: event.performances[0]!.id, tariffId: event.tariffs[0]!.id, quantity: 1 }];
  const card = t.must('paymentMethods.list', {}).find((m) => m.type === 'card')!;
  const order = t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: card.id, amountMinor: t.must('sales.quote', { lines }).totalMinor }] });
  const job = t.must('printJobs.list', {}).find((j) => j.kind === 'receipt')!;
  t.must('printJobs.cancel', { jobId: job.id, reason: 'test' });
  return { t, printer, bare, off, order, cancelledJob: job };
}

describe('printing methods', () => {
  it('add and list printers with defaults by width; the sale queued its receipt and tickets on their printers', () => {
    const { t, printer, bare, order } = scene();
    expect(printer).toMatchObject({ widthMm: 80, columns: 48, codePage: 'cp858', codePageNumber: 19, statusMode: 'dle_eot', ticketCode: 'qr', status: { state: 'unknown' } });
    expect(bare).toMatchObject({ widthMm: 58, columns: 32 });
    expect(t.must('printers.list', {}, 'cashier').map((p) => p.name)).toEqual(['Ancienne', 'Billets', 'Comptoir']);
    const jobs = t.must('printJobs.list', { status: 'all', orderId: order.id });
    expect(jobs.map((j) => [j.kind, j.printerName, j.label])).toEqual(
      expect.arrayContaining([['receipt', 'Comptoir', `Reçu ${order.number}`], ['tickets', 'Billets', `Billets ${order.number}`]]),
    );
    expect(jobs.some((j) => j.kind === 'drawer')).toBe(false); // paid by card: the drawer stays shut
  });

  it('preview a receipt as text and PNG from the same bytes, on the printer profile', () => {
    const { t, order } = scene();
    const preview = t.must('printing.preview', { document: { kind: 'receipt', orderId: order.id } });
    expect(preview.text).toContain(`Reçu ${order.number}`);
    expect(preview.columns).toBe(48);
    expect(Buffer.from(preview.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const tickets = t.must('printing.preview', { document: { kind: 'tickets', orderId: order.id } });
    expect(tickets.columns).toBe(32);
    expect(tickets.text).toMatch(/\[QR \d{16}\]/);
    expect(t.must('printing.preview', { document: { kind: 'x_report' } }).text).toContain('RAPPORT X');
  });

  it('answers a repeated request with the same job, and a changed one with request_conflict', () => {
    const { t, order } = scene();
    const requestId = ulid();
    const first = t.must('printing.print', { requestId, document: { kind: 'receipt', orderId: order.id } });
    expect(first.copyNumber).toBe(0); // the original was cancelled before it printed
    expect(t.must('printing.print', { requestId, document: { kind: 'receipt', orderId: order.id } }).id).toBe(first.id);
    expect(t.call('printing.print', { requestId, document: { kind: 'tickets', orderId: order.id } })).toMatchObject({ ok: false, error: { code: 'request_conflict' } });
  });

  type Row = [string, MethodName, (s: ReturnType<typeof scene>) => unknown, string, Role?];
  const rows: Row[] = [
    ['unknown printer on save', 'printers.save', () => ({ id: 'nope', name: 'X', connection: { transport: 'virtual' } }), 'printer_not_found', 'technician'],
    ['name taken', 'printers.save', () => ({ name: 'comptoir', connection: { transport: 'virtual' } }), 'printer_name_taken', 'technician'],
    ['port 0', 'printers.save', () => ({ name: 'X', connection: { transport: 'network', host: '10.0.0.9', port: 0 } }), 'invalid_input', 'technician'],
    ['port 65536', 'printers.save', () => ({ name: 'X', connection: { transport: 'network', host: '10.0.0.9', port: 65536 } }), 'invalid_input', 'technician'],
    ['baud 1200', 'printers.save', () => ({ name: 'X', connection: { transport: 'serial', path: '/dev/ttyS0', baudRate: 1200 } }), 'invalid_input', 'technician'],
    ['width 76', 'printers.save', () => ({ name: 'X', connection: { transport: 'virtual' }, widthMm: 76 }), 'invalid_input', 'technician'],
    ['columns 23', 'printers.save', () => ({ name: 'X', connection: { transport: 'virtual' }, columns: 23 }), 'invalid_input', 'technician'],
    ['relative path', 'printers.save', () => ({ name: 'X', connection: { transport: 'file', path: 'lp0' } }), 'invalid_input', 'technician'],
    ['cashier configures', 'printers.save', () => ({ name: 'X', connection: { transport: 'virtual' } }), 'not_permitted', 'cashier'],
    ['test print on unknown printer', 'printers.testPrint', () => ({ requestId: ulid(), printerId: 'nope' }), 'printer_not_found', 'technician'],
    ['test print on a disabled printer', 'printers.testPrint', (s) => ({ requestId: ulid(), printerId: s.off.id }), 'printer_inactive', 'technician'],
    ['drawer test without a drawer', 'printers.testDrawer', (s) => ({ requestId: ulid(), printerId: s.bare.id }), 'printer_has_no_drawer', 'technician'],
    ['drawer on a printer without one', 'drawer.open', (s) => ({ requestId: ulid(), printerId: s.bare.id, reason: 'Monnaie' }), 'printer_has_no_drawer'],
    ['drawer without a reason', 'drawer.open', () => ({ requestId: ulid(), reason: ' ' }), 'invalid_input'],
    ['drawer by a technician', 'drawer.open', () => ({ requestId: ulid(), reason: 'x' }), 'not_permitted', 'technician'],
    ['status of unknown printer', 'printers.status', () => ({ printerId: 'nope' }), 'printer_not_found'],
    ['retry unknown job', 'printJobs.retry', () => ({ jobId: 'nope' }), 'print_job_not_found'],
    ['retry a cancelled job', 'printJobs.retry', (s) => ({ jobId: s.cancelledJob.id }), 'print_job_not_open'],
    ['confirm a job not in doubt', 'printJobs.confirm', (s) => ({ jobId: s.cancelledJob.id }), 'print_job_not_in_doubt'],
    ['cancel without a reason', 'printJobs.cancel', (s) => ({ jobId: s.cancelledJob.id, reason: '' }), 'invalid_input'],
    ['reroute to an unknown printer', 'printJobs.reroute', (s) => ({ jobId: s.t.must('printJobs.list', {})[0]!.id, printerId: 'nope' }), 'printer_not_found'],
    ['reroute to a disabled printer', 'printJobs.reroute', (s) => ({ jobId: s.t.must('printJobs.list', {})[0]!.id, printerId: s.off.id }), 'printer_inactive'],
    ['print an unknown order', 'printing.print', () => ({ requestId: ulid(), document: { kind: 'receipt', orderId: 'nope' } }), 'order_not_found'],
    ['print an unknown refund', 'printing.print', () => ({ requestId: ulid(), document: { kind: 'refund_receipt', refundId: 'nope' } }), 'refund_not_found'],
    ['print an unknown ticket', 'printing.print', (s) => ({ requestId: ulid(), document: { kind: 'tickets', orderId: s.order.id, ticketId: 'nope' } }), 'ticket_not_found'],
    ['print Z 0', 'printing.print', () => ({ requestId: ulid(), document: { kind: 'z_report', zNumber: 0 } }), 'invalid_input'],
    ['print Z 1 before any closing', 'printing.print', () => ({ requestId: ulid(), document: { kind: 'z_report', zNumber: 1 } }), 'z_report_not_found', 'supervisor'],
    ['print an unknown slip', 'printing.print', () => ({ requestId: ulid(), document: { kind: 'cash_slip', entryId: 'nope' } }), 'slip_not_found', 'supervisor'],
    ['print on an unknown printer', 'printing.print', (s) => ({ requestId: ulid(), document: { kind: 'receipt', orderId: s.order.id }, printerId: 'nope' }), 'printer_not_found'],
    ['print on a disabled printer', 'printing.print', (s) => ({ requestId: ulid(), document: { kind: 'receipt', orderId: s.order.id }, printerId: s.off.id }), 'printer_inactive'],
    ['request id not a ULID', 'printing.print', (s) => ({ requestId: 'x', document: { kind: 'receipt', orderId: s.order.id } }), 'invalid_input'],
    ['preview on an unknown printer', 'printing.preview', (s) => ({ document: { kind: 'receipt', orderId: s.order.id }, printerId: 'nope' }), 'printer_not_found'],
    ['preview an unknown kind', 'printing.preview', () => ({ document: { kind: 'invoice' } }), 'invalid_input'],
    ['discover by a cashier', 'printers.discover', () => ({}), 'not_permitted', 'cashier'],
  ];

  it.each(rows)('refuses %s (%s → %s) and writes nothing', (_name, method, input, code, role = 'cashier') => {
    const s = scene();
    const made = input(s);
    const before = counts(s.t);
    expect(s.t.call(method, made as never, role)).toMatchObject({ ok: false, error: { code } });
    const after = counts(s.t);
    if (code === 'not_permitted') after.audit_log! -= 1; // the refusal itself is audited
    expect(after).toEqual(before);
  });

  it('refuses to print when no printer is set up for the document', () => {
    const t = testTill({ print: printingHooks });
    t.must('sessions.open', { float: [] });
    expect(t.call('printing.print', { requestId: ulid(), document: { kind: 'x_report' } })).toMatchObject({ ok: false, error: { code: 'no_printer_for_document' } });
    expect(t.call('drawer.open', { requestId: ulid(), reason: 'Monnaie' })).toMatchObject({ ok: false, error: { code: 'no_printer_for_document' } });
  });
});

describe('printer paths: nothing a printer is configured with writes a regular file', () => {
  /** A data folder with its journal key, a symlink to the key, and the folder itself. */
  function dataFolder() {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-data-'));
    const key = join(dir, 'journal.key');
    const secret = `${'cd'.repeat(32)}\n`;
    writeFileSync(key, secret);
    const link = join(dir, 'lp0');
    symlinkSync(key, link);
    return { dir, key, link, secret };
  }
  type Folder = ReturnType<typeof dataFolder>;
  type Connection = { transport: 'file' | 'serial'; path: string };
  const refused: [string, (f: Folder) => Connection, string][] = [
    ['a kernel-file printer on the journal key', (f) => ({ transport: 'file', path: f.key }), 'not_character_device'],
    ['a kernel-file printer on a symlink to the key', (f) => ({ transport: 'file', path: f.link }), 'not_character_device'],
    ['a kernel-file printer on a folder', (f) => ({ transport: 'file', path: f.dir }), 'not_character_device'],
    ['a kernel-file printer on a missing path', () => ({ transport: 'file', path: '/dev/usb/lp97' }), 'missing'],
    ['a serial printer on the journal key', (f) => ({ transport: 'serial', path: f.key }), 'not_character_device'],
    ['a serial printer on a symlink to the key', (f) => ({ transport: 'serial', path: f.link }), 'not_character_device'],
    ['a serial printer on a relative path', () => ({ transport: 'serial', path: 'COM3' }), 'not_absolute'],
  ];

  it.each(refused)('refuses %s at save: printer_path_not_device, audited, nothing else written', (_name, connectionOf, reason) => {
    const { t, printer } = scene();
    const folder = dataFolder();
    const connection = connectionOf(folder);
    const before = counts(t);
    for (const input of [{ name: 'Clé', connection }, { id: printer.id, name: printer.name, connection }]) {
      expect(t.call('printers.save', input as never, 'technician')).toMatchObject({ ok: false, error: { code: 'printer_path_not_device', details: { path: connection.path, reason } } });
    }
    const after = counts(t);
    expect(after.audit_log).toBe(before.audit_log! + 2);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    const audited = t.db.prepare("SELECT details FROM audit_log WHERE action = 'printer.path_refused' ORDER BY rowid").all() as { details: string }[];
    expect(audited.map((a) => JSON.parse(a.details))).toEqual([
      { printerId: null, transport: connection.transport, path: connection.path, reason },
      { printerId: printer.id, transport: connection.transport, path: connection.path, reason },
    ]);
    expect(t.must('printers.list', {}, 'technician').find((p) => p.id === printer.id)!.connection).toEqual({ transport: 'virtual' });
    expect(readFileSync(folder.key, 'utf8')).toBe(folder.secret);
  });

  it('accepts a character device, and a symlink to one', () => {
    const { t } = scene();
    const link = join(mkdtempSync(join(tmpdir(), 'guichet-dev-')), 'printer');
    symlinkSync('/dev/null', link);
    expect(t.must('printers.save', { name: 'Nul', connection: { transport: 'file', path: link } }, 'technician').connection).toEqual({ transport: 'file', path: link });
  });

  let runtime: PrintingRuntime | null = null;
  afterEach(async () => {
    await runtime?.stop();
    runtime = null;
  });

  it('a printer stored on a regular file (before this check, or by hand) never opens it: the job waits, the file is untouched', async () => {
    const t = testTill({ clock: new RunningClock() });
    runtime = startPrinting(t.context, { statusTimeoutMs: 150, retryBaseMs: 20, retryCapMs: 80, notReadyPollMs: 40, log: () => {} });
    const folder = dataFolder();
    for (const [name, path] of [['Clé', folder.key], ['Lien', folder.link]] as const) {
      const printer = t.must('printers.save', { name, connection: { transport: 'virtual' } }, 'technician');
      t.db.prepare("UPDATE printers SET transport = 'file', connection = ? WHERE id = ?").run(JSON.stringify({ transport: 'file', path }), printer.id);
      const job = t.must('printers.testPrint', { requestId: ulid(), printerId: printer.id }, 'technician');
      await eventually(() => t.must('printJobs.list', {}).some((j) => j.id === job.id && j.status === 'waiting' && j.reason === 'not_device' && j.attempts >= 2), 5000, `${name}: the job waits`);
    }
    expect(readFileSync(folder.key, 'utf8')).toBe(folder.secret);
  });
});

describe('who prints and previews which document', () => {
  type Kind = DocumentKind;
  /** Each document with a real order (receipt, tickets) or an id that exists nowhere: past the permission, the document check answers. */
  const documents = (s: ReturnType<typeof scene>): Record<Kind, unknown> => ({
    receipt: { kind: 'receipt', orderId: s.order.id },
    tickets: { kind: 'tickets', orderId: s.order.id },
    refund_receipt: { kind: 'refund_receipt', refundId: 'nope' },
    invoice_copy: { kind: 'invoice_copy', invoiceId: 'nope' },
    x_report: { kind: 'x_report' },
    z_report: { kind: 'z_report', zNumber: 99 },
    cash_slip: { kind: 'cash_slip', entryId: 'nope' },
  });
  const found = { refund_receipt: 'refund_not_found', invoice_copy: 'invoice_not_found', z_report: 'z_report_not_found', cash_slip: 'slip_not_found' } as const;
  const no = 'not_permitted';
  /** ok, the document's own refusal (the permission held), or not_permitted. */
  const outcomes: Record<Role, Record<Kind, string>> = {
    cashier: { receipt: 'ok', tickets: 'ok', refund_receipt: found.refund_receipt, invoice_copy: found.invoice_copy, x_report: 'ok', z_report: no, cash_slip: no },
    supervisor: { receipt: 'ok', tickets: 'ok', refund_receipt: found.refund_receipt, invoice_copy: found.invoice_copy, x_report: 'ok', z_report: found.z_report, cash_slip: found.cash_slip },
    technician: { receipt: no, tickets: no, refund_receipt: no, invoice_copy: no, x_report: no, z_report: no, cash_slip: no },
    administrator: { receipt: no, tickets: no, refund_receipt: no, invoice_copy: no, x_report: no, z_report: no, cash_slip: no },
  };
  const rows = (['printing.preview', 'printing.print'] as const).flatMap((method) =>
    (Object.keys(outcomes) as Role[]).flatMap((role) => (Object.keys(outcomes[role]) as Kind[]).map((kind) => [method, role, kind, outcomes[role][kind]] as const)),
  );

  it.each(rows)('%s by a %s of a %s: %s', (method, role, kind, outcome) => {
    const s = scene();
    const document = documents(s)[kind];
    const input = method === 'printing.print' ? { requestId: ulid(), document } : { document };
    const before = counts(s.t);
    const result = s.t.call(method, input as never, role);
    const after = counts(s.t);
    if (outcome === 'ok') {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result).toMatchObject({ ok: false, error: { code: outcome } });
    if (outcome === no) {
      // audited as the door audits a refusal, and nothing else written
      const denied = s.t.db.prepare("SELECT user_id, details FROM audit_log WHERE action = 'auth.denied' ORDER BY rowid DESC LIMIT 1").get() as { user_id: string; details: string };
      expect(denied.user_id).toBe({ cashier: 'u-cashier', supervisor: 'u-supervisor', technician: 'u-technician', administrator: 'u-admin' }[role]);
      expect(JSON.parse(denied.details)).toMatchObject({ method, permission: role === 'administrator' ? 'print:manage' : documentAccess[kind] });
      after.audit_log! -= 1;
    }
    expect(after).toEqual(before);
  });

  it('the technician previews a sample receipt of fixed data on each printer, and prints test pages', () => {
    const s = scene();
    const sample = s.t.must('printing.previewSample', { printerId: s.bare.id }, 'technician');
    expect(sample.columns).toBe(32);
    expect(sample.text).toContain('G1-000042'); // the reference receipt, never a real order
    expect(sample.text).not.toContain(s.order.number);
    expect(s.t.must('printing.previewSample', {}, 'technician')).toMatchObject({ columns: 48, note: 'Comptoir' });
    expect(s.t.call('printing.previewSample', { printerId: 'nope' }, 'technician')).toMatchObject({ ok: false, error: { code: 'printer_not_found' } });
    expect(s.t.call('printing.previewSample', {}, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    expect(s.t.must('printers.testPrint', { requestId: ulid(), printerId: s.printer.id }, 'technician')).toMatchObject({ kind: 'test_print', status: 'queued' });
  });
});

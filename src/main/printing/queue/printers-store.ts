// Printers as stored (migration 003): read, write, and which one a document goes to.
import type { z } from 'zod';
import type { Printer, PrinterSaveInput } from '../../../shared/api/printing-schemas.ts';
import { stmt, type Db } from '../../kernel/db/connection.ts';
import { codePageInfo } from '../escpos/code-pages.ts';
import { defaultColumns } from '../escpos/profile.ts';
import { unknownStatus, type PrinterStatus } from '../escpos/status.ts';
import type { TillContext } from '../../kernel/context.ts';
import { printingOf } from '../registration.ts';

export type PrinterView = z.infer<typeof Printer>;
export type PrinterConfig = Omit<PrinterView, 'status'>;
export type DocumentClass = 'receipt' | 'ticket' | 'report';

interface PrinterRow {
  id: string;
  name: string;
  transport: string;
  connection: string;
  width_mm: 58 | 80;
  columns: number;
  code_page: PrinterView['codePage'];
  code_page_number: number;
  status_mode: PrinterView['statusMode'];
  prints_receipts: number;
  prints_tickets: number;
  prints_reports: number;
  ticket_code: PrinterView['ticketCode'];
  drawer_pin: 2 | 5 | null;
  drawer_sensor: PrinterView['drawerSensor'];
  active: number;
  updated_at_ms: number;
}

function toConfig(row: PrinterRow): PrinterConfig {
  const documents: DocumentClass[] = [];
  if (row.prints_receipts) documents.push('receipt');
  if (row.prints_tickets) documents.push('ticket');
  if (row.prints_reports) documents.push('report');
  return {
    id: row.id,
    name: row.name,
    connection: JSON.parse(row.connection) as PrinterView['connection'],
    widthMm: row.width_mm,
    columns: row.columns,
    codePage: row.code_page,
    codePageNumber: row.code_page_number,
    statusMode: row.status_mode,
    documents,
    ticketCode: row.ticket_code,
    drawerPin: row.drawer_pin,
    drawerSensor: row.drawer_sensor,
    isActive: row.active === 1,
    updatedAtMs: row.updated_at_ms,
  };
}

/** The printer's last status read back, kept by this till's printing registration (unknown where printing is not started). */
export function printerStatus(till: TillContext, printerId: string): PrinterStatus {
  return printingOf(till)?.statuses.get(printerId) ?? unknownStatus('unknown', null, null);
}

export function setPrinterStatus(till: TillContext, printerId: string, status: PrinterStatus): void {
  printingOf(till)?.statuses.set(printerId, status);
}

export function listPrinters(till: TillContext): PrinterView[] {
  const rows = stmt(till.db, 'SELECT * FROM printers ORDER BY name').all() as PrinterRow[];
  return rows.map((r) => ({ ...toConfig(r), status: printerStatus(till, r.id) }));
}

export function printerById(db: Db, id: string): PrinterConfig | null {
  const row = stmt(db, 'SELECT * FROM printers WHERE id = ?').get(id) as PrinterRow | undefined;
  return row ? toConfig(row) : null;
}

export function printerByName(db: Db, name: string): PrinterConfig | null {
  const row = stmt(db, 'SELECT * FROM printers WHERE name = ? COLLATE NOCASE').get(name) as PrinterRow | undefined;
  return row ? toConfig(row) : null;
}

/** The active printer that prints this class of document: the oldest one configured. */
export function printerFor(db: Db, documentClass: DocumentClass): PrinterConfig | null {
  const column = { receipt: 'prints_receipts', ticket: 'prints_tickets', report: 'prints_reports' }[documentClass];
  const row = stmt(db, `SELECT * FROM printers WHERE active = 1 AND ${column} = 1 ORDER BY created_at_ms, id LIMIT 1`).get() as PrinterRow | undefined;
  return row ? toConfig(row) : null;
}

/** Where the drawer hangs: the receipt printer if it has one, else any active printer with a drawer. */
export function drawerPrinter(db: Db): PrinterConfig | null {
  const row = stmt(db, 'SELECT * FROM printers WHERE active = 1 AND drawer_pin IS NOT NULL ORDER BY prints_receipts DESC, created_at_ms, id LIMIT 1').get() as PrinterRow | undefined;
  return row ? toConfig(row) : null;
}

export function writePrinter(db: Db, id: string, input: z.output<typeof PrinterSaveInput>, nowMs: number, isNew: boolean): void {
  const values = {
    id,
    name: input.name,
    transport: input.connection.transport,
    connection: JSON.stringify(input.connection),
    width_mm: input.widthMm,
    columns: input.columns ?? defaultColumns(input.widthMm),
    code_page: input.codePage,
    code_page_number: input.codePageNumber ?? codePageInfo[input.codePage].epsonNumber,
    status_mode: input.statusMode,
    prints_receipts: input.documents.includes('receipt') ? 1 : 0,
    prints_tickets: input.documents.includes('ticket') ? 1 : 0,
    prints_reports: input.documents.includes('report') ? 1 : 0,
    ticket_code: input.ticketCode,
    drawer_pin: input.drawerPin,
    drawer_sensor: input.drawerSensor,
    active: input.isActive ? 1 : 0,
    now: nowMs,
  };
  if (isNew) {
    stmt(
      db,
      `INSERT INTO printers (id, name, transport, connection, width_mm, columns, code_page, code_page_number, status_mode, prints_receipts, prints_tickets,
         prints_reports, ticket_code, drawer_pin, drawer_sensor, active, created_at_ms, updated_at_ms)
       VALUES (@id, @name, @transport, @connection, @width_mm, @columns, @code_page, @code_page_number, @status_mode, @prints_receipts, @prints_tickets,
         @prints_reports, @ticket_code, @drawer_pin, @drawer_sensor, @active, @now, @now)`,
    ).run(values);
  } else {
    stmt(
      db,
      `UPDATE printers SET name = @name, transport = @transport, connection = @connection, width_mm = @width_mm, columns = @columns, code_page = @code_page,
         code_page_number = @code_page_number, status_mode = @status_mode, prints_receipts = @prints_receipts, prints_tickets = @prints_tickets,
         prints_reports = @prints_reports, ticket_code = @ticket_code, drawer_pin = @drawer_pin, drawer_sensor = @drawer_sensor, active = @active, updated_at_ms = @now
       WHERE id = @id`,
    ).run(values);
  }
}

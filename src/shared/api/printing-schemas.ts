// Runtime schemas of the printing and cash-drawer methods (DESIGN C10): printers and how
// they are reached, their status as read back, the print queue's jobs, documents to print
// or preview, and what discovery finds. Types are inferred from them.
import { z } from 'zod';
import { Id, OptionalText, RequestId, Text, TimestampMs } from './schemas.ts';
import { listRowsMax } from '../limits.ts';

// ---- printers ---------------------------------------------------------------------

export const printerTransports = ['network', 'serial', 'usb', 'file', 'virtual'] as const;
/** What a printer may be given: receipts (sales, refunds, invoices' receipt copies), tickets, reports (X/Z, cash slips). */
export const printDocumentClasses = ['receipt', 'ticket', 'report'] as const;
/** Code pages a printer profile may fix; each is sent once per document with ESC t. */
export const codePages = ['cp858', 'cp850', 'cp437', 'cp852', 'cp866', 'cp1252', 'iso8859-15'] as const;
export const statusModes = ['dle_eot', 'asb', 'none'] as const;
export const flowControls = ['none', 'rtscts', 'xonxoff'] as const;
export const baudRates = [2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const ticketCodeKinds = ['qr', 'code128'] as const;
export const drawerSensors = ['none', 'open_high', 'open_low'] as const;

const Host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or an IP address');
const DevicePath = z.string().trim().min(1).max(200).regex(/^(\/[A-Za-z0-9._@:+-]+)+$|^COM[0-9]{1,3}$/, 'an absolute device path or COMn');
const UsbId = z.number().int().min(0).max(0xffff);

export const PrinterConnection = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('network'), host: Host, port: z.number().int().min(1).max(65535).default(9100) }),
  z.object({
    transport: z.literal('serial'),
    path: DevicePath,
    baudRate: z.literal(baudRates).default(38400),
    flowControl: z.enum(flowControls).default('rtscts'),
  }),
  z.object({ transport: z.literal('usb'), vendorId: UsbId, productId: UsbId, serialNumber: z.string().trim().max(128).optional() }),
  z.object({ transport: z.literal('file'), path: DevicePath }),
  z.object({ transport: z.literal('virtual') }),
]);

/** Where the till stands with a printer: the summary a screen shows as a light. */
export const printerStates = ['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'no_answer', 'unreachable', 'not_supported', 'unknown'] as const;
export const PrinterState = z.enum(printerStates);

export const PrinterStatus = z.object({
  state: PrinterState,
  isOnline: z.boolean().nullable(),
  isCoverOpen: z.boolean().nullable(),
  paper: z.enum(['ok', 'near_end', 'out']).nullable(),
  /** Only where the drawer's sensor is configured (its polarity depends on the drawer). */
  isDrawerOpen: z.boolean().nullable(),
  /** The raw level of the drawer connector's pin 3, for setting up the sensor. */
  drawerPinHigh: z.boolean().nullable(),
  errors: z.array(z.enum(['mechanical', 'autocutter', 'unrecoverable', 'auto_recoverable'])),
  source: z.enum(['dle_eot', 'asb', 'none']),
  /** Why the printer could not be reached or did not answer (a transport code). */
  detail: z.string().nullable(),
  checkedAtMs: TimestampMs.nullable(),
});

export const Printer = z.object({
  id: Id,
  name: z.string(),
  connection: PrinterConnection,
  widthMm: z.literal([58, 80]),
  columns: z.number().int().min(24).max(64),
  codePage: z.enum(codePages),
  /** The ESC t number of the code page on this printer's firmware (clones differ). */
  codePageNumber: z.number().int().min(0).max(255),
  statusMode: z.enum(statusModes),
  documents: z.array(z.enum(printDocumentClasses)),
  ticketCode: z.enum(ticketCodeKinds),
  /** Connector pin the drawer's solenoid is on; null: no drawer on this printer. */
  drawerPin: z.literal([2, 5]).nullable(),
  drawerSensor: z.enum(drawerSensors),
  isActive: z.boolean(),
  updatedAtMs: TimestampMs,
  status: PrinterStatus,
});

export const PrinterSaveInput = z.object({
  /** Absent: a new printer. */
  id: Id.optional(),
  name: Text,
  connection: PrinterConnection,
  widthMm: z.literal([58, 80]).default(80),
  /** Characters per line in font A; default 32 at 58 mm, 48 at 80 mm. */
  columns: z.number().int().min(24).max(64).optional(),
  codePage: z.enum(codePages).default('cp858'),
  /** Default: Epson's number for the code page. */
  codePageNumber: z.number().int().min(0).max(255).optional(),
  statusMode: z.enum(statusModes).default('dle_eot'),
  documents: z.array(z.enum(printDocumentClasses)).max(printDocumentClasses.length).default([]),
  ticketCode: z.enum(ticketCodeKinds).default('qr'),
  drawerPin: z.literal([2, 5]).nullable().default(null),
  drawerSensor: z.enum(drawerSensors).default('none'),
  isActive: z.boolean().default(true),
});

export const PrinterRef = z.object({ printerId: Id });
export const PrinterStatusInput = z.object({ printerId: Id, refresh: z.boolean().default(false) });
export const PrinterActionInput = z.object({ requestId: RequestId, printerId: Id });

// ---- discovery --------------------------------------------------------------------

export const UsbDeviceFound = z.object({
  vendorId: UsbId,
  productId: UsbId,
  busNumber: z.number().int(),
  deviceAddress: z.number().int(),
  /** The device has a printer-class interface (USB class 7). */
  isPrinter: z.boolean(),
  /** The vendor is one of the udev rule's (assets/udev). */
  isKnownVendor: z.boolean(),
});
export const SerialPortFound = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});
export const Discovery = z.object({
  state: z.enum(['idle', 'scanning', 'done']),
  startedAtMs: TimestampMs.nullable(),
  finishedAtMs: TimestampMs.nullable(),
  usb: z.array(UsbDeviceFound),
  serial: z.array(SerialPortFound),
  /** Kernel printer files (/dev/usb/lpN), the USB fallback. */
  files: z.array(z.string()),
  /** What could not be listed, and why (e.g. serial: udevadm missing). */
  problems: z.array(z.object({ source: z.enum(['usb', 'serial', 'files']), detail: z.string() })),
});
export const DiscoverInput = z.object({ refresh: z.boolean().default(false) });

// ---- documents and jobs -----------------------------------------------------------

export const DocumentRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), orderId: Id }),
  z.object({ kind: z.literal('refund_receipt'), refundId: Id }),
  z.object({ kind: z.literal('tickets'), orderId: Id, ticketId: Id.optional() }),
  z.object({ kind: z.literal('x_report') }),
  z.object({ kind: z.literal('z_report'), zNumber: z.number().int().min(1) }),
  z.object({ kind: z.literal('cash_slip'), entryId: Id }),
  /** The receipt-width copy of an invoice (or cancellation invoice) handed over at the counter. */
  z.object({ kind: z.literal('invoice_copy'), invoiceId: Id }),
]);

export const printJobKinds = ['receipt', 'refund_receipt', 'tickets', 'x_report', 'z_report', 'cash_slip', 'invoice_copy', 'drawer', 'test_print'] as const;
/**
 * queued → sending → printed, printed only when the printer confirmed it (or its status
 * reading is off); waiting: nothing of the job has left — the printer is off, does not
 * answer, is out of paper or its cover is open (retried with backoff, or polled); in_doubt:
 * the bytes may have left and the printer did not confirm (a person retries — the same
 * document, not a duplicate —, confirms it printed, or cancels); cancelled by a person
 * with a reason; expired: a drawer pulse that came too late to be useful.
 */
export const printJobStatuses = ['queued', 'sending', 'waiting', 'in_doubt', 'printed', 'cancelled', 'expired'] as const;
export const PrintJobStatus = z.enum(printJobStatuses);

export const PrintJob = z.object({
  id: Id,
  kind: z.enum(printJobKinds),
  status: PrintJobStatus,
  printerId: Id,
  printerName: z.string(),
  /** What is printed, e.g. "Reçu G1-000012" (in the till's language). */
  label: z.string(),
  orderId: Id.nullable(),
  refundId: Id.nullable(),
  zNumber: z.number().int().nullable(),
  entryId: Id.nullable(),
  ticketId: Id.nullable(),
  invoiceId: Id.nullable(),
  /** 0: the original; n: DUPLICATA n. */
  copyNumber: z.number().int().min(0),
  attempts: z.number().int().min(0),
  /** Why it waits or is in doubt: a printer state or a transport code. */
  reason: z.string().nullable(),
  createdAtMs: TimestampMs,
  createdBy: z.string(),
  nextAttemptAtMs: TimestampMs.nullable(),
  printedAtMs: TimestampMs.nullable(),
  cancelReason: z.string().nullable(),
});

export const PrintJobListInput = z.object({
  /** open: queued, sending, waiting or in doubt. */
  status: z.union([z.literal('open'), z.literal('all'), PrintJobStatus]).default('open'),
  orderId: Id.optional(),
  limit: z.number().int().min(1).max(listRowsMax).default(100),
});
export const PrintJobRef = z.object({ jobId: Id });
export const PrintJobRerouteInput = z.object({ jobId: Id, printerId: Id });
export const PrintJobCancelInput = z.object({ jobId: Id, reason: Text });

export const PrintDocumentInput = z.object({ requestId: RequestId, document: DocumentRef, printerId: Id.optional() });
export const DrawerOpenInput = z.object({ requestId: RequestId, printerId: Id.optional(), reason: Text });

export const PreviewInput = z.object({
  document: DocumentRef,
  /** The profile (width, code page, ticket code) to render for; default the document's printer, else 80 mm cp858. */
  printerId: Id.optional(),
});
/** The sample receipt (fixed data) on a printer's profile; default the receipt printer's, else 80 mm cp858. */
export const SamplePreviewInput = z.object({ printerId: Id.optional() });
export const Preview = z.object({
  /** The text the virtual printer read back from the bytes, one line per printed line. */
  text: z.string(),
  pngBase64: z.string(),
  widthPx: z.number().int().min(1),
  heightPx: z.number().int().min(1),
  bytes: z.number().int().min(0),
  columns: z.number().int(),
  note: OptionalText,
});

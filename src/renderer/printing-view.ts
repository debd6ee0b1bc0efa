// Pure helpers of the printing screens: a printer's status as a light and its facts, the
// technician's form as text fields turned into the contract's input (with a typed reason
// per field when the text is wrong), discovered devices put into the form, and which
// actions a print job allows. No I/O, no React.
import type { InputOf, OutputOf } from '../shared/api/contract.ts';
import { assertNever } from '../shared/assert.ts';

export type Printer = OutputOf<'printers.list'>[number];
export type PrinterStatus = Printer['status'];
export type PrinterState = PrinterStatus['state'];
export type PrinterConnection = Printer['connection'];
export type Transport = PrinterConnection['transport'];
export type PrinterSave = InputOf<'printers.save'>;
export type Discovery = OutputOf<'printers.discover'>;
export type UsbDevice = Discovery['usb'][number];
export type SerialPortInfo = Discovery['serial'][number];
export type PrintJob = OutputOf<'printJobs.list'>[number];
export type PrintJobStatus = PrintJob['status'];
export type DocumentClass = Printer['documents'][number];
export type CodePage = Printer['codePage'];
export type FlowControl = Extract<PrinterConnection, { transport: 'serial' }>['flowControl'];
export type BaudRate = Extract<PrinterConnection, { transport: 'serial' }>['baudRate'];

// ---- status -----------------------------------------------------------------------

export type Tone = 'ok' | 'warn' | 'error' | 'unknown';

/**
 * The colour of a printer's light: prints (ok), prints but look (warn), cannot print
 * (error). A printer that does not answer while its status is read gets no job: the queue
 * never takes silence for "ready".
 */
export function statusTone(state: PrinterState): Tone {
  switch (state) {
    case 'ready':
      return 'ok';
    case 'paper_near_end':
    case 'not_supported':
      return 'warn';
    case 'paper_out':
    case 'cover_open':
    case 'offline':
    case 'error':
    case 'no_answer':
    case 'unreachable':
      return 'error';
    case 'unknown':
      return 'unknown';
    default:
      return assertNever(state, 'printer state');
  }
}

/** The i18n keys (under printers.status) of what the printer said, in reading order. */
export type StatusFact = 'online' | 'notOnline' | 'coverOpen' | 'coverClosed' | 'paperOk' | 'paperNearEnd' | 'paperOut' | 'drawerOpen' | 'drawerClosed';

export function statusFacts(status: PrinterStatus): StatusFact[] {
  const facts: StatusFact[] = [];
  if (status.isOnline !== null) facts.push(status.isOnline ? 'online' : 'notOnline');
  if (status.isCoverOpen !== null) facts.push(status.isCoverOpen ? 'coverOpen' : 'coverClosed');
  if (status.paper !== null) facts.push(status.paper === 'ok' ? 'paperOk' : status.paper === 'near_end' ? 'paperNearEnd' : 'paperOut');
  if (status.isDrawerOpen !== null) facts.push(status.isDrawerOpen ? 'drawerOpen' : 'drawerClosed');
  return facts;
}

/** A status read after `sinceMs` (the refresh asked for has come back). */
export function isReadSince(status: PrinterStatus, sinceMs: number | null): boolean {
  return status.checkedAtMs !== null && (sinceMs === null || status.checkedAtMs > sinceMs);
}

// ---- the technician's form ----------------------------------------------------------

/** The form as typed: every field text, so that a half-typed value is never lost. */
export interface PrinterDraft {
  id: string | null;
  name: string;
  transport: Transport;
  host: string;
  port: string;
  path: string;
  baudRate: BaudRate;
  flowControl: FlowControl;
  vendorId: string;
  productId: string;
  serialNumber: string;
  widthMm: 58 | 80;
  columns: string;
  codePage: CodePage;
  codePageNumber: string;
  documents: DocumentClass[];
  ticketCode: Printer['ticketCode'];
  drawerPin: Printer['drawerPin'];
  drawerSensor: Printer['drawerSensor'];
  statusMode: Printer['statusMode'];
  isActive: boolean;
}

export function emptyDraft(transport: Transport = 'network'): PrinterDraft {
  return {
    id: null,
    name: '',
    transport,
    host: '',
    port: '9100',
    path: '',
    baudRate: 38400,
    flowControl: 'rtscts',
    vendorId: '',
    productId: '',
    serialNumber: '',
    widthMm: 80,
    columns: '',
    codePage: 'cp858',
    codePageNumber: '',
    documents: ['receipt', 'ticket', 'report'],
    ticketCode: 'qr',
    drawerPin: null,
    drawerSensor: 'none',
    statusMode: 'dle_eot',
    isActive: true,
  };
}

/** A USB id as the udev rule and lsusb write it: four hex digits. */
export function hexId(id: number): string {
  return id.toString(16).padStart(4, '0');
}

export function draftOf(printer: Printer): PrinterDraft {
  const draft: PrinterDraft = {
    ...emptyDraft(printer.connection.transport),
    id: printer.id,
    name: printer.name,
    widthMm: printer.widthMm,
    columns: String(printer.columns),
    codePage: printer.codePage,
    codePageNumber: String(printer.codePageNumber),
    documents: [...printer.documents],
    ticketCode: printer.ticketCode,
    drawerPin: printer.drawerPin,
    drawerSensor: printer.drawerSensor,
    statusMode: printer.statusMode,
    isActive: printer.isActive,
  };
  const c = printer.connection;
  switch (c.transport) {
    case 'network':
      return { ...draft, host: c.host, port: String(c.port) };
    case 'serial':
      return { ...draft, path: c.path, baudRate: c.baudRate, flowControl: c.flowControl };
    case 'usb':
      return { ...draft, vendorId: hexId(c.vendorId), productId: hexId(c.productId), serialNumber: c.serialNumber ?? '' };
    case 'file':
      return { ...draft, path: c.path };
    case 'virtual':
      return draft;
    default:
      return assertNever(c, 'connection');
  }
}

export function draftFromUsb(draft: PrinterDraft, device: UsbDevice): PrinterDraft {
  return { ...draft, transport: 'usb', vendorId: hexId(device.vendorId), productId: hexId(device.productId), serialNumber: '' };
}

export function draftFromSerial(draft: PrinterDraft, port: SerialPortInfo): PrinterDraft {
  return { ...draft, transport: 'serial', path: port.path };
}

export function draftFromFile(draft: PrinterDraft, path: string): PrinterDraft {
  return { ...draft, transport: 'file', path };
}

/** Fields the form checks before sending; each names its message under printers.invalid. */
export type DraftField = 'name' | 'host' | 'port' | 'path' | 'vendorId' | 'productId' | 'columns' | 'codePageNumber';
export type DraftProblem = 'name' | 'host' | 'port' | 'path' | 'usbId' | 'columns' | 'codePageNumber';
export type DraftResult = { ok: true; value: PrinterSave } | { ok: false; problems: Partial<Record<DraftField, DraftProblem>> };

const hostPattern = /^[A-Za-z0-9.:_-]{1,253}$/;
const pathPattern = /^(\/[A-Za-z0-9._@:+-]+)+$|^COM[0-9]{1,3}$/;

/** A whole number typed in decimal within [min, max]; null for anything else. */
export function parseWhole(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** A USB vendor or product id typed in hex ("04b8", "0x04B8"); null for anything else. */
export function parseUsbId(text: string): number | null {
  const match = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return match ? Number.parseInt(match[1]!, 16) : null;
}

function connectionOf(d: PrinterDraft, problems: Partial<Record<DraftField, DraftProblem>>): PrinterSave['connection'] | null {
  const path = d.path.trim();
  switch (d.transport) {
    case 'network': {
      const host = d.host.trim();
      const port = parseWhole(d.port, 1, 65535);
      if (!hostPattern.test(host)) problems.host = 'host';
      if (port === null) problems.port = 'port';
      return port === null ? null : { transport: 'network', host, port };
    }
    case 'serial':
      if (!pathPattern.test(path)) problems.path = 'path';
      return { transport: 'serial', path, baudRate: d.baudRate, flowControl: d.flowControl };
    case 'usb': {
      const vendorId = parseUsbId(d.vendorId);
      const productId = parseUsbId(d.productId);
      if (vendorId === null) problems.vendorId = 'usbId';
      if (productId === null) problems.productId = 'usbId';
      if (vendorId === null || productId === null) return null;
      const serialNumber = d.serialNumber.trim();
      return { transport: 'usb', vendorId, productId, ...(serialNumber ? { serialNumber } : {}) };
    }
    case 'file':
      if (!pathPattern.test(path)) problems.path = 'path';
      return { transport: 'file', path };
    case 'virtual':
      return { transport: 'virtual' };
    default:
      return assertNever(d.transport, 'transport');
  }
}

/** The form's text as the contract's input, or the fields that are wrong and why. */
export function draftToInput(d: PrinterDraft): DraftResult {
  const problems: Partial<Record<DraftField, DraftProblem>> = {};
  const name = d.name.trim();
  if (name === '') problems.name = 'name';
  const connection = connectionOf(d, problems);
  const columns = d.columns.trim() === '' ? undefined : parseWhole(d.columns, 24, 64);
  if (columns === null) problems.columns = 'columns';
  const codePageNumber = d.codePageNumber.trim() === '' ? undefined : parseWhole(d.codePageNumber, 0, 255);
  if (codePageNumber === null) problems.codePageNumber = 'codePageNumber';
  if (Object.keys(problems).length > 0 || connection === null || columns === null || codePageNumber === null) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...(d.id ? { id: d.id } : {}),
      name,
      connection,
      widthMm: d.widthMm,
      ...(columns !== undefined ? { columns } : {}),
      codePage: d.codePage,
      ...(codePageNumber !== undefined ? { codePageNumber } : {}),
      statusMode: d.statusMode,
      documents: d.documents,
      ticketCode: d.ticketCode,
      drawerPin: d.drawerPin,
      drawerSensor: d.drawerPin === null ? 'none' : d.drawerSensor,
      isActive: d.isActive,
    },
  };
}

/** A width change resets columns typed for the other width (32 is not a valid 80 mm count by intent). */
export function withWidth(d: PrinterDraft, widthMm: 58 | 80): PrinterDraft {
  return { ...d, widthMm, columns: d.widthMm === widthMm ? d.columns : '' };
}

export function toggleDocument(documents: readonly DocumentClass[], document: DocumentClass): DocumentClass[] {
  const order: DocumentClass[] = ['receipt', 'ticket', 'report'];
  const next = documents.includes(document) ? documents.filter((x) => x !== document) : [...documents, document];
  return order.filter((x) => next.includes(x));
}

/** Where a printer is, in one line: "192.168.1.50:9100", "/dev/ttyUSB0 · 38400 bauds", "USB 04b8:0202". */
export function connectionSummary(c: PrinterConnection): string {
  switch (c.transport) {
    case 'network':
      return `${c.host}:${c.port}`;
    case 'serial':
      return `${c.path} · ${c.baudRate} bauds · ${c.flowControl}`;
    case 'usb':
      return `USB ${hexId(c.vendorId)}:${hexId(c.productId)}${c.serialNumber ? ` · ${c.serialNumber}` : ''}`;
    case 'file':
      return c.path;
    case 'virtual':
      return 'virtual';
    default:
      return assertNever(c, 'connection');
  }
}

// ---- discovery ----------------------------------------------------------------------

/** Whole seconds a scan has taken so far (for "Recherche en cours… 2 s"). */
export function scanSeconds(discovery: Discovery, nowMs: number): number {
  if (discovery.startedAtMs === null) return 0;
  const end = discovery.state === 'done' && discovery.finishedAtMs !== null ? discovery.finishedAtMs : nowMs;
  return Math.max(0, Math.floor((end - discovery.startedAtMs) / 1000));
}

/** Printers first, then known vendors, then the rest (hubs, keyboards…). */
export function sortUsb(devices: readonly UsbDevice[]): UsbDevice[] {
  const rank = (d: UsbDevice) => (d.isPrinter ? 0 : d.isKnownVendor ? 1 : 2);
  return [...devices].sort((a, b) => rank(a) - rank(b) || a.busNumber - b.busNumber || a.deviceAddress - b.deviceAddress);
}

// ---- the print queue ----------------------------------------------------------------

/** Jobs a person should look at: the printer refused them or they may not have printed. */
export function needsAttention(job: PrintJob): boolean {
  return job.status === 'waiting' || job.status === 'in_doubt';
}

export function attentionCount(jobs: readonly PrintJob[]): number {
  return jobs.filter(needsAttention).length;
}

export interface JobActions {
  retry: boolean;
  reroute: boolean;
  cancel: boolean;
  confirm: boolean;
}

/** What a person should know to act on a job: in doubt (look at the paper), or waiting for a printer that does not answer. */
export function jobHint(job: Pick<PrintJob, 'status' | 'reason'>): 'inDoubt' | 'noAnswer' | null {
  if (job.status === 'in_doubt') return 'inDoubt';
  if (job.status === 'waiting' && job.reason === 'no_answer') return 'noAnswer';
  return null;
}

/** What the back end accepts for a job in this status (sending: nothing until it settles). */
export function jobActions(status: PrintJobStatus): JobActions {
  const isOpen = status === 'queued' || status === 'waiting' || status === 'in_doubt';
  return { retry: status === 'waiting' || status === 'in_doubt', reroute: isOpen, cancel: isOpen, confirm: status === 'in_doubt' };
}

/** The other active printers a job may go to. */
export function rerouteTargets(job: PrintJob, printers: readonly Printer[]): Printer[] {
  return printers.filter((p) => p.isActive && p.id !== job.printerId);
}

/** A reason is a printer state or a transport code: which catalogue names it (or neither: shown raw). */
export function reasonSource(reason: string): 'state' | 'transport' | 'raw' {
  const states: readonly string[] = ['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'no_answer', 'unreachable', 'not_supported', 'unknown'];
  const transport: readonly string[] = ['not_found', 'busy', 'access_denied', 'io_error', 'timeout', 'not_device', 'too_late', 'render_failed'];
  if (states.includes(reason)) return 'state';
  if (transport.includes(reason)) return 'transport';
  return 'raw';
}

/** Whether a document of an order has been sent to a printer before: printing it again makes a DUPLICATA. */
export function hasBeenQueued(jobs: readonly PrintJob[], kind: 'receipt' | 'tickets'): boolean {
  return jobs.some((j) => j.kind === kind && j.status !== 'cancelled' && j.status !== 'expired');
}

// The printing screens' pure helpers: status lights and facts, the technician's form to
// the contract's input (table-driven refusals at the bounds), discovered devices into the
// form, and what a print job allows.
import { describe, expect, it } from 'vitest';
import { PrinterSaveInput } from '../shared/api/printing-schemas.ts';
import {
  attentionCount,
  connectionSummary,
  draftFromFile,
  draftFromSerial,
  draftFromUsb,
  draftOf,
  draftToInput,
  emptyDraft,
  hasBeenQueued,
  isReadSince,
  jobActions,
  jobHint,
  parseUsbId,
  parseWhole,
  reasonSource,
  rerouteTargets,
  scanSeconds,
  sortUsb,
  statusFacts,
  statusTone,
  toggleDocument,
  withWidth,
  type Discovery,
  type Printer,
  type PrinterDraft,
  type PrinterStatus,
  type PrintJob,
  type UsbDevice,
} from './printing-view.ts';

const unknown: PrinterStatus = {
  state: 'unknown',
  isOnline: null,
  isCoverOpen: null,
  paper: null,
  isDrawerOpen: null,
  drawerPinHigh: null,
  errors: [],
  source: 'none',
  detail: null,
  checkedAtMs: null,
};

function printer(patch: Partial<Printer> = {}): Printer {
  return {
    id: 'p1',
    name: 'Reçus',
    connection: { transport: 'network', host: '192.168.1.50', port: 9100 },
    widthMm: 80,
    columns: 48,
    codePage: 'cp858',
    codePageNumber: 19,
    statusMode: 'dle_eot',
    documents: ['receipt'],
    ticketCode: 'qr',
    drawerPin: 2,
    drawerSensor: 'none',
    isActive: true,
    updatedAtMs: 1,
    status: unknown,
    ...patch,
  };
}

function job(patch: Partial<PrintJob> = {}): PrintJob {
  return {
    id: 'j1',
    kind: 'receipt',
    status: 'queued',
    printerId: 'p1',
    printerName: 'Reçus',
    label: 'Reçu G1-000001',
    orderId: 'o1',
    refundId: null,
    zNumber: null,
    entryId: null,
    ticketId: null,
    invoiceId: null,
    copyNumber: 0,
    attempts: 0,
    reason: null,
    createdAtMs: 1,
    createdBy: 'Camille',
    nextAttemptAtMs: null,
    printedAtMs: null,
    cancelReason: null,
    ...patch,
  };
}

describe('printer status', () => {
  it('lights ready green, a near-end roll or unread status amber, what cannot print (a silent printer too) red', () => {
    expect(statusTone('ready')).toBe('ok');
    expect(statusTone('paper_near_end')).toBe('warn');
    expect(statusTone('not_supported')).toBe('warn');
    expect(statusTone('no_answer')).toBe('error');
    expect(statusTone('paper_out')).toBe('error');
    expect(statusTone('cover_open')).toBe('error');
    expect(statusTone('unreachable')).toBe('error');
    expect(statusTone('unknown')).toBe('unknown');
  });

  it('lists only what the printer reported', () => {
    expect(statusFacts(unknown)).toEqual([]);
    expect(statusFacts({ ...unknown, state: 'paper_out', isOnline: false, isCoverOpen: false, paper: 'out', isDrawerOpen: true })).toEqual([
      'notOnline',
      'coverClosed',
      'paperOut',
      'drawerOpen',
    ]);
    expect(statusFacts({ ...unknown, isOnline: true, paper: 'near_end' })).toEqual(['online', 'paperNearEnd']);
  });

  it('knows when a refreshed status has come back', () => {
    expect(isReadSince(unknown, null)).toBe(false);
    expect(isReadSince({ ...unknown, checkedAtMs: 5 }, null)).toBe(true);
    expect(isReadSince({ ...unknown, checkedAtMs: 5 }, 5)).toBe(false);
    expect(isReadSince({ ...unknown, checkedAtMs: 6 }, 5)).toBe(true);
  });
});

describe('the printer form', () => {
  const network = (patch: Partial<PrinterDraft>) => draftToInput({ ...emptyDraft('network'), name: 'Reçus', host: '127.0.0.1', ...patch });

  it('turns a network printer into input the contract accepts', () => {
    const result = network({ port: '9100', documents: ['receipt', 'ticket'], drawerPin: 2 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      name: 'Reçus',
      connection: { transport: 'network', host: '127.0.0.1', port: 9100 },
      widthMm: 80,
      codePage: 'cp858',
      statusMode: 'dle_eot',
      documents: ['receipt', 'ticket'],
      ticketCode: 'qr',
      drawerPin: 2,
      drawerSensor: 'none',
      isActive: true,
    });
    expect(PrinterSaveInput.safeParse(result.value).success).toBe(true);
  });

  it.each([
    ['port', '0', 'port'],
    ['port', '1', null],
    ['port', '65535', null],
    ['port', '65536', 'port'],
    ['port', '9100.5', 'port'],
    ['port', '', 'port'],
    ['host', '', 'host'],
    ['host', 'imprimante caisse', 'host'],
    ['host', 'printer-1.local', null],
    ['name', '   ', 'name'],
    ['columns', '23', 'columns'],
    ['columns', '24', null],
    ['columns', '64', null],
    ['columns', '65', 'columns'],
    ['codePageNumber', '255', null],
    ['codePageNumber', '256', 'codePageNumber'],
    ['codePageNumber', '-1', 'codePageNumber'],
  ] as const)('%s = %j → %s', (field, text, problem) => {
    const result = network({ [field]: text });
    if (problem === null) {
      expect(result.ok).toBe(true);
      if (result.ok) expect(PrinterSaveInput.safeParse(result.value).success).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[field]).toBe(problem);
    }
  });

  it('checks serial paths and USB ids', () => {
    const serial = draftToInput({ ...emptyDraft('serial'), name: 'S', path: '/dev/ttyUSB0', baudRate: 9600, flowControl: 'xonxoff' });
    expect(serial.ok && serial.value.connection).toEqual({ transport: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, flowControl: 'xonxoff' });
    expect(draftToInput({ ...emptyDraft('serial'), name: 'S', path: 'ttyUSB0' })).toEqual({ ok: false, problems: { path: 'path' } });
    expect(draftToInput({ ...emptyDraft('file'), name: 'F', path: 'COM3' }).ok).toBe(true);
    const usb = draftToInput({ ...emptyDraft('usb'), name: 'U', vendorId: '04B8', productId: '0x0202' });
    expect(usb.ok && usb.value.connection).toEqual({ transport: 'usb', vendorId: 0x04b8, productId: 0x0202 });
    expect(draftToInput({ ...emptyDraft('usb'), name: 'U', vendorId: '104b8', productId: 'zz' })).toEqual({ ok: false, problems: { vendorId: 'usbId', productId: 'usbId' } });
  });

  it('parses whole numbers and hex ids strictly', () => {
    expect(parseWhole(' 42 ', 0, 100)).toBe(42);
    expect(parseWhole('1e3', 0, 5000)).toBeNull();
    expect(parseUsbId('ffff')).toBe(0xffff);
    expect(parseUsbId('')).toBeNull();
  });

  it('reads a saved printer back into the same input', () => {
    for (const connection of [
      { transport: 'network', host: 'h', port: 9101 },
      { transport: 'serial', path: '/dev/ttyS0', baudRate: 115200, flowControl: 'none' },
      { transport: 'usb', vendorId: 0x0519, productId: 1, serialNumber: 'ABC' },
      { transport: 'file', path: '/dev/usb/lp0' },
      { transport: 'virtual' },
    ] as const) {
      const result = draftToInput(draftOf(printer({ connection })));
      expect(result.ok && result.value.connection).toEqual(connection);
      expect(result.ok && result.value.id).toBe('p1');
    }
  });

  it('puts a discovered device into the form', () => {
    const usb: UsbDevice = { vendorId: 0x04b8, productId: 0x0202, busNumber: 1, deviceAddress: 4, isPrinter: true, isKnownVendor: true };
    expect(draftFromUsb(emptyDraft(), usb)).toMatchObject({ transport: 'usb', vendorId: '04b8', productId: '0202' });
    expect(draftFromSerial(emptyDraft(), { path: '/dev/ttyUSB0', manufacturer: null, serialNumber: null, vendorId: null, productId: null })).toMatchObject({ transport: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 });
    expect(draftFromFile(emptyDraft(), '/dev/usb/lp0')).toMatchObject({ transport: 'file', path: '/dev/usb/lp0' });
  });

  it('forgets columns typed for the other width, keeps documents in order, drops the sensor without a drawer', () => {
    expect(withWidth({ ...emptyDraft(), columns: '48' }, 58).columns).toBe('');
    expect(withWidth({ ...emptyDraft(), columns: '48' }, 80).columns).toBe('48');
    expect(toggleDocument(['report'], 'receipt')).toEqual(['receipt', 'report']);
    expect(toggleDocument(['receipt', 'report'], 'receipt')).toEqual(['report']);
    const result = draftToInput({ ...emptyDraft(), name: 'R', host: 'h', drawerPin: null, drawerSensor: 'open_high' });
    expect(result.ok && result.value.drawerSensor).toBe('none');
  });

  it('summarises a connection in one line', () => {
    expect(connectionSummary({ transport: 'network', host: '10.0.0.9', port: 9100 })).toBe('10.0.0.9:9100');
    expect(connectionSummary({ transport: 'usb', vendorId: 0x4b8, productId: 0x202 })).toBe('USB 04b8:0202');
  });
});

describe('discovery', () => {
  const base: Discovery = { state: 'scanning', startedAtMs: 1000, finishedAtMs: null, usb: [], serial: [], files: [], problems: [] };

  it('counts the seconds of a scan, stopping when it is done', () => {
    expect(scanSeconds({ ...base, startedAtMs: null, state: 'idle' }, 5000)).toBe(0);
    expect(scanSeconds(base, 3999)).toBe(2);
    expect(scanSeconds({ ...base, state: 'done', finishedAtMs: 2500 }, 9000)).toBe(1);
  });

  it('lists printers first', () => {
    const d = (patch: Partial<UsbDevice>): UsbDevice => ({ vendorId: 1, productId: 1, busNumber: 1, deviceAddress: 1, isPrinter: false, isKnownVendor: false, ...patch });
    const sorted = sortUsb([d({ deviceAddress: 1 }), d({ deviceAddress: 2, isKnownVendor: true }), d({ deviceAddress: 3, isPrinter: true })]);
    expect(sorted.map((x) => x.deviceAddress)).toEqual([3, 2, 1]);
  });
});

describe('print jobs', () => {
  it('counts the jobs that need a person', () => {
    expect(attentionCount([job({ status: 'queued' }), job({ status: 'waiting' }), job({ status: 'in_doubt' }), job({ status: 'printed' })])).toBe(2);
  });

  it('offers what the back end accepts per status', () => {
    expect(jobHint({ status: 'in_doubt', reason: 'no_answer' })).toBe('inDoubt');
    expect(jobHint({ status: 'waiting', reason: 'no_answer' })).toBe('noAnswer');
    expect(jobHint({ status: 'waiting', reason: 'paper_out' })).toBeNull();
    expect(jobHint({ status: 'printed', reason: null })).toBeNull();
    expect(jobActions('waiting')).toEqual({ retry: true, reroute: true, cancel: true, confirm: false });
    expect(jobActions('in_doubt')).toEqual({ retry: true, reroute: true, cancel: true, confirm: true });
    expect(jobActions('queued')).toEqual({ retry: false, reroute: true, cancel: true, confirm: false });
    for (const s of ['sending', 'printed', 'cancelled', 'expired'] as const) expect(jobActions(s)).toEqual({ retry: false, reroute: false, cancel: false, confirm: false });
  });

  it('reroutes only to other active printers', () => {
    const printers = [printer(), printer({ id: 'p2' }), printer({ id: 'p3', isActive: false })];
    expect(rerouteTargets(job(), printers).map((p) => p.id)).toEqual(['p2']);
  });

  it('names reasons from the right catalogue', () => {
    expect(reasonSource('paper_out')).toBe('state');
    expect(reasonSource('io_error')).toBe('transport');
    expect(reasonSource('printer_gone_weird')).toBe('raw');
  });

  it('knows a document printed before comes out as a duplicate', () => {
    expect(hasBeenQueued([], 'receipt')).toBe(false);
    expect(hasBeenQueued([job({ status: 'cancelled' })], 'receipt')).toBe(false);
    expect(hasBeenQueued([job({ kind: 'tickets', status: 'printed' })], 'receipt')).toBe(false);
    expect(hasBeenQueued([job({ status: 'waiting' })], 'receipt')).toBe(true);
  });
});

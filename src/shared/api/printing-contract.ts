// The printing and cash-drawer methods of the contract (DESIGN C10): printers, the print
// queue, the drawer, receipt previews. Kept in their own file; contract.ts spreads them in.
// Talking to a printer takes time, and a method answers synchronously: status reads and
// discovery start in the background and the method answers what is known now (poll again).
import { z } from 'zod';
import { method, type MethodSpec } from './method-spec.ts';
import * as p from './printing-schemas.ts';

export const printingContract = {
  'printers.list': method('login', z.object({}), z.array(p.Printer), 'Printers of this till with their last known status'),
  'printers.save': method('devices:configure', p.PrinterSaveInput, p.Printer, 'Add a printer (no id) or change one: connection, width, code page, documents, drawer'),
  'printers.discover': method('devices:configure', p.DiscoverInput, p.Discovery, 'USB devices, serial ports and kernel printer files; starts a scan and answers the last one (poll until done)'),
  'printers.status': method('print:manage', p.PrinterStatusInput, p.PrinterStatus, 'The last status read back from a printer; refresh asks it again (poll)'),
  'printers.testPrint': method('devices:configure', p.PrinterActionInput, p.PrintJob, 'Queue a test page: code page table, € and accents, barcode, QR, raster, cut'),
  'printers.testDrawer': method('devices:configure', p.PrinterActionInput, p.PrintJob, 'Queue a drawer pulse on the configured pin (audited, journaled)'),

  'printJobs.list': method('print:manage', p.PrintJobListInput, z.array(p.PrintJob), 'Print jobs, newest first: open ones by default'),
  'printJobs.retry': method('print:manage', p.PrintJobRef, p.PrintJob, 'Send a waiting or in-doubt job now (audited)'),
  'printJobs.reroute': method('print:manage', p.PrintJobRerouteInput, p.PrintJob, 'Send an open job to another printer (audited)'),
  'printJobs.cancel': method('print:manage', p.PrintJobCancelInput, p.PrintJob, 'Cancel an open job with a reason (audited)'),
  'printJobs.confirm': method('print:manage', p.PrintJobRef, p.PrintJob, 'A person saw an in-doubt job printed: mark it printed (audited, journaled)'),
  'printing.print': method('print:manage', p.PrintDocumentInput, p.PrintJob, 'Print a document; one already printed comes out as a numbered DUPLICATA (the document needs its own permission too: documentAccess)'),
  'printing.preview': method('print:manage', p.PreviewInput, p.Preview, 'The document as the virtual printer reads its bytes: text and PNG (the document needs its own permission too: documentAccess)'),
  'printing.previewSample': method('devices:configure', p.SamplePreviewInput, p.Preview, 'A sample receipt made of fixed data, as a printer would print it: for setting printers up'),
  'drawer.open': method('drawer:open', p.DrawerOpenInput, p.PrintJob, 'Open the cash drawer with a reason (audited, journaled)'),
} as const satisfies Record<string, MethodSpec>;

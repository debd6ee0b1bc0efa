// The printing methods' implementations, spread into the services registry.
import type { Implementation } from '../services/registry.ts';
import { cancelJob, confirmJob, listJobs, openDrawer, rerouteJob, retryJob } from './api/jobs.ts';
import { previewDocument, previewSample, printDocument } from './api/documents.ts';
import { discoverMethod, listPrintersMethod, savePrinter, statusMethod, testDrawerMethod, testPrintMethod } from './api/printers.ts';

export const printingMethods: {
  'printers.list': Implementation<'printers.list'>;
  'printers.save': Implementation<'printers.save'>;
  'printers.discover': Implementation<'printers.discover'>;
  'printers.status': Implementation<'printers.status'>;
  'printers.testPrint': Implementation<'printers.testPrint'>;
  'printers.testDrawer': Implementation<'printers.testDrawer'>;
  'printJobs.list': Implementation<'printJobs.list'>;
  'printJobs.retry': Implementation<'printJobs.retry'>;
  'printJobs.reroute': Implementation<'printJobs.reroute'>;
  'printJobs.cancel': Implementation<'printJobs.cancel'>;
  'printJobs.confirm': Implementation<'printJobs.confirm'>;
  'printing.print': Implementation<'printing.print'>;
  'printing.preview': Implementation<'printing.preview'>;
  'printing.previewSample': Implementation<'printing.previewSample'>;
  'drawer.open': Implementation<'drawer.open'>;
} = {
  'printers.list': (ctx) => listPrintersMethod(ctx),
  'printers.save': savePrinter,
  'printers.discover': discoverMethod,
  'printers.status': statusMethod,
  'printers.testPrint': testPrintMethod,
  'printers.testDrawer': testDrawerMethod,
  'printJobs.list': listJobs,
  'printJobs.retry': retryJob,
  'printJobs.reroute': rerouteJob,
  'printJobs.cancel': cancelJob,
  'printJobs.confirm': confirmJob,
  'printing.print': printDocument,
  'printing.preview': previewDocument,
  'printing.previewSample': previewSample,
  'drawer.open': openDrawer,
};

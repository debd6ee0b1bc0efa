// The printing capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { cancelJob, confirmJob, listJobs, openDrawer, rerouteJob, retryJob } from './api/jobs.ts';
import { previewDocument, previewSample, printDocument } from './api/documents.ts';
import { discoverMethod, listPrintersMethod, savePrinter, statusMethod, testDrawerMethod, testPrintMethod } from './api/printers.ts';

export const printingMethods = {
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
} satisfies MethodTable;

// What printing or previewing each document needs besides print:manage: the permission
// that reads the document elsewhere (issue 13: a technician printed an order's valid
// tickets). printing.print and printing.preview check it for the document asked, and a
// refusal is audited (auth.denied) as the door's are. A technician prints test pages and
// previews a sample receipt made of fixed data (printing.previewSample), never a real
// document. Apart from the contract so that importing it first cannot break their cycle.
import type { z } from 'zod';
import type { Permission } from '../permissions.ts';
import type { DocumentRef } from './printing-schemas.ts';

export type DocumentKind = z.infer<typeof DocumentRef>['kind'];

export const documentAccess = {
  receipt: 'order:read',
  tickets: 'order:read',
  refund_receipt: 'order:read',
  invoice_copy: 'deferred:read',
  x_report: 'report:x',
  z_report: 'report:z',
  cash_slip: 'session:cash-movement',
} as const satisfies Record<DocumentKind, Permission>;

// The journal's record of a print, a reprint or a drawer opening: an entry without postings,
// chained like every other, naming the job, the document, the copy and the printer.
import { createHash } from 'node:crypto';
import { appendEntry } from '../../kernel/ledger/ledger.ts';
import type { TillContext } from '../../kernel/context.ts';
import { institutionOf } from '../../kernel/config.ts';
import { journaledPrintKinds } from '../../../shared/domain/events.ts';
import type { JobRow } from './jobs-store.ts';

type JournaledKind = (typeof journaledPrintKinds)[number];
const isJournaled = (kind: JobRow['kind']): kind is JournaledKind & JobRow['kind'] => (journaledPrintKinds as readonly string[]).includes(kind);

export function journalPrint(till: TillContext, job: JobRow, printerId: string, bytes: Uint8Array | null, nowMs: number, confirmedBy: string | null): void {
  const kind = job.kind;
  if (!isJournaled(kind)) return;
  const type = kind === 'drawer' ? 'drawer_open' : job.copy_number > 0 ? 'reprint' : 'print';
  appendEntry(till, {
    id: till.ids.ulid(),
    type,
    createdAtMs: nowMs,
    userId: confirmedBy ?? job.created_by,
    sessionId: job.session_id,
    currency: institutionOf(till.db).currency,
    data: {
      jobId: job.id,
      kind,
      orderId: job.order_id,
      refundId: job.refund_id,
      zNumber: job.z_number,
      entryId: job.entry_id,
      ticketId: job.ticket_id,
      invoiceId: job.invoice_id,
      copyNumber: job.copy_number,
      printerId,
      reason: job.kind === 'drawer' ? ((JSON.parse(job.payload ?? '{}') as { reason?: string }).reason ?? '') : null,
      bytesSha256: bytes ? createHash('sha256').update(bytes).digest('hex') : null,
      confirmedBy,
    },
    postings: [],
  });
}

// The till's issued documents on the server (issue 15 point 1, ADR 0011 amended): each
// invoice's, cancellation invoice's and credit note's frozen document (invoice_documents,
// ADR 0008) and each Z report's text and count (session_closings) are sealed by their
// journal entry's SHA-256 but held only here. Sent after the server holds their entries,
// in seq order, from a cursor of their own (the journal's push never waits for them), they
// come back with a replaced till's journal: fetched per restored page, checked against
// that page's entries, and written in the page's transaction by restore-rows.ts.
import { DocumentsOutput, DocumentsPage, documentsMax, type HeldDocument, type IssuedDocument } from '../../shared/api/document-schemas.ts';
import type { SyncEvent } from '../../shared/api/sync-schemas.ts';
import { InvoiceDocument } from '../../shared/domain/invoice-document.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { getSetting, setSetting } from '../kernel/config.ts';
import { sha256Hex, type TillContext } from '../kernel/context.ts';
import { archiveInvoiceDocument } from '../kernel/invoice-archive.ts';
import { restoredRangesOf } from '../kernel/till-identity.ts';
import { syncState } from './state.ts';

type Request = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

/** The last entry whose document (if it has one) the server acknowledged. */
const documentsAckedSetting = 'sync_documents_acked';
/** A batch's documents' text at most: half the server's body limit, whatever their count. */
const batchBytesMax = 2 * 1024 * 1024;


/**
 * Where sending resumes: after the acknowledged cursor — never past the journal's
 * acknowledged head (a server restored from an older backup holds fewer entries, and their
 * documents with them) and never inside a restored range (its documents came from the
 * server, or stayed with the dead machine).
 */
function documentsFrom(db: Db, tillId: string, ackedSeq: number): number {
  const acked = Math.min(Number(getSetting(db, documentsAckedSetting) ?? '0'), ackedSeq);
  const restored = restoredRangesOf(db).filter((r) => r.tillId === tillId).map((r) => r.toSeq);
  return Math.min(Math.max(acked, ...restored), ackedSeq);
}

interface DocumentRow {
  seq: number;
  id: string;
  type: 'invoice_issued' | 'session_close';
  document: string | null;
  report: string | null;
  counts: string | null;
}

/** The documents of the entries in (fromSeq, toSeq], up to a batch, and the seq the batch covers. */
function nextBatch(db: Db, tillId: string, fromSeq: number, toSeq: number): { documents: IssuedDocument[]; throughSeq: number } {
  const rows = stmt(
    db,
    `SELECT j.seq, j.id, j.type, d.document, c.report, c.counts FROM journal j
     LEFT JOIN invoices v ON v.entry_id = j.id LEFT JOIN invoice_documents d ON d.invoice_id = v.id
     LEFT JOIN session_closings c ON c.entry_id = j.id
     WHERE j.till_id = ? AND j.seq > ? AND j.seq <= ? AND j.type IN ('invoice_issued', 'session_close') ORDER BY j.seq LIMIT ?`,
  ).all(tillId, fromSeq, toSeq, documentsMax) as DocumentRow[];
  const documents: IssuedDocument[] = [];
  let bytes = 0;
  let throughSeq = fromSeq;
  for (const row of rows) {
    // an invoice issued before documents were frozen (migration 009) has none to send
    const document: IssuedDocument | null =
      row.type === 'session_close' ? { kind: 'z_report', entryId: row.id, report: row.report!, counts: row.counts! } : row.document === null ? null : { kind: 'invoice', entryId: row.id, document: row.document };
    const size = document === null ? 0 : document.kind === 'invoice' ? document.document.length : document.report.length + document.counts.length;
    if (documents.length > 0 && bytes + size > batchBytesMax) return { documents, throughSeq };
    if (document) documents.push(document);
    bytes += size;
    throughSeq = row.seq;
  }
  return { documents, throughSeq: rows.length < documentsMax ? toSeq : throughSeq };
}

/**
 * Sends the documents of the entries the server holds and has not acknowledged documents
 * for, a batch at a time, moving the cursor after each answer (a lost answer sends the
 * batch again: the server answers `duplicate`). Never throws: a cut line or a refusal is
 * logged and the next cycle sends again from the cursor; the journal's sync goes on.
 */
export async function sendIssuedDocuments(till: TillContext, request: Request, log: (message: string, error?: unknown) => void): Promise<void> {
  const db = till.db;
  try {
    for (;;) {
      const ackedSeq = syncState(db).acked_seq;
      const fromSeq = documentsFrom(db, till.tillId, ackedSeq);
      if (fromSeq >= ackedSeq) return keepCursor(db, ackedSeq);
      const batch = nextBatch(db, till.tillId, fromSeq, ackedSeq);
      if (batch.documents.length > 0) DocumentsOutput.parse(await request('POST', '/v1/documents', { documents: batch.documents }));
      keepCursor(db, batch.throughSeq);
    }
  } catch (error) {
    if (db.open) log('issued documents not sent to the server yet', error);
  }
}

/** The cursor at `seq`, written only when it moves (a cycle with nothing to send writes nothing). */
function keepCursor(db: Db, seq: number): void {
  if (getSetting(db, documentsAckedSetting) !== String(seq)) setSetting(db, documentsAckedSetting, String(seq));
}

/** A restored page's documents, checked, by entry id. */
export type RestoredDocuments = ReadonlyMap<string, HeldDocument>;

/**
 * The documents the server holds for a restored page's entries, each checked against the
 * SHA-256 its entry seals (an invoice's document also names the entry's invoice). One that
 * does not match refuses the page, as an altered entry does: nothing of it is written.
 */
export async function restoredDocuments(request: Request, tillId: string, events: readonly SyncEvent[]): Promise<Result<RestoredDocuments>> {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const toSeq = events.at(-1)!.seq;
  const documents = new Map<string, HeldDocument>();
  for (let fromSeq = events[0]!.seq; ; ) {
    const page = DocumentsPage.parse(await request('GET', `/v1/documents?fromSeq=${fromSeq}&toSeq=${toSeq}&limit=${documentsMax}`));
    for (const document of page.documents) {
      const problem = documentProblem(document, bySeq.get(document.seq));
      if (problem) return refuse('journal_restore_invalid', { tillId, seq: document.seq, reason: problem });
      documents.set(document.entryId, document);
    }
    if (!page.more || page.documents.length === 0) return ok(documents);
    fromSeq = page.documents.at(-1)!.seq + 1;
  }
}

/** Why a document may not be written beside its entry, or null. */
function documentProblem(document: HeldDocument, entry: SyncEvent | undefined): string | null {
  if (!entry || entry.id !== document.entryId) return 'the server sent a document for an entry not on this page';
  const payload = JSON.parse(entry.payload) as Record<string, unknown>;
  if (document.kind === 'z_report') {
    const isSealed = entry.type === 'session_close' && payload.reportSha256 === sha256Hex(document.report) && payload.countsSha256 === sha256Hex(document.counts);
    return isSealed ? null : 'its Z report differs from the SHA-256 the entry seals';
  }
  if (entry.type !== 'invoice_issued' || payload.documentSha256 !== sha256Hex(document.document)) return 'its invoice document differs from the SHA-256 the entry seals';
  const parsed = InvoiceDocument.safeParse(JSON.parse(document.document));
  return parsed.success && parsed.data.invoiceId === payload.invoiceId ? null : 'its invoice document is not the entry’s invoice';
}

/** A restored invoice's document, frozen again as its till froze it (the kernel's archiveInvoiceDocument, as invoicing does). In the page's transaction. */
export function restoreInvoiceDocument(db: Db, held: HeldDocument | undefined): void {
  if (held?.kind !== 'invoice') return;
  const document = InvoiceDocument.parse(JSON.parse(held.document));
  archiveInvoiceDocument(db, document, { text: held.document, sha256: sha256Hex(held.document) });
}

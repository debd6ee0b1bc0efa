// A till's issued documents on the server (issue 15 point 1, ADR 0011 amended): each
// invoice's frozen document and each Z report's text and count, sent by the till after the
// entry that seals them and stored once, insert-only, when they match the SHA-256 that
// entry holds; read back page by page by the till's new machine when it is replaced. The
// entries are the server's already: a document is never taken for an entry it lacks.
import type { z } from 'zod';
import { sql } from 'kysely';
import type { DocumentsInput, DocumentsOutput, DocumentsPage, DocumentsPageInput, InvoiceDocumentHeld, IssuedDocument } from '../../src/shared/api/document-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { sha256 } from './auth.ts';
import type { ServerContext } from './context.ts';
import { int } from './store/schema.ts';
import type { Db } from './store/store.ts';
import { transaction, type Trx } from './store/tx.ts';


interface SealingEntry {
  id: string;
  till_id: string;
  seq: string;
  type: string;
  payload: string;
}

/** The hashes an entry seals for its document: an invoice's, or a Z report's and its count's; null when it seals none. */
function sealedHashes(entry: SealingEntry): { document: string; counts: string | null } | null {
  const payload = JSON.parse(entry.payload) as Record<string, unknown>;
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  if (entry.type === 'invoice_issued') return text('documentSha256') === null ? null : { document: text('documentSha256')!, counts: null };
  if (entry.type === 'session_close' && text('reportSha256') !== null && text('countsSha256') !== null) return { document: text('reportSha256')!, counts: text('countsSha256') };
  return null;
}

/** Why a document may not be stored for the caller, or null: its entry held here, the caller's, sealing these very texts. */
function documentRefusal(tillId: string, document: IssuedDocument, entry: SealingEntry | undefined) {
  if (!entry) return refuse('document_entry_unknown', { entryId: document.entryId, tillId });
  if (entry.till_id !== tillId) return refuse('document_other_till', { entryId: document.entryId, entryTillId: entry.till_id, tillId });
  const sealed = sealedHashes(entry);
  const sent = document.kind === 'invoice' ? { document: sha256(document.document), counts: null } : { document: sha256(document.report), counts: sha256(document.counts) };
  const isSameKind = sealed !== null && (sealed.counts === null) === (document.kind === 'invoice');
  if (!isSameKind || sealed.document !== sent.document || sealed.counts !== sent.counts) {
    return refuse('document_hash_mismatch', { entryId: document.entryId, seq: int(entry.seq), entryType: entry.type, expectedSha256: sealed?.document ?? null, sha256: sent.document });
  }
  return null;
}

/**
 * Stores the documents a till sends, all or none: each one's entry must be the caller's,
 * held here, and seal the texts sent. A document held already is answered `duplicate` (its
 * texts are the same: they hash to what the same entry seals).
 */
export async function storeDocuments(ctx: ServerContext, tillId: string, input: z.infer<typeof DocumentsInput>): Promise<Result<DocumentsOutput>> {
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const ids = [...new Set(input.documents.map((d) => d.entryId))];
    const entries = await trx.selectFrom('events').select(['id', 'till_id', 'seq', 'type', 'payload']).where('id', 'in', ids).execute();
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const document of input.documents) {
      const refused = documentRefusal(tillId, document, byId.get(document.entryId));
      if (refused) return refused;
    }
    const statuses: DocumentsOutput['statuses'] = [];
    for (const document of input.documents) statuses.push({ entryId: document.entryId, status: (await insertDocument(trx, document, byId.get(document.entryId)!, now)) ? 'created' : 'duplicate' });
    return ok({ statuses });
  });
}

/** Writes one checked document; false when it was held already. */
async function insertDocument(trx: Trx, document: IssuedDocument, entry: SealingEntry, nowMs: number): Promise<boolean> {
  const texts = document.kind === 'invoice' ? { document: document.document, counts: null } : { document: document.report, counts: document.counts };
  const inserted = await trx
    .insertInto('issued_documents')
    .values({ entry_id: entry.id, till_id: entry.till_id, seq: entry.seq, kind: document.kind, ...texts, received_at_ms: nowMs })
    .onConflict((c) => c.column('entry_id').doNothing())
    .returning('entry_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The asking till's documents whose entries lie in [fromSeq, toSeq], in seq order, a page at a time. */
export async function documentsPage(ctx: ServerContext, tillId: string, input: z.infer<typeof DocumentsPageInput>): Promise<Result<DocumentsPage>> {
  let query = ctx.db.selectFrom('issued_documents').selectAll().where('till_id', '=', tillId).where('seq', '>=', String(input.fromSeq));
  if (input.toSeq !== undefined) query = query.where('seq', '<=', String(input.toSeq));
  // one row more than the page says whether there are more
  const rows = await query.orderBy('seq').limit(input.limit + 1).execute();
  const documents = rows.slice(0, input.limit).map((r) =>
    r.kind === 'invoice'
      ? { kind: 'invoice' as const, entryId: r.entry_id, seq: int(r.seq), document: r.document }
      : { kind: 'z_report' as const, entryId: r.entry_id, seq: int(r.seq), report: r.document, counts: r.counts ?? '' },
  );
  return ok({ documents, more: rows.length > input.limit });
}

/** An invoice's entry as the server holds it, and the document its till sent for it (null: not sent yet). */
export interface HeldInvoice {
  entryId: string;
  tillId: string;
  number: string;
  /** The billing contact (the payload's `contactId`). */
  contactId: string;
  documentSha256: string | null;
  document: string | null;
}

/** The invoice_issued entry of an invoice, cancellation invoice or credit note (by the index on its invoiceId), with its document if sent. */
export async function heldInvoice(db: Db, invoiceId: string): Promise<HeldInvoice | null> {
  const rows = await sql<{ id: string; till_id: string; number: string; contact_id: string; sha: string | null; document: string | null }>`
    SELECT e.id, e.till_id, e.payload::json->>'number' AS number, e.payload::json->>'contactId' AS contact_id, e.payload::json->>'documentSha256' AS sha, d.document
    FROM events e LEFT JOIN issued_documents d ON d.entry_id = e.id
    WHERE e.type = 'invoice_issued' AND e.payload::json->>'invoiceId' = ${invoiceId} ORDER BY e.created_at_ms, e.id LIMIT 1`.execute(db);
  const row = rows.rows[0];
  return row ? { entryId: row.id, tillId: row.till_id, number: row.number, contactId: row.contact_id, documentSha256: row.sha, document: row.document } : null;
}

/**
 * An invoice's document for any enrolled till of the box office (issue 15: another till's
 * invoice opened at this one). Checks, in order: the server holds its entry
 * (invoice_not_found); its till sent its document (invoice_document_not_sent, naming that till).
 */
export async function invoiceDocumentFor(ctx: ServerContext, invoiceId: string): Promise<Result<InvoiceDocumentHeld>> {
  const held = await heldInvoice(ctx.db, invoiceId);
  if (!held) return refuse('invoice_not_found', { invoice: invoiceId, invoiceId });
  if (held.document === null || held.documentSha256 === null) return refuse('invoice_document_not_sent', { invoice: held.number, invoiceId, tillId: held.tillId });
  return ok({ invoiceId, number: held.number, tillId: held.tillId, entryId: held.entryId, documentSha256: held.documentSha256, document: held.document });
}

// A till's issued documents on the server (issue 15 point 1, ADR 0011 amended): each
// invoice's frozen document and each Z report's text and count, sent by the till after the
// entry that seals them and stored once, insert-only, when they match the SHA-256 that
// entry holds; read back page by page by the till's new machine when it is replaced. The
// entries are the server's already: a document is never taken for an entry it lacks.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { DocumentsInput, DocumentsOutput, DocumentsPage, DocumentsPageInput, IssuedDocument } from '../../src/shared/api/document-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import type { ServerContext } from './context.ts';
import { int } from './store/schema.ts';
import { transaction, type Trx } from './store/tx.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

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

// The wire of a till's issued documents (issue 15 point 1, ADR 0011 amended): each invoice's,
// cancellation invoice's and credit note's frozen document (ADR 0008) and each Z report's
// text and count, sent to the server after their journal entry and read back by a replaced
// till's new machine. The entry holds their SHA-256: both sides check them against it.
import { z } from 'zod';
import { Ulid } from './sync-records.ts';

/** One document's text at most: a global invoice over many orders stays far below it. */
export const documentBytesMax = 1024 * 1024;
/** Documents a till sends at once, and the server answers a page with. */
export const documentsMax = 100;

const Text = z.string().min(1).max(documentBytesMax);

/** An issued document as its till stored it, named by the journal entry that seals it. */
export const IssuedDocument = z.discriminatedUnion('kind', [
  /** An invoice, a cancellation invoice or a credit note: its canonical JSON (invoice_documents.document). */
  z.object({ kind: z.literal('invoice'), entryId: Ulid, document: Text }),
  /** A Z report: its text and the count as stored (session_closings.report, .counts). */
  z.object({ kind: z.literal('z_report'), entryId: Ulid, report: Text, counts: Text }),
]);
export type IssuedDocument = z.infer<typeof IssuedDocument>;

export const DocumentsInput = z.object({ documents: z.array(IssuedDocument).min(1).max(documentsMax) });
export const DocumentsOutput = z.object({
  /** Each document sent: stored now, or held already (a document sent twice is stored once). */
  statuses: z.array(z.object({ entryId: Ulid, status: z.enum(['created', 'duplicate']) })),
});
export type DocumentsOutput = z.infer<typeof DocumentsOutput>;

/** GET /v1/documents: the asking till's documents whose entries lie in [fromSeq, toSeq], by seq. */
export const DocumentsPageInput = z.object({
  fromSeq: z.coerce.number().int().min(1).default(1),
  toSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(documentsMax).default(documentsMax),
});
/** A document as the server holds it, with its entry's seq (the restore checks it against that entry). */
const seq = z.number().int().min(1);
export const HeldDocument = z.discriminatedUnion('kind', [IssuedDocument.options[0].extend({ seq }), IssuedDocument.options[1].extend({ seq })]);
export type HeldDocument = z.infer<typeof HeldDocument>;
export const DocumentsPage = z.object({ documents: z.array(HeldDocument).max(documentsMax), more: z.boolean() });
export type DocumentsPage = z.infer<typeof DocumentsPage>;


/**
 * GET /v1/documents/invoices/:id (issue 15): an invoice's, cancellation invoice's or credit
 * note's document as its till sent it, for any enrolled till of the box office, with the
 * entry that seals it (its till, its SHA-256): the asking till checks the text against it.
 */
export const InvoiceDocumentHeld = z.object({
  invoiceId: z.string().min(1).max(64),
  number: z.string().min(1).max(40),
  /** The till that issued it (its series). */
  tillId: z.string().min(1).max(64),
  entryId: Ulid,
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  document: Text,
});
export type InvoiceDocumentHeld = z.infer<typeof InvoiceDocumentHeld>;

// The routes of the tills and the administrator, as a table (http.ts serves each row:
// authorise, parse, handle, answer). The web shop's are in shop/routes.ts; app.ts joins
// the tables and adds GET /v1, the table itself as JSON Schemas.
import { z } from 'zod';
import * as wire from '../../src/shared/api/sync-schemas.ts';
import { parsePushInput } from '../../src/shared/api/push-input.ts';
import { createShopKey, listOverdrafts, listShopKeys, listTills, putRecords, revokeShopKey, setTillSettings, tillHead } from './admin.ts';
import { createEnrolmentCode, enrol, replaceTill, revokeTill } from './enrol.ts';
import { route, type Route } from './http.ts';
import { AdminOverdraft, CreateShopKeyOutput, PutRecordsOutput, RevokeTillOutput, TillSettingsOutput } from './outputs.ts';
import { pull } from './pull.ts';
import { takeHold } from './holds.ts';
import { push } from './push.ts';
import { creditOverpaidAfterPush } from './ledger/overpaid.ts';
import * as reports from './reports.ts';
import { CreditAccountsReport, CreditMovementsReport, DeferredAccountsReport, DeferredMovementsReport } from '../../src/shared/api/account-schemas.ts';
import { journalPage, registerRestoredKeys } from './restore.ts';
import { changeConfiguration, configurationHistory } from './configuration.ts';
import { DocumentsInput, DocumentsOutput, DocumentsPage, DocumentsPageInput, InvoiceDocumentHeld } from '../../src/shared/api/document-schemas.ts';
import { Id } from '../../src/shared/api/schemas.ts';
import { documentsPage, invoiceDocumentFor, storeDocuments } from './documents.ts';

/** A till named in the path: any text (an unknown one is till_not_found, as the administrator typed it). */
const TillParam = z.object({ id: z.string() });

/**
 * GET /v1/pull's query: the cursor from the start by default. The limit is a text in the
 * URL: PullInput coerces it.
 */
const PullQuery = wire.PullInput.extend({ cursor: wire.PullInput.shape.cursor.default('0') });

export const tillRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/enrol',
    access: 'public',
    summary: 'Enrol a till by the one-time code the administrator made for its id: a token, the head of its journal the server holds, and whether to restore it (a replaced till)',
    body: wire.EnrolInput,
    output: wire.EnrolOutput,
    refusals: ['enrolment_code_invalid', 'enrolment_till_mismatch', 'till_already_enrolled', 'till_replaced', 'replacement_not_fresh', 'enrolment_key_invalid'],
    handle: (ctx, { body }) => enrol(ctx, body),
  }),
  route({
    method: 'GET',
    path: '/v1/journal',
    access: 'till',
    summary: "The asking till's own journal as the server holds it, from a seq, with its head and the keys that signed it (a replaced till's new machine restores it)",
    query: wire.JournalPageInput,
    output: wire.JournalPage,
    handle: (ctx, { caller, query }) => journalPage(ctx, caller.tillId, query),
  }),
  route({
    method: 'POST',
    path: '/v1/signing-keys',
    access: 'till',
    summary: "A restored till's keys: those that signed its journal and its new key from the head + 1 (only while its machine is being replaced)",
    body: wire.RegisterKeysInput,
    output: wire.RegisterKeysOutput,
    refusals: ['till_already_enrolled', 'sync_chain_broken', 'enrolment_key_invalid'],
    handle: (ctx, { caller, body }) => registerRestoredKeys(ctx, caller.tillId, body),
  }),
  route({
    method: 'POST',
    path: '/v1/push',
    access: 'till',
    summary: "A batch of the till's journal events (taken whole or refused whole) and the contacts changed at it",
    body: wire.PushInput,
    // a catch-up's batches of plain events are read without zod's per-field cost; the same reading (push-input.test.ts)
    readBody: parsePushInput,
    output: wire.PushOutput,
    handle: async (ctx, { caller, body }) => {
      // only the types outlive the push: the parsed batch is not held while its transaction awaits
      const types = body.events.map((e) => e.type);
      const answer = await push(ctx, caller.tillId, body, caller.tokenHash);
      // an installment the batch collected a second time: its excess to the payer's credit balance (ADR 0013), after the push's commit
      if (answer.ok && answer.value.statuses.some((s) => s.status === 'created')) await creditOverpaidAfterPush(ctx, types);
      return answer;
    },
  }),
  route({
    method: 'GET',
    path: '/v1/pull',
    access: 'till',
    summary: "Records changed after the cursor, in version order, with the server's head of the asking till's journal",
    query: PullQuery,
    output: wire.PullOutput,
    handle: (ctx, { caller, query }) => pull(ctx, caller.tillId, query),
  }),
  route({
    method: 'POST',
    path: '/v1/holds',
    access: 'till',
    summary: "Hold an amount of a shared voucher (voucher:<id>) or installment (installment:<id>) before committing the sale or settlement that spends it: granted, or not with what is available (others' holds deducted); consumed by the till's next pushed event that spends the account, lapsed after 2 minutes",
    body: wire.HoldInput,
    output: wire.HoldOutput,
    refusals: ['request_conflict', 'voucher_not_found', 'installment_not_found'],
    handle: (ctx, { caller, body }) => takeHold(ctx, caller.tillId, body),
  }),
];

export const adminRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/admin/enrolment-codes',
    access: 'admin',
    summary: 'A one-time enrolment code for a till id, valid 24 hours',
    body: wire.CreateCodeInput,
    output: wire.CreateCodeOutput,
    handle: (ctx, { body }) => createEnrolmentCode(ctx, body),
  }),
  route({ method: 'GET', path: '/v1/admin/tills', access: 'admin', summary: 'Tills with their head, last push and offline cap', output: z.array(wire.TillSummary), handle: (ctx) => listTills(ctx) }),
  route({
    method: 'GET',
    path: '/v1/admin/tills/:id/head',
    access: 'admin',
    summary: "What the server acknowledged of a till's journal and the signing keys it registered (verify-journal --server)",
    params: TillParam,
    output: wire.TillHead,
    handle: (ctx, { params }) => tillHead(ctx, params.id),
  }),
  route({
    method: 'PUT',
    path: '/v1/admin/tills/:id',
    access: 'admin',
    summary: 'What a contact may spend of a balance or headroom at that till while it is offline',
    params: TillParam,
    body: wire.TillSettingsInput,
    output: TillSettingsOutput,
    handle: (ctx, { params, body }) => setTillSettings(ctx, params.id, body),
  }),
  route({
    method: 'POST',
    path: '/v1/admin/tills/:id/revoke',
    access: 'admin',
    summary: "Revokes the till's tokens: it keeps selling and pushes again once enrolled anew",
    params: TillParam,
    output: RevokeTillOutput,
    handle: (ctx, { params }) => revokeTill(ctx, params.id),
  }),
  route({
    method: 'POST',
    path: '/v1/admin/tills/:id/replace',
    access: 'admin',
    summary: 'Marks a dead till replaced (its tokens revoked, its keys retired) and makes the code its new machine enrols with to restore its journal and carry on its sequence',
    params: TillParam,
    output: wire.ReplaceTillOutput,
    refusals: ['till_not_found'],
    handle: (ctx, { params }) => replaceTill(ctx, params.id),
  }),
  route({
    method: 'PUT',
    path: '/v1/admin/records',
    access: 'admin',
    summary: "Master data for the tills to pull; balances, overdrafts and seats are the server's own",
    body: wire.PutRecordsInput,
    output: PutRecordsOutput,
    handle: (ctx, { body }) => putRecords(ctx, body),
  }),
  route({
    method: 'GET',
    path: '/v1/admin/overdrafts',
    access: 'admin',
    summary: 'Accounts overdrawn by tills selling offline, of one contact or all',
    query: z.object({ contactId: z.string().optional() }),
    output: z.array(AdminOverdraft),
    handle: (ctx, { query }) => listOverdrafts(ctx, query.contactId),
  }),
  route({
    method: 'POST',
    path: '/v1/admin/shop-keys',
    access: 'admin',
    summary: "A web shop's key for one point of sale, shown once, and the id that lists and revokes it",
    body: wire.CreateShopKeyInput,
    output: CreateShopKeyOutput,
    handle: (ctx, { body }) => createShopKey(ctx, body.pointOfSaleId),
  }),
  route({ method: 'GET', path: '/v1/admin/shop-keys', access: 'admin', summary: 'Web shop keys by id (never the key), with their revocation', output: z.array(wire.ShopKeySummary), handle: (ctx) => listShopKeys(ctx) }),
  route({
    method: 'POST',
    path: '/v1/admin/shop-keys/:keyId/revoke',
    access: 'admin',
    summary: 'Revokes a web shop key at once; revoking it again answers the first revocation',
    params: z.object({ keyId: z.string() }),
    output: wire.ShopKeySummary,
    handle: (ctx, { params }) => revokeShopKey(ctx, params.keyId),
  }),
];

/**
 * The five customer-account reports over every channel's movements the server holds
 * (reports.ts), the same answers as a till's box-office reports: for a till by its token
 * (`/v1/reports/…`) and for the back office by the administrator's key (`/v1/admin/reports/…`).
 */
function reportRoutes<A extends 'till' | 'admin'>(access: A, prefix: '/v1/reports' | '/v1/admin/reports'): Route[] {
  return [
    route({ method: 'GET', path: `${prefix}/credit-slip`, access, summary: "Bordereau des mouvements de compte d'avoir: what credited or debited balances at some tills (tillIds, comma-separated; none: all) over [fromMs, toMs]", query: reports.CreditSlipQuery, output: CreditMovementsReport, handle: (ctx, { query }) => reports.creditSlip(ctx, query) }),
    route({ method: 'GET', path: `${prefix}/credit-accounts`, access, summary: "Suivi des comptes d'avoir: contacts whose balance was not zero at some time in [fromMs, toMs], with opening, credited, debited, closing", query: reports.CreditAccountsQuery, output: CreditAccountsReport, handle: (ctx, { query }) => reports.creditAccounts(ctx, query) }),
    route({ method: 'GET', path: `${prefix}/credit-movements`, access, summary: "Suivi des mouvements des comptes d'avoir: the movements of some contacts (contactIds, comma-separated) over [fromMs, toMs]", query: reports.CreditMovementsQuery, output: CreditMovementsReport, handle: (ctx, { query }) => reports.creditMovements(ctx, query) }),
    route({ method: 'GET', path: `${prefix}/deferred-accounts`, access, summary: "Suivi des comptes d'attente: limit, outstanding, overdue and headroom of every account, bounded by minMinor and maxMinor", query: reports.DeferredAccountsQuery, output: DeferredAccountsReport, handle: (ctx, { query }) => reports.deferredAccounts(ctx, query) }),
    route({ method: 'GET', path: `${prefix}/deferred-movements`, access, summary: "Liste des mouvements du compte d'attente: by status (all, open, settled, cancelled), contacts and [fromMs, toMs]", query: reports.DeferredMovementsQuery, output: DeferredMovementsReport, handle: (ctx, { query }) => reports.deferredMovements(ctx, query) }),
  ];
}

tillRoutes.push(...reportRoutes('till', '/v1/reports'));
adminRoutes.push(...reportRoutes('admin', '/v1/admin/reports'));

// Configuration changed at an enrolled till (issue 16, D5): sent here first, versioned,
// audited and published to every till's pull; its history for the back office.
tillRoutes.push(
  route({
    method: 'POST',
    path: '/v1/configuration',
    access: 'till',
    summary: "An administrator's configuration change made at a till: stored with new versions, audited (who, which till, before, after), pulled by every till",
    body: wire.ConfigurationInput,
    output: wire.ConfigurationOutput,
    refusals: ['record_kind_not_allowed'],
    handle: (ctx, { caller, body }) => changeConfiguration(ctx, caller.tillId, body),
  }),
  route({
    method: 'GET',
    path: '/v1/configuration/history',
    access: 'till',
    summary: 'Every change made at any till to one configuration record (kind, id), newest first: who, which till, version, before, after (an enrolled till shows it)',
    query: wire.ConfigHistoryQuery,
    output: z.array(wire.ConfigChangeRecord),
    handle: (ctx, { query }) => configurationHistory(ctx, query),
  }),
);
adminRoutes.push(
  route({
    method: 'GET',
    path: '/v1/admin/configuration/history',
    access: 'admin',
    summary: 'Every change made at a till to one configuration record (kind, id), newest first: who, which till, version, before, after',
    query: wire.ConfigHistoryQuery,
    output: z.array(wire.ConfigChangeRecord),
    handle: (ctx, { query }) => configurationHistory(ctx, query),
  }),
);

// A till's issued documents (issue 15 point 1, documents.ts): sent after the entries that
// seal them, checked against those entries' SHA-256, read back by a replaced till's new machine.
tillRoutes.push(
  route({
    method: 'POST',
    path: '/v1/documents',
    access: 'till',
    summary: "The till's issued documents (an invoice's frozen document; a Z report's text and count), each checked against the SHA-256 its journal entry on the server seals, stored once and never changed (all or none)",
    body: DocumentsInput,
    output: DocumentsOutput,
    refusals: ['document_entry_unknown', 'document_other_till', 'document_hash_mismatch'],
    handle: (ctx, { caller, body }) => storeDocuments(ctx, caller.tillId, body),
  }),
  route({
    method: 'GET',
    path: '/v1/documents',
    access: 'till',
    summary: "The asking till's issued documents whose entries lie in [fromSeq, toSeq], in seq order (a replaced till's new machine restores them with its journal)",
    query: DocumentsPageInput,
    output: DocumentsPage,
    handle: (ctx, { caller, query }) => documentsPage(ctx, caller.tillId, query),
  }),
  route({
    method: 'GET',
    path: '/v1/documents/invoices/:id',
    access: 'till',
    summary: "An invoice's, cancellation invoice's or credit note's document as the till that issued it sent it, for any enrolled till (another till's invoice opened at this one), with the entry's SHA-256 to check it against",
    params: z.object({ id: Id }),
    output: InvoiceDocumentHeld,
    refusals: ['invoice_not_found', 'invoice_document_not_sent'],
    handle: (ctx, { params }) => invoiceDocumentFor(ctx, params.id),
  }),
);

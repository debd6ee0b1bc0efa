// Contacts corrected and imported (issue 16): every field of a contact (an invoice's address
// must be correctable), and contacts read from a CSV file — a preview first, then the valid
// rows checked again and written, with a report of the rows rejected. Contacts travel to
// the ledger server by the push, as those made at the counter (sync-client/records.ts).
import type { z } from 'zod';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { ContactFields, ContactRowError } from '../../shared/api/configuration-schemas.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { errorMessage } from '../../shared/i18n/messages.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { appendAudit } from '../kernel/audit.ts';
import { institutionOf } from '../kernel/config.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx } from '../kernel/context.ts';
import type { Env } from '../kernel/methods.ts';
import { findRequest, recordRequest, requestOf } from '../kernel/requests.ts';
import { transact } from '../kernel/tx.ts';
import { contactById, newContactDeferred } from '../contacts/index.ts';
import { queueContact } from '../sync-client/index.ts';

type Fields = z.infer<typeof ContactFields>;
type RowError = z.infer<typeof ContactRowError>;

interface DetailRow { phone: string; street: string; building_number: string; postcode: string; country: string }

export function contactDetail(ctx: Ctx, contactId: string): OutputOf<'contacts.detail'> | null {
  const contact = contactById(ctx.db, contactId);
  if (!contact) return null;
  const row = stmt(ctx.db, 'SELECT phone, street, building_number, postcode, country FROM contacts WHERE id = ?').get(contactId) as DetailRow;
  return { ...contact, phone: row.phone, street: row.street, buildingNumber: row.building_number, postcode: row.postcode, country: row.country };
}

export function getContactDetail(ctx: Ctx, input: ParsedInputOf<'contacts.detail'>): Result<OutputOf<'contacts.detail'>> {
  const detail = contactDetail(ctx, input.contactId);
  return detail ? ok(detail) : refuse('contact_not_found', { contactId: input.contactId });
}

/** An email as a contact keeps it: empty, or one @ between non-empty parts, no spaces. */
export function isEmail(email: string): boolean {
  return email === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/** Another contact (not `exceptId`) with the same name, first name and email, case aside: its display name, or null. */
export function duplicateOf(db: Db, fields: Fields, exceptId: string | null): string | null {
  const row = stmt(
    db,
    `SELECT name, first_name FROM contacts WHERE lower(name) = lower(@name) AND lower(first_name) = lower(@firstName) AND lower(email) = lower(@email) AND id IS NOT @exceptId LIMIT 1`,
  ).get({ name: fields.name, firstName: fields.firstName, email: fields.email, exceptId }) as { name: string; first_name: string } | undefined;
  return row ? contactName({ name: row.name, firstName: row.first_name }) : null;
}

function writeContactFields(db: Db, id: string, f: Fields): void {
  stmt(
    db,
    `UPDATE contacts SET kind = @kind, name = @name, first_name = @firstName, email = @email, phone = @phone, street = @street,
       building_number = @buildingNumber, postcode = @postcode, city = @city, country = @country WHERE id = @id`,
  ).run({ ...f, id });
}

/**
 * Checks, in order: the contact exists; the email is one; no other contact has the same
 * name, first name and email. The contact's accounts stay as they are (its id is kept).
 */
export function updateContact(ctx: Ctx, input: ParsedInputOf<'contacts.update'>): Result<OutputOf<'contacts.update'>> {
  return transact(ctx.db, () => {
    const before = contactDetail(ctx, input.contactId);
    if (!before) return refuse('contact_not_found', { contactId: input.contactId });
    if (!isEmail(input.email)) return refuse('csv_field_invalid', { field: 'email', value: input.email.slice(0, 80) });
    const { contactId, ...fields } = input;
    const existing = duplicateOf(ctx.db, fields, contactId);
    if (existing) return refuse('contact_duplicate', { field: 'name', existing });
    writeContactFields(ctx.db, contactId, fields);
    appendAudit(ctx, ctx.actor.userId, 'contact.updated', { contactId, before: fieldsOf(before), after: fields });
    queueContact(ctx.db, contactId, ctx.clock.nowMs());
    return ok(contactDetail(ctx, contactId)!);
  });
}

function fieldsOf(d: OutputOf<'contacts.detail'>): Fields {
  return { kind: d.kind, name: d.name, firstName: d.firstName, email: d.email, phone: d.phone, street: d.street, buildingNumber: d.buildingNumber, postcode: d.postcode, city: d.city, country: d.country };
}

/** A row's error as the preview and the report show it: its field, its rule, its sentence. */
export function rowError(ctx: Ctx, env: Env, field: string, code: ErrorCode, details: Record<string, unknown> = {}): RowError {
  const institution = institutionOf(ctx.db);
  const message = errorMessage(code, { field, ...details }, { language: env.defaultLanguage, currency: institution.currency, country: institution.country, timeZone: institution.timeZone });
  return { field, code, message };
}

/** What the import checks again of each row (the preview checked it too): its email, and no duplicate here or earlier in the file. */
export function rowProblems(ctx: Ctx, env: Env, fields: Fields, seen: Set<string>): RowError[] {
  const errors: RowError[] = [];
  if (fields.name === '') errors.push(rowError(ctx, env, 'name', 'csv_field_required'));
  if (!isEmail(fields.email)) errors.push(rowError(ctx, env, 'email', 'csv_field_invalid', { value: fields.email.slice(0, 80) }));
  const key = [fields.name, fields.firstName, fields.email].map((s) => s.toLowerCase()).join('\u0000');
  const existing = duplicateOf(ctx.db, fields, null) ?? (seen.has(key) ? contactName(fields) : null);
  if (existing) errors.push(rowError(ctx, env, 'name', 'contact_duplicate', { existing }));
  seen.add(key);
  return errors;
}

function insertContact(ctx: Ctx, id: string, f: Fields): void {
  const deferred = newContactDeferred(ctx.db, f.kind);
  stmt(
    ctx.db,
    `INSERT INTO contacts (id, kind, name, first_name, email, phone, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms)
     VALUES (@id, @kind, @name, @firstName, @email, @phone, @street, @buildingNumber, @postcode, @city, @country, @isAuthorised, @limitMinor, @now)`,
  ).run({ ...f, id, isAuthorised: deferred.isAuthorised ? 1 : 0, limitMinor: deferred.limitMinor, now: ctx.clock.nowMs() });
}

/**
 * The preview's valid rows, checked again and written in one transaction: a row found
 * wrong now (a duplicate made meanwhile) is rejected with its errors, the others written.
 * An imported organisation may pay on account as one created at the counter (the
 * institution's deferred defaults, contacts' newContactDeferred). The
 * same request again answers what the first wrote.
 */
export function importContacts(ctx: Ctx, input: ParsedInputOf<'contacts.import'>, env: Env): Result<OutputOf<'contacts.import'>> {
  const request = requestOf(ctx, 'contacts.import', input);
  return transact(ctx.db, () => {
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value !== null) return ok(importReport(ctx.db, previous.value));
    const seen = new Set<string>();
    const checked = input.rows.map((row) => ({ row, errors: rowProblems(ctx, env, row.contact, seen) }));
    const contactIds: string[] = [];
    for (const { row, errors } of checked) {
      if (errors.length > 0) continue;
      const id = `c-${ctx.ids.ulid().toLowerCase()}`;
      insertContact(ctx, id, row.contact);
      queueContact(ctx.db, id, ctx.clock.nowMs());
      contactIds.push(id);
    }
    const output = { importedCount: contactIds.length, contactIds, rejected: checked.filter((c) => c.errors.length > 0).map((c) => ({ line: c.row.line, errors: c.errors })) };
    const importId = `imp-${ctx.ids.ulid().toLowerCase()}`;
    appendAudit(ctx, ctx.actor.userId, 'contact.imported', { importId, ...output });
    recordRequest(ctx.db, request, importId, ctx.clock.nowMs());
    return ok(output);
  });
}

function importReport(db: Db, importId: string): OutputOf<'contacts.import'> {
  const row = stmt(db, "SELECT details FROM audit_log WHERE action = 'contact.imported' AND json_extract(details, '$.importId') = ?").get(importId) as { details: string };
  const { importedCount, contactIds, rejected } = JSON.parse(row.details) as OutputOf<'contacts.import'>;
  return { importedCount, contactIds, rejected };
}

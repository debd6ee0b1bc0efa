// Contacts with their account balances (credit balance, deferred outstanding).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, creditBalanceFromAccount } from '../../shared/domain/accounts.ts';
import type { Contact } from '../../shared/domain/types.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { checkThenApply, plan, type Planned } from '../kernel/tx.ts';
import { knownBalance, offlineAllowanceOf, overdraftOf } from '../sync-client/index.ts';
import { queueContact } from '../sync-client/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf } from '../kernel/config.ts';

interface ContactRow {
  id: string;
  kind: 'individual' | 'organization';
  name: string;
  first_name: string;
  email: string;
  city: string;
  deferred_authorised: number;
  deferred_limit_minor: number;
}

function toContact(db: Db, row: ContactRow): Contact {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    firstName: row.first_name,
    email: row.email,
    city: row.city,
    creditBalanceMinor: creditBalanceFromAccount(knownBalance(db, account.credit(row.id).id)),
    deferredAuthorised: row.deferred_authorised === 1,
    deferredLimitMinor: row.deferred_limit_minor,
    deferredOutstandingMinor: knownBalance(db, account.deferred(row.id).id),
    overdraftMinor: overdraftOf(db, row.id),
    offlineAllowance: offlineAllowanceOf(db, row.id),
  };
}

export function contactById(db: Db, contactId: string): Contact | null {
  const row = stmt(db, 'SELECT * FROM contacts WHERE id = ?').get(contactId) as ContactRow | undefined;
  return row ? toContact(db, row) : null;
}

export function searchContacts(ctx: Ctx, input: ParsedInputOf<'contacts.search'>): Result<OutputOf<'contacts.search'>> {
  const pattern = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = stmt(
    ctx.db,
    `SELECT * FROM contacts
     WHERE name LIKE @p ESCAPE '\\' OR first_name LIKE @p ESCAPE '\\' OR email LIKE @p ESCAPE '\\' OR city LIKE @p ESCAPE '\\'
        OR (name || ' ' || first_name) LIKE @p ESCAPE '\\' OR (first_name || ' ' || name) LIKE @p ESCAPE '\\'
     ORDER BY name COLLATE NOCASE, first_name COLLATE NOCASE LIMIT @limit`,
  ).all({ p: pattern, limit: input.limit ?? 20 }) as ContactRow[];
  return ok(rows.map((r) => toContact(ctx.db, r)));
}

export function getContact(ctx: Ctx, input: ParsedInputOf<'contacts.get'>): Result<OutputOf<'contacts.get'>> {
  const contact = contactById(ctx.db, input.contactId);
  return contact ? ok(contact) : refuse('contact_not_found', { contactId: input.contactId });
}

/** What a new contact is written with: whether it may pay on account from the start. */
interface NewContactPlan {
  input: ParsedInputOf<'contacts.create'>;
  isAuthorised: boolean;
  limitMinor: number;
  country: string;
}

/**
 * Whether a new contact, created at the counter or imported, may pay on account from the
 * start: an organisation may when the institution says so (seed 000: "les nouveaux contacts
 * structure créés ont droit au paiement différé"), with the default limit; a person never.
 */
export function newContactDeferred(db: Db, kind: Contact['kind']): { isAuthorised: boolean; limitMinor: number } {
  const defaults = institutionOf(db).deferredDefaults;
  const isAuthorised = kind === 'organization' && defaults.organisationsAuthorised;
  return { isAuthorised, limitMinor: isAuthorised ? defaults.limitMinor : 0 };
}

/** A new contact, with the deferred rights of a new one. Nothing to refuse past the door's schema. */
function checkCreateContact(ctx: Ctx, input: ParsedInputOf<'contacts.create'>): Result<Planned<NewContactPlan, Contact>> {
  const { isAuthorised, limitMinor } = newContactDeferred(ctx.db, input.kind);
  return plan({ input, isAuthorised, limitMinor, country: (input.country ?? institutionOf(ctx.db).country).toUpperCase() });
}

function applyCreateContact(ctx: Ctx, p: NewContactPlan): Contact {
  const { input } = p;
  const id = `c-${ctx.ids.ulid().toLowerCase()}`;
  stmt(
    ctx.db,
    `INSERT INTO contacts (id, kind, name, first_name, email, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.kind, input.name, input.firstName ?? '', input.email ?? '', input.street ?? '', input.buildingNumber ?? '', input.postcode ?? '', input.city ?? '', p.country, p.isAuthorised ? 1 : 0, p.limitMinor, ctx.clock.nowMs());
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'contact.created', details: { contactId: id, kind: input.kind, deferredAuthorised: p.isAuthorised } });
  queueContact(ctx.db, id, ctx.clock.nowMs());
  return contactById(ctx.db, id)!;
}

export const createContact = checkThenApply(checkCreateContact, applyCreateContact);

type SetDeferredInput = ParsedInputOf<'contacts.setDeferred'>;

/** The contact's "Gestion" panel: may it pay on account, and up to which outstanding. Checks: the contact exists. */
function checkSetDeferred(ctx: Ctx, input: SetDeferredInput): Result<Planned<SetDeferredInput, Contact>> {
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  return plan(input);
}

function applySetDeferred(ctx: Ctx, input: SetDeferredInput): Contact {
  // contacts are reference data, not financial rows: their settings change in place, audited
  stmt(ctx.db, 'UPDATE contacts SET deferred_authorised = ?, deferred_limit_minor = ? WHERE id = ?').run(input.authorised ? 1 : 0, input.limitMinor, input.contactId);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'contact.deferred_changed', details: { contactId: input.contactId, authorised: input.authorised, limitMinor: input.limitMinor } });
  queueContact(ctx.db, input.contactId, ctx.clock.nowMs());
  return contactById(ctx.db, input.contactId)!;
}

export const setDeferred = checkThenApply(checkSetDeferred, applySetDeferred);

export function deferredDefaults(ctx: Ctx): Result<OutputOf<'settings.deferredDefaults'>> {
  return ok(institutionOf(ctx.db).deferredDefaults);
}

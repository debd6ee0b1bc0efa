// Contacts with their account balances (credit balance, deferred outstanding).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, creditBalanceFromAccount } from '../../shared/domain/accounts.ts';
import type { Contact } from '../../shared/domain/types.ts';
import { immediate, stmt, type Db } from '../kernel/db/connection.ts';
import { knownBalance, offlineAllowanceOf, overdraftOf } from '../sync-client/index.ts';
import { queueContact } from '../sync-client/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, setSetting } from '../kernel/config.ts';

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

/** Display name: "Dupont Marie" for a person, the name alone for an organisation. */
export function contactName(contact: { name: string; firstName?: string; first_name?: string }): string {
  const first = contact.firstName ?? contact.first_name ?? '';
  return first ? `${contact.name} ${first}` : contact.name;
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

/**
 * A new contact. An organisation may pay on account from the start when the institution
 * says so (seed 000: "les nouveaux contacts structure créés ont droit au paiement différé"),
 * with the default limit.
 */
export function createContact(ctx: Ctx, input: ParsedInputOf<'contacts.create'>): Result<OutputOf<'contacts.create'>> {
  return immediate(ctx.db, (): Result<OutputOf<'contacts.create'>> => {
    const defaults = institutionOf(ctx.db).deferredDefaults;
    const isAuthorised = input.kind === 'organization' && defaults.organisationsAuthorised;
    const id = `c-${ctx.ids.ulid().toLowerCase()}`;
    stmt(
      ctx.db,
      `INSERT INTO contacts (id, kind, name, first_name, email, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.kind, input.name, input.firstName ?? '', input.email ?? '', input.street ?? '', input.buildingNumber ?? '', input.postcode ?? '', input.city ?? '', (input.country ?? institutionOf(ctx.db).country).toUpperCase(), isAuthorised ? 1 : 0, isAuthorised ? defaults.limitMinor : 0, ctx.clock.nowMs());
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'contact.created', details: { contactId: id, kind: input.kind, deferredAuthorised: isAuthorised } });
    queueContact(ctx.db, id, ctx.clock.nowMs());
    return ok(contactById(ctx.db, id)!);
  });
}

/** The contact's "Gestion" panel: may it pay on account, and up to which outstanding. */
export function setDeferred(ctx: Ctx, input: ParsedInputOf<'contacts.setDeferred'>): Result<OutputOf<'contacts.setDeferred'>> {
  return immediate(ctx.db, (): Result<OutputOf<'contacts.setDeferred'>> => {
    if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
    // contacts are reference data, not financial rows: their settings change in place, audited
    stmt(ctx.db, 'UPDATE contacts SET deferred_authorised = ?, deferred_limit_minor = ? WHERE id = ?').run(input.authorised ? 1 : 0, input.limitMinor, input.contactId);
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'contact.deferred_changed', details: { contactId: input.contactId, authorised: input.authorised, limitMinor: input.limitMinor } });
    queueContact(ctx.db, input.contactId, ctx.clock.nowMs());
    return ok(contactById(ctx.db, input.contactId)!);
  });
}

export function deferredDefaults(ctx: Ctx): Result<OutputOf<'settings.deferredDefaults'>> {
  return ok(institutionOf(ctx.db).deferredDefaults);
}

export function setDeferredDefaults(ctx: Ctx, input: ParsedInputOf<'settings.setDeferredDefaults'>): Result<OutputOf<'settings.setDeferredDefaults'>> {
  return immediate(ctx.db, (): Result<OutputOf<'settings.setDeferredDefaults'>> => {
    const institution = institutionOf(ctx.db);
    setSetting(ctx.db, 'institution', JSON.stringify({ ...institution, deferredDefaults: input }));
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'settings.changed', details: { deferredDefaults: input } });
    return ok(institutionOf(ctx.db).deferredDefaults);
  });
}

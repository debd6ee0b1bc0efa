// Contacts with their account balances (credit balance, deferred outstanding).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, creditBalanceFromAccount } from '../../shared/domain/accounts.ts';
import type { Contact } from '../../shared/domain/types.ts';
import { stmt, type Db } from '../db/connection.ts';
import { balanceOf } from '../ledger/ledger.ts';
import type { Ctx } from './context.ts';

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
    creditBalanceMinor: creditBalanceFromAccount(balanceOf(db, account.credit(row.id).id)),
    deferredAuthorised: row.deferred_authorised === 1,
    deferredLimitMinor: row.deferred_limit_minor,
    deferredOutstandingMinor: balanceOf(db, account.deferred(row.id).id),
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

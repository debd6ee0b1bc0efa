// The web shop's contacts: found by email, and created as the till's contacts.create makes
// them (an organisation may pay on account from the start when the institution says so,
// with its default limit: seed 000). A new contact is a contact record, which every till
// receives at its next pull as it receives the administrator's and the other tills'.
import { monotonicFactory } from 'ulid';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ContactRecord } from '../../../src/shared/api/sync-records.ts';
import type { ShopContactInput } from '../../../src/shared/api/shop-schemas.ts';
import { ok, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import { lockServerJournal } from '../ledger/server-journal.ts';
import { writeRecords } from '../records.ts';
import { transaction } from '../store/tx.ts';
import { institutionOf } from './catalogue.ts';
import { previousAnswer, rememberAnswer, requestHashOf } from './requests.ts';

type Contact = z.infer<typeof ContactRecord>;

/** Contacts with this email at most (a shared address of a family or an office). */
const contactsByEmailMax = 100;

const nextId = monotonicFactory();

/** The contacts whose email is this one, case and surrounding spaces aside; none is no refusal. */
export async function contactsByEmail(ctx: ServerContext, email: string): Promise<Result<Contact[]>> {
  // the expression of the index records_contact_email (migration 4)
  const rows = await sql<{ body: string }>`
    SELECT body FROM records WHERE kind = 'contact' AND lower(body::json->>'email') = ${email.trim().toLowerCase()}
    ORDER BY id LIMIT ${contactsByEmailMax}::int4`.execute(ctx.db);
  return ok(rows.rows.map((r) => JSON.parse(r.body) as Contact));
}

/**
 * A new contact, idempotent by requestId: the same id with the same body answers the same
 * contact, with another body request_conflict. Nothing else to refuse past the door's
 * schema, as at the till. The shop's writes are serialised on the WEB journal's row; the
 * record version lock is taken last (writeRecords).
 */
export async function createContact(ctx: ServerContext, pointOfSaleId: string, input: z.infer<typeof ShopContactInput>): Promise<Result<Contact>> {
  const { requestId, ...body } = input;
  const requestHash = requestHashOf('contact', pointOfSaleId, body);
  const nowMs = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    await lockServerJournal(trx);
    const key = { pointOfSaleId, kind: 'contact' as const, requestId };
    const previous = await previousAnswer<Contact>(trx, key, requestHash);
    if (previous) return previous;
    const institution = await institutionOf(trx);
    const isAuthorised = body.kind === 'organization' && institution.deferredDefaults.organisationsAuthorised;
    // every check is above this line

    const contact: Contact = {
      // the till's form of a contact id (contacts.create)
      id: `c-${nextId(nowMs).toLowerCase()}`,
      kind: body.kind,
      name: body.name,
      firstName: body.firstName ?? '',
      email: body.email ?? '',
      street: body.street ?? '',
      buildingNumber: body.buildingNumber ?? '',
      postcode: body.postcode ?? '',
      city: body.city ?? '',
      country: (body.country ?? institution.country).toUpperCase(),
      deferredAuthorised: isAuthorised,
      deferredLimitMinor: isAuthorised ? institution.deferredDefaults.limitMinor : 0,
    };
    await rememberAnswer(trx, { ...key, requestHash, objectId: contact.id, eventId: null, nowMs }, contact);
    await writeRecords(trx, [{ kind: 'contact', id: contact.id, body: contact }], nowMs);
    return ok(contact);
  });
}

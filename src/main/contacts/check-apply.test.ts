// Contacts' writing methods as check then apply (issue 14): a refusal leaves every table as
// it was; a contact created or changed is queued for the server in the same transaction.
import { beforeEach, describe, expect, it } from 'vitest';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const outbox = () => t.db.prepare('SELECT record_id FROM record_outbox ORDER BY seq').all() as { record_id: string }[];

beforeEach(() => {
  t = testTill();
});

describe('contacts: check, then apply', () => {
  it('refuses to change an unknown contact, with every table unchanged', () => {
    const before = databaseFingerprint(t.db);
    expect(t.call('contacts.setDeferred', { contactId: 'c-nobody', authorised: true, limitMinor: 100 }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'contact_not_found', details: { contactId: 'c-nobody' } } });
    expect(databaseFingerprint(t.db)).toBe(before);
  });

  it('creates and changes a contact with its audit row and its record for the server', () => {
    const created = t.must('contacts.create', { kind: 'organization', name: 'Chœur de Plainpalais', country: 'ch' });
    expect(created).toMatchObject({ kind: 'organization', deferredAuthorised: true, deferredLimitMinor: 100000 });
    expect(t.db.prepare('SELECT country FROM contacts WHERE id = ?').get(created.id)).toEqual({ country: 'CH' });
    t.must('contacts.setDeferred', { contactId: created.id, authorised: false, limitMinor: 0 }, 'supervisor');
    expect(outbox().map((r) => r.record_id)).toEqual([created.id, created.id]);
    expect(t.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'contact.%' ORDER BY rowid").all()).toEqual([{ action: 'contact.created' }, { action: 'contact.deferred_changed' }]);
  });
});

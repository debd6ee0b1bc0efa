// A NUL character (U+0000) in any text of an input is refused at the door, naming the field,
// and nothing is written: the till would keep it, but the ledger server's PostgreSQL text
// refuses it, so the event carrying it would be refused at every push after.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
});

describe('a NUL character in an input', () => {
  it.each([
    ['a contact’s name', 'contacts.create', { kind: 'organization', name: 'Chœur\u0000', country: 'CH' }, 'name'],
    ['a pay-in’s reason', 'sessions.payIn', { requestId: ulid(), amountMinor: 100, reason: 'Fonds\u0000' }, 'reason'],
    ['a line of a sale', 'sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p3', tariffId: 'e-misanthrope-plein\u0000', quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: 4500 }] }, 'lines.0.tariffId'],
    ['a key', 'contacts.create', { kind: 'organization', name: 'Chœur', country: 'CH', ['x\u0000']: 1 }, 'x\\u0000'],
  ] as const)('in %s is refused with invalid_input naming the field, nothing written', (_name, method, input, field) => {
    const before = stateFingerprint(t.db);
    const result = t.call(method, input as never, 'supervisor');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field, issues: [{ path: field, message: 'holds a NUL character (U+0000)' }] } } });
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('is refused on a public method too (login)', () => {
    expect(t.call('auth.login', { userId: 'u-admin\u0000', pin: '123456' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'userId' } } });
  });

  it('is not a backslash followed by u0000, which is text like any other', () => {
    const created = t.must('contacts.create', { kind: 'organization', name: 'Chœur \\u0000', country: 'CH' });
    expect(created).toMatchObject({ name: 'Chœur \\u0000' });
  });
});

// A till's id (ADR 0011): what the environment gives a demo till, the provisional id of a
// bare install, and a change of id — taken only while the journal is empty, refused after
// (till_id_locked) or when it is no till id (till_id_invalid), each refusal changing nothing.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { envConfig } from '../till.ts';
import { testTill, writtenRowCounts } from '../testing/fixtures.ts';
import { getSetting } from './config.ts';
import { signingKeysOf } from './ledger/keys.ts';
import { provisionalTillId, setTillId, tillIdFromEnv } from './till-identity.ts';

describe('the id a till starts with', () => {
  it('a demo till is G1, or the id GUICHET_TILL_ID gives; a bare install ignores it and names itself', () => {
    expect(envConfig({ HOME: '/h' })).not.toHaveProperty('tillId');
    expect(envConfig({ HOME: '/h', GUICHET_TILL_ID: 'G2' })).toMatchObject({ demo: true, tillId: 'G2' });
    expect(envConfig({ HOME: '/h', GUICHET_TILL_ID: 'G2', GUICHET_DEMO: '0' })).not.toHaveProperty('tillId');
    expect(() => tillIdFromEnv('g-2')).toThrow(/GUICHET_TILL_ID=g-2/);
    expect(tillIdFromEnv('')).toBeNull();
  });

  it('a provisional id is T and four Crockford characters, drawn afresh each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => provisionalTillId()));
    for (const id of ids) expect(id).toMatch(/^T[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(ids.size).toBeGreaterThan(190);
    expect(provisionalTillId(() => 0)).toBe('T0000');
    expect(provisionalTillId(() => 31)).toBe('TZZZZ');
  });
});

describe('changing the id', () => {
  it('is taken while the journal is empty: the till row, its prefix, sessions and key move with it, audited', () => {
    const t = testTill();
    const keysBefore = signingKeysOf(t.db, 'G1');
    const taken = setTillId(t.context, { tillId: 'NEW2', tillName: 'Guichet nord' });
    expect(taken).toEqual({ ok: true, value: { tillId: 'NEW2', tillName: 'Guichet nord' } });
    expect(t.context.tillId).toBe('NEW2');
    expect(getSetting(t.db, 'this_till_id')).toBe('NEW2');
    expect(t.db.prepare("SELECT name, order_prefix FROM tills WHERE id = 'NEW2'").get()).toEqual({ name: 'Guichet nord', order_prefix: 'NEW2' });
    expect(signingKeysOf(t.db, 'NEW2')).toEqual(keysBefore);
    expect(t.db.prepare("SELECT action, details FROM audit_log WHERE action = 'till.renamed'").get()).toEqual({ action: 'till.renamed', details: JSON.stringify({ fromTillId: 'G1', tillId: 'NEW2', tillName: 'Guichet nord' }) });
    // the cashier's login session moved with the till: selling goes on under the new id
    t.must('sessions.open', { float: [] });
    const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(order.number).toMatch(/^NEW2-\d+$/);
    expect(t.db.prepare('SELECT DISTINCT till_id FROM journal').all()).toEqual([{ till_id: 'NEW2' }]);
  });

  it('is refused once the journal holds an entry, or for what is no till id; nothing changes', () => {
    const t = testTill();
    expect(setTillId(t.context, { tillId: 'g 2', tillName: 'x' })).toMatchObject({ ok: false, error: { code: 'till_id_invalid' } });
    t.must('sessions.open', { float: [] });
    const before = writtenRowCounts(t.db);
    expect(setTillId(t.context, { tillId: 'G7', tillName: 'Guichet 7' })).toMatchObject({ ok: false, error: { code: 'till_id_locked', details: { tillId: 'G1', entries: 1 } } });
    expect(t.context.tillId).toBe('G1');
    expect(getSetting(t.db, 'this_till_id')).toBe('G1');
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM tills WHERE id = 'G7'").get()).toEqual({ n: 0 });
    expect(writtenRowCounts(t.db)).toEqual(before);
    // the same id with another name is only a name
    expect(setTillId(t.context, { tillId: 'G1', tillName: 'Guichet sud' }).ok).toBe(true);
    expect(t.db.prepare("SELECT name FROM tills WHERE id = 'G1'").get()).toEqual({ name: 'Guichet sud' });
  });
});

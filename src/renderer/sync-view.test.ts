// The sync indicator's words and the enrolment form's checks.
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../shared/api/sync-contract.ts';
import { EnrolmentCode } from '../shared/api/sync-schemas.ts';
import { makeFormatters } from './format.ts';
import { checkEnrolmentCode, checkServerUrl, formatRelativeTime, justNowMaxMs, relativeTime, syncErrorText, syncStateOf } from './sync-view.ts';

const s = 1000;
const min = 60 * s;
const h = 60 * min;
const d = 24 * h;

describe('relative time of the last sync', () => {
  it.each([
    [0, { kind: 'justNow' }],
    [-5 * s, { kind: 'justNow' }],
    [justNowMaxMs - 1, { kind: 'justNow' }],
    [justNowMaxMs, { kind: 'ago', value: 10, unit: 'second' }],
    [59_999, { kind: 'ago', value: 59, unit: 'second' }],
    [min, { kind: 'ago', value: 1, unit: 'minute' }],
    [2 * min + 59 * s, { kind: 'ago', value: 2, unit: 'minute' }],
    [h - 1, { kind: 'ago', value: 59, unit: 'minute' }],
    [h, { kind: 'ago', value: 1, unit: 'hour' }],
    [d - 1, { kind: 'ago', value: 23, unit: 'hour' }],
    [d, { kind: 'ago', value: 1, unit: 'day' }],
    [40 * d, { kind: 'ago', value: 40, unit: 'day' }],
  ])('%i ms ago is %o', (elapsed, expected) => {
    expect(relativeTime(elapsed)).toEqual(expected);
  });

  it('reads in French and English', () => {
    const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');
    expect(plain(formatRelativeTime(2 * min + 5 * s, 'fr-CH', 'à l’instant'))).toBe('il y a 2 min');
    expect(plain(formatRelativeTime(3 * h, 'fr-CH', 'à l’instant'))).toBe('il y a 3 h');
    expect(plain(formatRelativeTime(2 * min, 'en-CH', 'just now'))).toBe('2 min ago');
    expect(formatRelativeTime(3 * s, 'fr-CH', 'à l’instant')).toBe('à l’instant');
  });
});

const status: SyncStatus = {
  tillId: 'G1',
  enrolled: false,
  serverUrl: null,
  enrolling: false,
  online: false,
  waitingEvents: 0,
  waitingRecords: 0,
  ackedSeq: 0,
  lastSuccessMs: null,
  lastAttemptMs: null,
  lastError: null,
  offlineCapMinor: 20000,
};
const failed = { code: 'sync_server_unreachable', message: 'fetch failed' };

describe('the indicator state', () => {
  it.each([
    [{}, 'notEnrolled'],
    [{ enrolling: true }, 'enrolling'],
    [{ enrolling: true, lastError: failed }, 'offline'],
    [{ enrolled: true, online: true }, 'online'],
    [{ enrolled: true, online: false }, 'offline'],
    [{ enrolled: true, online: false, lastError: failed }, 'offline'],
    // a till enrolled again keeps its old token until the new one arrives
    [{ enrolled: true, online: true, enrolling: true }, 'online'],
    [{ enrolled: true, online: false, enrolling: true }, 'enrolling'],
    [{ enrolled: true, online: false, enrolling: true, lastError: failed }, 'offline'],
  ] as const)('%o is %s', (change, expected) => {
    expect(syncStateOf({ ...status, ...change })).toBe(expected);
  });
});

describe('the enrolment code as typed', () => {
  it.each([
    ['ABCD-EFGH-JKMN-PQRS', 'ABCD-EFGH-JKMN-PQRS'],
    ['abcd-efgh-jkmn-pqrs', 'ABCD-EFGH-JKMN-PQRS'],
    ['  abcd efgh jkmn pqrs ', 'ABCD-EFGH-JKMN-PQRS'],
    ['ABCDEFGHJKMNPQRS', 'ABCD-EFGH-JKMN-PQRS'],
    // Crockford: O is 0, I and L are 1
    ['O1IL-0000-1111-ZZZZ', '0111-0000-1111-ZZZZ'],
  ])('%j is %s', (typed, code) => {
    expect(checkEnrolmentCode(typed)).toEqual({ ok: true, code });
    expect(EnrolmentCode.safeParse(code).success).toBe(true);
  });

  it.each([
    ['', 'empty', ''],
    ['  - ', 'empty', ''],
    ['ABCD-EFGH-JKMN-PQR', 'length', ''],
    ['ABCD-EFGH-JKMN-PQRST', 'length', ''],
    ['ABCD', 'length', ''],
    ['ABCD-EFGH-JKMN-PQRU', 'characters', 'U'],
    ['ABCD-EFGH-JKMN-PQ#U', 'characters', '# U'],
    ['ÀBCD-EFGH-JKMN-PQRS', 'characters', 'À'],
  ])('%j is refused (%s)', (typed, problem, badCharacters) => {
    expect(checkEnrolmentCode(typed)).toEqual({ ok: false, problem, badCharacters });
  });
});

describe('the server address as typed', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['  https://ledger.example.ch  ', 'https://ledger.example.ch'],
    ['ledger.example.ch:8787', 'http://ledger.example.ch:8787'],
    ['https://ledger.example.ch/guichet/', 'https://ledger.example.ch/guichet/'],
  ])('%j is %s', (typed, url) => {
    expect(checkServerUrl(typed)).toEqual({ ok: true, url });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://ledger.example.ch', 'scheme'],
    ['http://', 'invalid'],
    ['http://exa mple.ch', 'invalid'],
  ])('%j is refused (%s)', (typed, problem) => {
    expect(checkServerUrl(typed)).toEqual({ ok: false, problem });
  });
});

describe('the last error in the UI language', () => {
  const fr = makeFormatters('fr', 'CHF', 'CH', 'Europe/Zurich');
  const en = makeFormatters('en', 'CHF', 'CH', 'Europe/Zurich');
  const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

  it('puts the client’s reason in the sentence of its code', () => {
    const error = { code: 'sync_server_unreachable', message: 'fetch failed (connect ECONNREFUSED 127.0.0.1:9)' };
    expect(plain(syncErrorText(error, fr))).toBe('Serveur central injoignable : fetch failed (connect ECONNREFUSED 127.0.0.1:9).');
    expect(syncErrorText(error, en)).toMatch(/fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:9\)/);
  });

  it('translates a code that needs no details, and shows the server’s sentence of one that needs them', () => {
    expect(syncErrorText({ code: 'enrolment_code_invalid', message: 'Code d’enrôlement inconnu, déjà utilisé ou expiré.' }, en)).toBe('Enrolment code unknown, already used or expired.');
    expect(syncErrorText({ code: 'token_revoked', message: '' }, fr)).toBe('Ce poste a été révoqué par l’administrateur : enrôlez-le à nouveau.');
    const gap = 'Trou dans le journal : le serveur attend la séquence 12.';
    expect(syncErrorText({ code: 'sync_gap', message: gap }, fr)).toBe(gap);
  });

  it('words a refusal with its details in the UI’s language, whatever language it came in (ADR 0011)', () => {
    const broken = { code: 'sync_chain_broken', message: 'Hash chain broken at sequence 7.', details: { seq: 7 } };
    expect(syncErrorText(broken, fr)).toBe('Chaînage rompu à la séquence 7.');
    const mismatch = { code: 'enrolment_till_mismatch', message: 'This code is for till G2…', details: { tillId: 'G1', codeTillId: 'G2', codeTillName: 'Guichet 2' } };
    expect(syncErrorText(mismatch, fr)).toMatch(/^Ce code est pour la caisse G2, pas pour la caisse G1\./);
    expect(syncErrorText(mismatch, en)).toMatch(/^This code is for till G2, not for till G1\./);
  });

  it('shows an unknown code’s message as it came', () => {
    expect(syncErrorText({ code: 'teapot', message: 'I am a teapot' }, fr)).toBe('I am a teapot');
    expect(syncErrorText({ code: 'teapot', message: '' }, fr)).toBe('teapot');
  });
});

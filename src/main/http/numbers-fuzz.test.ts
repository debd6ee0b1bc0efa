// The HTTP door against numbers (issue 12, point 11): every amount-, count- and time-
// bearing method gets huge, negative, fractional, exponent-written, NaN-like and
// string-typed numbers in its fields, on a till with sales to refund and, in the second
// property, a drawer already at balanceMinorMax. Whatever comes in, the answer is a
// typed refusal or a success: never a 5xx, never internal_error.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { amountMinorMax, balanceMinorMax } from '../../shared/limits.ts';
import type { Role } from '../../shared/permissions.ts';
import { testTill, tokens, type TestTill } from '../testing/fixtures.ts';
import { createHttpApp } from './app.ts';

const host = '127.0.0.1:5174';

/** A number as it is written in the JSON text: some are not numbers JSON.stringify could write. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: amountMinorMax - 2, max: amountMinorMax + 2 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom(
    '0', '-0', '1', '-1', '0.5', '1e-7', '12.345',
    String(2 ** 50 - 1), String(2 ** 53), String(2 ** 53 + 2), String(Number.MAX_SAFE_INTEGER), '1e9', '1e15', '1e308', '-1e308', '1e400', '-1e400',
    '"NaN"', '"Infinity"', '"-Infinity"', '"1e9"', '"100"', 'null', 'true', '[]', '{}', '[1e400]',
  ),
);

interface Target {
  method: string;
  role: Role;
  /** The body, with each fuzzed number spliced in as raw JSON text. */
  body: (n: readonly string[], ctx: Scene) => string;
  numbers: number;
}

interface Scene {
  t: TestTill;
  orderId: string;
  lineId: string;
}

const q = JSON.stringify;
const targets: Target[] = [
  { method: 'sessions.open', role: 'cashier', numbers: 4, body: (n) => `{"float":[{"valueMinor":${n[0]},"count":${n[1]}},{"valueMinor":${n[2]},"count":${n[3]}}]}` },
  { method: 'sessions.payIn', role: 'supervisor', numbers: 1, body: (n) => `{"requestId":${q(ulid())},"amountMinor":${n[0]},"reason":"fuzz"}` },
  { method: 'sessions.payOut', role: 'supervisor', numbers: 1, body: (n) => `{"requestId":${q(ulid())},"amountMinor":${n[0]},"reason":"fuzz"}` },
  { method: 'sessions.closingPreview', role: 'supervisor', numbers: 4, body: (n) => `{"counts":[{"methodId":"pm-cash","countedMinor":${n[0]},"denominations":[{"valueMinor":${n[1]},"count":${n[2]}}]},{"methodId":"pm-card","countedMinor":${n[3]}}]}` },
  { method: 'sessions.close', role: 'supervisor', numbers: 3, body: (n) => `{"counts":[{"methodId":"pm-cash","countedMinor":${n[0]},"denominations":[{"valueMinor":${n[1]},"count":${n[2]}}]}]}` },
  { method: 'sales.quote', role: 'cashier', numbers: 3, body: (n) => `{"lines":[{"kind":"item","itemId":"i-programme","quantity":${n[0]}}],"payments":[{"methodId":"pm-cash","amountMinor":${n[1]}},{"methodId":"pm-card","amountMinor":${n[2]}}]}` },
  { method: 'sales.checkout', role: 'cashier', numbers: 3, body: (n) => `{"requestId":${q(ulid())},"lines":[{"kind":"ticket","performanceId":"e-misanthrope-p1","tariffId":"e-misanthrope-plein","quantity":${n[0]}}],"buyerContactId":null,"payments":[{"methodId":"pm-cash","amountMinor":${n[1]}},{"methodId":"pm-cash","amountMinor":${n[2]}}]}` },
  { method: 'orders.refund', role: 'cashier', numbers: 2, body: (n, s) => `{"requestId":${q(ulid())},"orderId":${q(s.orderId)},"lines":[{"orderLineId":${q(s.lineId)},"quantity":${n[0]}}],"payments":[{"methodId":"pm-cash","amountMinor":${n[1]}}],"reason":"fuzz"}` },
  { method: 'credit.fund', role: 'supervisor', numbers: 1, body: (n) => `{"requestId":${q(ulid())},"contactId":"c-dupont","methodId":"pm-cash","amountMinor":${n[0]}}` },
  { method: 'credit.payOut', role: 'supervisor', numbers: 1, body: (n) => `{"requestId":${q(ulid())},"contactId":"c-dupont","methodId":"pm-cash","amountMinor":${n[0]}}` },
  { method: 'deferred.settle', role: 'supervisor', numbers: 1, body: (n) => `{"requestId":${q(ulid())},"contactId":"c-ecole","methodId":"pm-cash","amountMinor":${n[0]},"reference":"","excessToCredit":true}` },
  { method: 'contacts.setDeferred', role: 'supervisor', numbers: 1, body: (n) => `{"contactId":"c-ecole","authorised":true,"limitMinor":${n[0]}}` },
  { method: 'settings.setDeferredDefaults', role: 'administrator', numbers: 1, body: (n) => `{"organisationsAuthorised":true,"limitMinor":${n[0]}}` },
  { method: 'reports.deferredAccounts', role: 'supervisor', numbers: 2, body: (n) => `{"minMinor":${n[0]},"maxMinor":${n[1]}}` },
  { method: 'reports.creditSlip', role: 'supervisor', numbers: 2, body: (n) => `{"fromMs":${n[0]},"toMs":${n[1]},"tillIds":[]}` },
  { method: 'reports.export', role: 'supervisor', numbers: 2, body: (n) => `{"format":"csv","language":"fr","request":{"report":"creditSlip","params":{"fromMs":${n[0]},"toMs":${n[1]},"tillIds":[]}}}` },
  { method: 'reports.zGet', role: 'supervisor', numbers: 1, body: (n) => `{"number":${n[0]}}` },
  { method: 'orders.list', role: 'cashier', numbers: 1, body: (n) => `{"limit":${n[0]}}` },
  { method: 'credit.history', role: 'cashier', numbers: 1, body: (n) => `{"contactId":"c-dupont","limit":${n[0]}}` },
];

function scene(drawerAtMax: boolean): Scene & { post: (method: string, role: Role, body: string) => Response | Promise<Response> } {
  const t = testTill();
  const app = createHttpApp({ dispatch: t.dispatch, allowedHosts: [host], health: () => ({ version: 'test' }) });
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
  const order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 4 }],
    buyerContactId: null,
    payments: [{ methodId: 'pm-cash', amountMinor: 20000 }],
  });
  if (drawerAtMax) {
    const drawerMinor = () => (t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'till:G1:pm-cash'").get() as { balance_minor: number }).balance_minor;
    while (balanceMinorMax - drawerMinor() >= amountMinorMax) t.must('sessions.payIn', { requestId: ulid(), amountMinor: amountMinorMax, reason: 'Fonds' }, 'supervisor');
    t.must('sessions.payIn', { requestId: ulid(), amountMinor: balanceMinorMax - drawerMinor(), reason: 'Fonds' }, 'supervisor');
  }
  const post = (method: string, role: Role, body: string) =>
    app.request(`http://${host}/api/${method}`, { method: 'POST', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` }, body });
  return { t, orderId: order.id, lineId: order.lines[0]!.id, post };
}

async function neverFails(drawerAtMax: boolean, numRuns: number): Promise<void> {
  const s = scene(drawerAtMax);
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), fc.array(numberText, { minLength: 4, maxLength: 4 }), async (target, numbers) => {
      // a close that went through would leave the rest of the run on a closed till
      if (s.t.must('sessions.current', {}).status === 'closed') s.t.must('sessions.open', { float: [] });
      const res = await s.post(target.method, target.role, target.body(numbers, s));
      const body = (await res.json()) as { ok: boolean; error?: { code: string } };
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${target.method} ${target.body(numbers, s)}`).toBeLessThan(500);
      expect(body.error?.code).not.toBe('internal_error');
    }),
    { numRuns },
  );
  // the run reached the services, not only the schema's refusals
  expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  expect(statuses.get(422) ?? 0).toBeGreaterThan(0);
}

describe('the HTTP door against numbers', () => {
  it('never answers 5xx nor internal_error, on an ordinary till', async () => {
    await neverFails(false, 1500);
  });

  it('never answers 5xx nor internal_error, with a drawer at balanceMinorMax', async () => {
    await neverFails(true, 600);
  });
});

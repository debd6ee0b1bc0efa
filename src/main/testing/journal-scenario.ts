// A till's day that writes every journal event type, deterministically (fixed clock, ids
// and keys): the journal-event tests run it to compare the payloads of today's writers with
// those the writers of an older version wrote for the very same facts (the committed
// fixture testing/fixtures/journal-v1, made by this scenario at the commit before payloads
// were versioned), and to have a realistic journal of each version to verify and push.
import { createPrivateKey, hash as oneShotHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import { seedDemo } from '../demo/seed.ts';
import { createTillContext, monotonicUlids, pooledBelow, type Clock, type Ids, type TillContext } from '../kernel/context.ts';
import { openDatabase } from '../kernel/db/connection.ts';
import { createDispatch, type Dispatch } from '../kernel/dispatch.ts';
import { journalKeyFile, plainKeyFile, signingKeyFile } from '../kernel/ledger/keys.ts';
import { privateKeyPem, publicKeyText, signerOf } from '../kernel/ledger/signing.ts';
import { printingHooks } from '../printing/index.ts';
import { registry } from '../registry.ts';
import { databaseFile } from '../till.ts';
import { seededRng } from '../crash/demo-sales.ts';
import { startMs } from './fixtures.ts';

export const scenarioTillId = 'G1';

/** The journal key and the signing key of the scenario's till, from fixed seeds. */
export const scenarioJournalKey = oneShotHash('sha256', 'guichet journal scenario: journal key', 'buffer');
export const scenarioSigningKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), oneShotHash('sha256', 'guichet journal scenario: signing key', 'buffer')]),
  format: 'der',
  type: 'pkcs8',
});

class ScenarioClock implements Clock {
  ms = startMs;
  nowMs(): number {
    return this.ms;
  }
}

/** Ids from a seeded generator, drawn in the order the code asks for them. */
function scenarioIds(clock: Clock): Ids {
  const rng = seededRng(20261206);
  const nextByte = () => Math.floor(rng() * 256);
  const below = pooledBelow(nextByte);
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[below(alphabet.length)]).join('');
  let tokens = 0;
  return {
    ulid: monotonicUlids(nextByte, () => clock.nowMs()),
    barcode: () => String(1 + below(9)) + pick('0123456789', 15),
    voucherCode: () => {
      const chars = pick('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 8);
      return `GV-${chars.slice(0, 4)}-${chars.slice(4)}`;
    },
    token: () => `scenario-token-${(tokens += 1)}`,
  };
}

/** Opens the scenario's till in `dataDir` (its signing key in `keyDir`): demo data, signed from entry 1, print jobs queued (no worker). */
function openScenarioTill(dataDir: string, keyDir: string, clock: ScenarioClock): { context: TillContext; dispatch: Dispatch } {
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, journalKeyFile), `${scenarioJournalKey.toString('hex')}\n`, { mode: 0o600 });
  const publicKey = publicKeyText(scenarioSigningKey);
  writeFileSync(signingKeyFile(keyDir, scenarioTillId, publicKey, plainKeyFile), privateKeyPem(scenarioSigningKey), { mode: 0o600 });
  const db = openDatabase(join(dataDir, databaseFile));
  seedDemo(db, clock, scenarioTillId);
  db.prepare('INSERT INTO journal_signing_keys (till_id, public_key, from_seq, created_at_ms) VALUES (?, ?, 1, ?)').run(scenarioTillId, publicKey, clock.nowMs());
  const context = createTillContext({
    db,
    journalKey: scenarioJournalKey,
    tillId: scenarioTillId,
    clock,
    ids: scenarioIds(clock),
    print: printingHooks,
    signer: signerOf(scenarioTillId, 1, scenarioSigningKey),
  });
  const dispatch = createDispatch(context, registry, { defaultLanguage: 'fr', checkOutputs: true, log: (m, e) => console.error(m, e) });
  return { context, dispatch };
}

type Role = 'cashier' | 'supervisor' | 'technician';
const pins: Record<Role, { userId: string; pin: string }> = {
  cashier: { userId: 'u-cashier', pin: '123456' },
  supervisor: { userId: 'u-supervisor', pin: '234567' },
  technician: { userId: 'u-technician', pin: '345678' },
};

/** A fixed request id: a ULID of the scenario's time and the step's number. */
const requestId = (n: number): string => `01KFX${String(n).padStart(21, '0')}`;

/**
 * Runs the day in `dataDir` and closes the database; the journal then holds, in order:
 * session_open, pay_in, sales (split tender with change and rounding, a gift voucher sold,
 * the voucher spent, the credit balance spent, on account in three installments invoiced
 * at once, on account to be invoiced), credit_fund, credit_payout, payer_changed,
 * invoice_issued (invoice, cancellation, credit note), deferred_settle, refunds (to cash,
 * to credit, on account), pay_out, print, reprint, drawer_open, session_close.
 */
export function runJournalScenario(dataDir: string, keyDir: string): void {
  const clock = new ScenarioClock();
  const { context, dispatch } = openScenarioTill(dataDir, keyDir, clock);
  const tokens = new Map<Role, string>();
  const must = <M extends MethodName>(method: M, input: InputOf<M>, role: Role = 'supervisor'): OutputOf<M> => {
    clock.ms += 7_000;
    let token = tokens.get(role);
    if (!token) {
      const login = dispatch('auth.login', pins[role], null);
      if (!login.ok) throw new Error(`login ${role}: ${JSON.stringify(login.error)}`);
      tokens.set(role, (token = (login.value as { token: string }).token));
    }
    const result = dispatch(method, input, token);
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
    return result.value as OutputOf<M>;
  };
  const jobOf = (where: string, ...params: unknown[]): string => {
    const row = context.db.prepare(`SELECT id FROM print_jobs WHERE ${where} ORDER BY created_at_ms DESC, id DESC LIMIT 1`).get(...params) as { id: string } | undefined;
    if (!row) throw new Error(`no print job where ${where}`);
    // as if the printer stopped answering mid-job: a person then confirms it printed
    context.db.prepare("UPDATE print_jobs SET status = 'in_doubt' WHERE id = ?").run(row.id);
    return row.id;
  };
  try {
    must('printers.save', { name: 'Caisse', connection: { transport: 'network', host: '127.0.0.1', port: 9100 }, documents: ['receipt', 'ticket', 'report'], drawerPin: 2 }, 'technician');
    must('sessions.open', { float: [{ valueMinor: 1000, count: 5 }, { valueMinor: 500, count: 4 }] }, 'cashier');
    must('sessions.payIn', { requestId: requestId(1), amountMinor: 10_000, reason: 'Fonds de caisse' });
    const first = must('sales.checkout', {
      requestId: requestId(2),
      buyerContactId: null,
      lines: [
        { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
        { kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-reduit', quantity: 1 },
        { kind: 'item', itemId: 'i-programme', quantity: 1 },
        { kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 },
      ],
      payments: [{ methodId: 'pm-card', amountMinor: 14_998 }, { methodId: 'pm-cash', amountMinor: 5_000 }],
    }, 'cashier');
    const voucher = first.vouchers[0]!;
    must('sales.checkout', {
      requestId: requestId(3),
      buyerContactId: null,
      lines: [{ kind: 'item', itemId: 'i-sac', quantity: 1 }],
      payments: [{ methodId: 'pm-voucher', amountMinor: 1_850, reference: voucher.code }],
    }, 'cashier');
    must('credit.fund', { requestId: requestId(4), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 5_000, reference: 'Dépôt' });
    const onCredit = must('sales.checkout', {
      requestId: requestId(5),
      buyerContactId: 'c-dupont',
      lines: [{ kind: 'ticket', performanceId: 'e-contes-p1', tariffId: 'e-contes-enfant', quantity: 2 }, { kind: 'item', itemId: 'i-affiche', quantity: 1 }],
      payments: [{ methodId: 'pm-credit', amountMinor: 2_000 }, { methodId: 'pm-card', amountMinor: 1_100 }],
    }, 'cashier');
    must('credit.payOut', { requestId: requestId(6), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 1_000 });
    const invoicedAtOnce = must('sales.checkout', {
      requestId: requestId(7),
      buyerContactId: 'c-ecole',
      lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p2', tariffId: 'e-misanthrope-reduit', quantity: 10 }],
      payments: [{ methodId: 'pm-deferred-3', amountMinor: 30_000 }],
      invoiceDeferred: true,
    }, 'cashier');
    const onAccount = must('sales.checkout', {
      requestId: requestId(8),
      buyerContactId: 'c-amis',
      lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p2', tariffId: 'e-quatuor-plein', quantity: 4 }],
      payments: [{ methodId: 'pm-deferred', amountMinor: 15_200 }],
    }, 'cashier');
    must('orders.changePayer', { orderId: onAccount.id, payerContactId: 'c-mairie' });
    const invoice = must('invoices.createForOrder', { orderId: onAccount.id });
    must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' });
    must('deferred.settle', { requestId: requestId(9), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 12_000, reference: 'Chèque 4711', excessToCredit: true });
    must('orders.refund', { requestId: requestId(10), orderId: first.id, lines: [{ orderLineId: first.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 2_500 }, { methodId: 'pm-cash', amountMinor: 2_000 }], reason: 'Client empêché' });
    must('orders.refund', { requestId: requestId(11), orderId: onCredit.id, lines: [{ orderLineId: onCredit.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-credit', amountMinor: 950 }], reason: 'Enfant malade' });
    must('orders.refund', { requestId: requestId(12), orderId: invoicedAtOnce.id, lines: [{ orderLineId: invoicedAtOnce.lines[0]!.id, quantity: 2 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6_000 }], reason: 'Deux élèves absents' });
    must('sessions.payOut', { requestId: requestId(13), amountMinor: 2_000, reason: 'Versement' });
    must('printJobs.confirm', { jobId: jobOf("kind = 'receipt' AND order_id = ?", first.id) });
    must('printing.print', { requestId: requestId(14), document: { kind: 'receipt', orderId: first.id } });
    must('printJobs.confirm', { jobId: jobOf("kind = 'receipt' AND copy_number > 0") });
    must('drawer.open', { requestId: requestId(15), reason: 'Monnaie' });
    must('printJobs.confirm', { jobId: jobOf("kind = 'drawer'") });
    const preview = must('sessions.closingPreview', { counts: [] });
    const counts = preview.methods.map((m) => ({ methodId: m.methodId, countedMinor: m.expectedMinor }));
    must('sessions.close', { counts });
  } finally {
    context.db.close();
  }
}

// A till's journal as the tests write it: chained events in the till's exact format
// (canonical JSON payload with its postings), so that the server sees what a real till
// sends without a till running: HMAC-chained (format 1) before its signing mark, SHA-256
// chained and signed with the till's Ed25519 key (format 2) from it on (ADR 0007). A
// till's key is derived from its id, so a test enrols with it before writing a journal.
// Payloads are written as version 1 (src/shared/domain/events.ts: no `v`, rows as tuples),
// which every server keeps reading, or as version 2, as a till writes them today (the
// benchmarks); what a test does not name is filled in (payloadOfV1, payloadOfV2), since the
// server refuses a payload its type's schema does not read.
import { createPrivateKey, createPublicKey, hash as oneShotHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { SigningKey, SyncEvent } from '../../../src/shared/api/sync-schemas.ts';
import { assertNever } from '../../../src/shared/assert.ts';
import { isEntryType } from '../../../src/shared/domain/events.ts';
import { canonicalJson, entryHash, genesisHash, journalFormat, signatureMessage, signedEntryHash, signedFormat, type Json } from '../ledger/journal.ts';

const nextId = monotonicFactory();

/** An Ed25519 private key from a 32-byte seed (PKCS#8 DER: a fixed prefix, then the seed). */
export function keyFromSeed(seed: string): KeyObject {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), oneShotHash('sha256', seed, 'buffer')]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** The signing key of a test till (from its id). */
export function testTillKey(tillId: string): KeyObject {
  return keyFromSeed(`guichet test till ${tillId}`);
}

export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'jwk' }).x!;
}

/** What a test till enrols with: its key, signing from `fromSeq` (its mark). */
export function testSigningKeys(tillId: string, fromSeq = 1): SigningKey[] {
  return [{ fromSeq, publicKey: publicKeyText(testTillKey(tillId)) }];
}

export function signHash(key: KeyObject, hash: string): string {
  return sign(null, signatureMessage(hash), key).toString('base64url');
}

export class TestJournal {
  readonly events: SyncEvent[] = [];
  private readonly key = randomBytes(32);
  readonly signingKey: KeyObject;

  /**
   * `signedFrom`: the signing mark (events before it are HMAC-chained, unsigned).
   * `payloadVersion`: the version append writes (the rows a test names are written as it gives them).
   */
  constructor(
    readonly tillId: string,
    private readonly nowMs: () => number = () => Date.UTC(2026, 10, 24, 9, 0, 0),
    readonly signedFrom = 1,
    readonly payloadVersion: 1 | 2 = 1,
  ) {
    this.signingKey = testTillKey(tillId);
  }

  /** The keys this till enrols with. */
  get signingKeys(): SigningKey[] {
    return testSigningKeys(this.tillId, this.signedFrom);
  }

  get head(): { seq: number; hash: string } {
    const last = this.events.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: genesisHash };
  }

  /**
   * Appends an event with these postings ([account, amount] pairs summing to zero) and a
   * payload of the journal's version: `data` over what its type's payload holds (payloadOfV1, payloadOfV2);
   * `forgeWith` signs it with another key (a forger who has the chain but not the till's key).
   */
  append(type: string, postings: [string, number][], data: Record<string, Json> = {}, forgeWith?: KeyObject): SyncEvent {
    const neutral = this.payloadVersion === 2 ? payloadOfV2(type, this.tillId) : payloadOfV1(type, this.tillId);
    return this.appendRaw(type, postings, { ...neutral, ...data }, forgeWith);
  }

  /** Appends an event whose payload is `data` and its postings, nothing filled in (a payload the server must refuse). */
  appendRaw(type: string, postings: [string, number][], data: Record<string, Json>, forgeWith?: KeyObject): SyncEvent {
    const createdAtMs = this.nowMs();
    const isSigned = this.head.seq + 1 >= this.signedFrom;
    const fields = {
      format: isSigned ? signedFormat : journalFormat,
      tillId: this.tillId,
      seq: this.head.seq + 1,
      id: nextId(createdAtMs),
      type,
      createdAtMs,
      userId: 'u-cashier',
      sessionId: null,
      prevHash: this.head.hash,
      payload: canonicalJson({ ...data, postings: [...postings].sort((a, b) => (a[0] < b[0] ? -1 : 1)) }),
    };
    const hash = isSigned ? signedEntryHash(fields) : entryHash(this.key, fields);
    const event: SyncEvent = { ...fields, hash, signature: isSigned ? signHash(forgeWith ?? this.signingKey, hash) : null };
    this.events.push(event);
    return event;
  }

  /** A cash sale of `amountMinor` (VAT left out: the server checks only that postings balance). */
  cashSale(amountMinor: number): SyncEvent {
    return this.append('sale', [[`till:${this.tillId}:pm-cash`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: null });
  }

  /** A sale paid by a contact's credit balance. */
  creditSale(contactId: string, amountMinor: number): SyncEvent {
    return this.append('sale', [[`credit:${contactId}`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: contactId });
  }

  /** A sale on a contact's deferred account. */
  deferredSale(contactId: string, amountMinor: number): SyncEvent {
    return this.append('sale', [[`deferred:${contactId}`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: contactId });
  }

  /**
   * A cash sale of tickets in the till's payload: one line per performance ([id, 'ticket',
   * label, quantity, unit price, total, VAT rate, VAT]), its tickets, and `seats` as the
   * till counts them (sorted by performance); `data` overrides any of it.
   */
  ticketSale(seats: [string, number][], data: Record<string, Json> = {}, unitMinor = 1000): SyncEvent {
    const lines = seats.map(([performanceId, quantity]) => [nextId(), 'ticket', performanceId, quantity, unitMinor, unitMinor * quantity, 810, 0]);
    const tickets = lines.flatMap((l) => Array.from({ length: l[3] as number }, () => [nextId(), l[0] as string, '4000000000000000']));
    const totalMinor = unitMinor * seats.reduce((a, [, n]) => a + n, 0);
    return this.append('sale', [[`till:${this.tillId}:pm-cash`, totalMinor], ['revenue:810', -totalMinor]], {
      orderId: nextId(),
      buyerContactId: null,
      lines,
      tickets,
      seats: [...seats].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      ...data,
    });
  }

  /** A refund of `seats` of a ticket sale, paid back in cash; `data` overrides any of it. */
  ticketRefund(sale: SyncEvent, seats: [string, number][], data: Record<string, Json> = {}, unitMinor = 1000): SyncEvent {
    const totalMinor = unitMinor * seats.reduce((a, [, n]) => a + n, 0);
    const orderId = (JSON.parse(sale.payload) as { orderId: string }).orderId;
    const tickets = seats.flatMap(([, n]) => Array.from({ length: n }, () => nextId()));
    return this.append('refund', [[`till:${this.tillId}:pm-cash`, -totalMinor], ['revenue:810', totalMinor]], { refundId: nextId(), orderId, tickets, seats, ...data });
  }

  /** A deposit on a contact's credit balance, paid in cash. */
  fund(contactId: string, amountMinor: number): SyncEvent {
    return this.append('credit_fund', [[`till:${this.tillId}:pm-cash`, amountMinor], [`credit:${contactId}`, -amountMinor]], { contactId });
  }
}

/** payloadOfV1 as version 2 writes it: `v`, and the lists version 2 renamed (a sale's and an invoice's installments); every list is empty, so rows are no matter. */
export function payloadOfV2(type: string, tillId: string): Record<string, Json> {
  const { deferredItems, items, ...payload } = payloadOfV1(type, tillId);
  const installments = deferredItems ?? items;
  return { ...payload, ...(installments === undefined ? {} : { installments }), v: 2 };
}

/**
 * What a version 1 payload of `type` holds, each fact a neutral value (nothing sold,
 * nothing paid, no list), for a test to override what it is about; nothing for a type the
 * server does not know.
 */
export function payloadOfV1(type: string, tillId: string): Record<string, Json> {
  if (!isEntryType(type)) return {};
  const print = { jobId: nextId(), orderId: null, refundId: null, zNumber: null, entryId: null, ticketId: null, invoiceId: null, printerId: 'pr-1', bytesSha256: null, confirmedBy: null };
  switch (type) {
    case 'session_open':
      return { sessionId: nextId(), number: 1, floatMinor: 0, float: [] };
    case 'pay_in':
    case 'pay_out':
      return { amountMinor: 0, reason: '' };
    case 'sale':
      return { orderId: nextId(), number: `${tillId}-000001`, buyerContactId: null, totalMinor: 0, changeMinor: 0, lines: [], tickets: [], vouchers: [], payments: [], deferredItems: [] };
    case 'refund':
      return { refundId: nextId(), orderId: nextId(), reason: '', totalMinor: 0, lines: [], tickets: [], vouchers: [], payments: [] };
    case 'session_close':
      return { sessionId: nextId(), zNumber: 1, netSalesMinor: 0, perpetualMinor: 0, perpetualAbsoluteMinor: 0, reportSha256: '0'.repeat(64), countsSha256: '0'.repeat(64), counts: [] };
    case 'credit_fund':
    case 'credit_payout':
      return { contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 0, reference: '' };
    case 'print':
      return { ...print, kind: 'receipt', copyNumber: 0, reason: null };
    case 'reprint':
      return { ...print, kind: 'receipt', copyNumber: 1, reason: null };
    case 'drawer_open':
      return { ...print, kind: 'drawer', copyNumber: 0, reason: '' };
    case 'invoice_issued':
      return { invoiceId: nextId(), number: `F-${tillId}-000001`, kind: 'invoice', cancelsInvoiceId: null, refundId: null, contactId: 'c-ecole', totalMinor: 0, dueDate: '2026-12-24', reference: '', items: [], documentSha256: null };
    case 'payer_changed':
      return { paymentId: nextId(), orderId: nextId(), fromContactId: 'c-amis', toContactId: 'c-mairie', openMinor: 0 };
    case 'deferred_settle':
      return { settlementId: nextId(), contactId: 'c-ecole', methodId: 'pm-cash', amountMinor: 0, toCreditMinor: 0, reference: '', allocations: [] };
    case 'installment_overpaid':
      return { installmentId: nextId(), orderId: nextId(), orderNumber: `${tillId}-000001`, seq: 1, count: 1, contactId: 'c-ecole', excessMinor: 1, overpaidMinor: 1 };
    default:
      return assertNever(type, 'event type');
  }
}

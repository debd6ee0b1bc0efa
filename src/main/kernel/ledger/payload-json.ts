// The canonical JSON of a journal entry's payload. A sale's (the entry of every checkout)
// is written field by field, in the sorted order canonicalJson gives its keys: the same
// bytes as canonicalJson(payloadOf(data, postings)) (payload-json.test.ts holds the two to
// each other for any sale), without the merged object, the key sorts and the type switch.
// Any other shape — another entry type, the web shop's fields, a row with other keys or a
// value of another type — is written the generic way, which also refuses what it refuses.
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { eventVersion, payloadOf, type EntryType, type EventData, type PayloadPosting, type SaleEvent } from '../../../shared/domain/events.ts';

/** The entry's payload as its journal row keeps it (hashed and signed: never changes for an entry written). */
export function payloadJson<T extends EntryType>(type: T, data: EventData<T>, postings: readonly PayloadPosting[]): string {
  const fast = type === 'sale' ? salePayloadJson(data as SaleEvent, postings) : null;
  return fast ?? canonicalJson(payloadOf(data, postings));
}

/** Thrown inside the sale's writer when the value is not the shape it writes: the generic way then. */
const otherShape = new Error('not the sale shape the fast writer knows');

const int = (n: unknown): string => {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw otherShape;
  return String(n);
};
const text = (s: unknown): string => {
  if (typeof s !== 'string') throw otherShape;
  return JSON.stringify(s);
};
const keysAre = (row: unknown, count: number): void => {
  if (typeof row !== 'object' || row === null || Object.keys(row).length !== count) throw otherShape;
};

/** Each row's keys in canonicalJson's order (String.prototype sort: code units). */
type Row<T> = (row: T) => string;
const lineJson: Row<SaleEvent['lines'][number]> = (l) => {
  keysAre(l, 8);
  return `{"id":${text(l.id)},"kind":${text(l.kind)},"label":${text(l.label)},"quantity":${int(l.quantity)},"totalMinor":${int(l.totalMinor)},"unitPriceMinor":${int(l.unitPriceMinor)},"vatMinor":${int(l.vatMinor)},"vatRateBp":${int(l.vatRateBp)}}`;
};
const ticketJson: Row<SaleEvent['tickets'][number]> = (t) => {
  keysAre(t, 3);
  return `{"barcode":${text(t.barcode)},"id":${text(t.id)},"lineId":${text(t.lineId)}}`;
};
const voucherJson: Row<SaleEvent['vouchers'][number]> = (v) => {
  keysAre(v, 4);
  return `{"code":${text(v.code)},"id":${text(v.id)},"lineId":${text(v.lineId)},"valueMinor":${int(v.valueMinor)}}`;
};
const paymentJson: Row<SaleEvent['payments'][number]> = (p) => {
  keysAre(p, 7);
  return `{"amountMinor":${int(p.amountMinor)},"changeMinor":${int(p.changeMinor)},"id":${text(p.id)},"methodId":${text(p.methodId)},"roundingMinor":${int(p.roundingMinor)},"tenderedMinor":${int(p.tenderedMinor)},"toCreditMinor":${int(p.toCreditMinor)}}`;
};
const installmentJson: Row<SaleEvent['installments'][number]> = (i) => {
  keysAre(i, 6);
  return `{"amountMinor":${int(i.amountMinor)},"count":${int(i.count)},"dueDate":${text(i.dueDate)},"id":${text(i.id)},"paymentId":${text(i.paymentId)},"seq":${int(i.seq)}}`;
};
const seatJson: Row<NonNullable<SaleEvent['seats']>[number]> = (s) => {
  keysAre(s, 2);
  return `{"count":${int(s.count)},"performanceId":${text(s.performanceId)}}`;
};
const postingJson: Row<PayloadPosting> = (p) => {
  if (!Array.isArray(p) || p.length !== 2) throw otherShape;
  return `[${text(p[0])},${int(p[1])}]`;
};

function list<T>(rows: readonly T[] | undefined, row: Row<T>): string {
  if (!Array.isArray(rows)) throw otherShape;
  let out = '[';
  for (let i = 0; i < rows.length; i += 1) out += (i === 0 ? '' : ',') + row(rows[i]!);
  return `${out}]`;
}

/** The eleven fields a till's sale has (seats included), no more. */
const saleFields = 11;

/** A sale's payload written field by field, or null when the value is not that shape (it then goes the generic way). */
export function salePayloadJson(d: SaleEvent, postings: readonly PayloadPosting[]): string | null {
  try {
    keysAre(d, saleFields);
    if (d.seats === undefined || d.pointOfSaleId !== undefined || d.requestId !== undefined || d.products !== undefined) return null;
    const buyer = d.buyerContactId === null ? 'null' : text(d.buyerContactId);
    return `{"buyerContactId":${buyer},"changeMinor":${int(d.changeMinor)},"installments":${list(d.installments, installmentJson)},"lines":${list(d.lines, lineJson)},`
      + `"number":${text(d.number)},"orderId":${text(d.orderId)},"payments":${list(d.payments, paymentJson)},"postings":${list(postings, postingJson)},`
      + `"seats":${list(d.seats, seatJson)},"tickets":${list(d.tickets, ticketJson)},"totalMinor":${int(d.totalMinor)},"v":${int(eventVersion)},"vouchers":${list(d.vouchers, voucherJson)}}`;
  } catch (error) {
    if (error === otherShape) return null;
    throw error;
  }
}

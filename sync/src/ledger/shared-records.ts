// The records of shared objects a batch moved, published to every till with the batch
// (issue 15 point 2, D2): each gift voucher sold or spent — at a till or online — as a
// `voucher` record, its remaining value the server's balance of voucher:<id> after the
// batch. A voucher spent past its value (channels selling offline) carries overspentMinor,
// the flag a supervisor reads, and is logged.
import type { RecordWrite } from '../records.ts';
import type { Trx } from '../store/tx.ts';
import { voucherStates } from '../shop/vouchers.ts';

/** The vouchers whose liability any of the events posted on, as records (after the projection wrote the batch's new vouchers). */
export async function voucherRecords(trx: Trx, events: readonly { postings: ReadonlyMap<string, bigint> }[], log: (message: string) => void): Promise<RecordWrite<'voucher'>[]> {
  const ids = new Set<string>();
  for (const event of events) for (const accountId of event.postings.keys()) if (accountId.startsWith('voucher:')) ids.add(accountId.slice('voucher:'.length));
  if (ids.size === 0) return [];
  const states = await voucherStates(trx, { ids: [...ids].sort() });
  for (const s of states) if (s.overspentMinor > 0) log(`voucher overspent: ${s.code} (${s.id}) spent ${s.overspentMinor} past its value`);
  return states.map((state) => ({ kind: 'voucher', id: state.id, body: state }));
}

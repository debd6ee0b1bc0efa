// What the compte d'attente e2e files share: the demo's names as the screens show them, and
// an order's installments as the till's database holds them.
import type { TillSession } from './session.ts';

export const names = {
  misanthrope: 'Le Misanthrope — Molière',
  quatuor: 'Quatuor Ébène — Beethoven',
  contes: 'Contes pour petites oreilles',
  ecole: 'École du Bois-Gentil',
  amis: 'Association Les Amis du Théâtre',
  mairie: 'Mairie de Carouge',
  tracked: 'Compte d’attente (3 échéances)',
  onAccount: 'Compte d’attente',
} as const;

export const ecoleAccount = 'deferred:c-ecole';

export function deferredData(session: TillSession) {
  const orderId = (number: string): string => session.one<{ id: string }>('SELECT id FROM orders WHERE number = ?', number).id;
  /** The installments of an order: [seq, count, amount, open, payer]. */
  const installments = (number: string): [number, number, number, number, string][] =>
    session
      .rows<{ seq: number; count: number; amount_minor: number; open_minor: number; payer_contact_id: string }>(
        `SELECT i.seq, i.count, i.amount_minor, s.open_minor, s.payer_contact_id FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id
         WHERE i.order_id = ? ORDER BY i.seq`,
        orderId(number),
      )
      .map((r) => [r.seq, r.count, r.amount_minor, r.open_minor, r.payer_contact_id]);
  return { orderId, installments };
}

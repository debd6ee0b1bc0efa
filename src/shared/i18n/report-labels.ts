// Words of the reports as files (CSV, PDF), in both languages: titles, columns, kinds.
import type { UiLanguage } from '../money/format.ts';

const fr = {
  creditSlip: 'Bordereau des mouvements de compte d’avoir',
  creditAccounts: 'Suivi des comptes d’avoir',
  creditMovements: 'Suivi des mouvements des comptes d’avoir',
  period: 'Période du {{from}} au {{to}}',
  tills: 'Caisses : {{tills}}',
  allTills: 'Toutes les caisses',
  contacts: 'Contacts : {{contacts}}',
  generatedAt: 'Édité le {{at}} par {{user}}',
  truncated: '{{shown}} mouvements listés sur {{total}} (les totaux les comptent tous)',
  totals: 'Totaux',
  col: {
    at: 'Date', till: 'Caisse', user: 'Opérateur', contact: 'Contact', kind: 'Mouvement', order: 'Dossier', method: 'Mode',
    amount: 'Montant', balanceAfter: 'Solde après', opening: 'Solde initial', credited: 'Crédité', debited: 'Débité', closing: 'Solde final',
  },
  kind: {
    funded: 'Alimentation', spent: 'Paiement', refunded_to_credit: 'Remboursement sur avoir', paid_out: 'Remboursement du solde',
    voucher_overflow: 'Reste de bon', reversed: 'Correction',
  },
  file: { creditSlip: 'bordereau-avoir', creditAccounts: 'suivi-comptes-avoir', creditMovements: 'mouvements-avoir' },
};

type Labels = typeof fr;

const en: Labels = {
  creditSlip: 'Slip of credit-balance movements',
  creditAccounts: 'Credit accounts tracking',
  creditMovements: 'Credit movements tracking',
  period: 'Period from {{from}} to {{to}}',
  tills: 'Tills: {{tills}}',
  allTills: 'All tills',
  contacts: 'Contacts: {{contacts}}',
  generatedAt: 'Printed on {{at}} by {{user}}',
  truncated: '{{shown}} of {{total}} movements listed (the totals count them all)',
  totals: 'Totals',
  col: {
    at: 'Date', till: 'Till', user: 'Operator', contact: 'Contact', kind: 'Movement', order: 'Order', method: 'Method',
    amount: 'Amount', balanceAfter: 'Balance after', opening: 'Opening balance', credited: 'Credited', debited: 'Debited', closing: 'Closing balance',
  },
  kind: {
    funded: 'Deposit', spent: 'Payment', refunded_to_credit: 'Refund to credit', paid_out: 'Pay-out', voucher_overflow: 'Voucher remainder', reversed: 'Correction',
  },
  file: { creditSlip: 'credit-slip', creditAccounts: 'credit-accounts', creditMovements: 'credit-movements' },
};

export const reportLabels: Record<UiLanguage, Labels> = { fr, en };

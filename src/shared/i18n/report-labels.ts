// Words of the reports as files (CSV, PDF), in both languages: titles, columns, kinds.
import type { UiLanguage } from '../money/format.ts';

const fr = {
  creditSlip: 'Bordereau des mouvements de compte d’avoir',
  creditAccounts: 'Suivi des comptes d’avoir',
  creditMovements: 'Suivi des mouvements des comptes d’avoir',
  deferredAccounts: 'Suivi des comptes d’attente',
  deferredMovements: 'Liste des mouvements du compte d’attente',
  overdrafts: 'Découverts signalés par le serveur central',
  allOverdrafts: 'Tous les découverts signalés, du plus récent au plus ancien',
  bounds: 'Encours entre {{min}} et {{max}}',
  anyAmount: 'tout montant',
  status: 'Statut : {{status}}',
  products: 'Produits : {{count}}',
  period: 'Période du {{from}} au {{to}}',
  tills: 'Caisses : {{tills}}',
  allTills: 'Toutes les caisses',
  contacts: 'Contacts : {{contacts}}',
  generatedAt: 'Édité le {{at}} par {{user}}',
  truncated: '{{shown}} mouvements listés sur {{total}} (les totaux les comptent tous)',
  truncatedAccounts: '{{shown}} comptes listés sur {{total}} (les totaux les comptent tous)',
  totals: 'Totaux',
  col: {
    at: 'Date', till: 'Caisse', user: 'Opérateur', contact: 'Contact', kind: 'Mouvement', order: 'Dossier', method: 'Mode',
    amount: 'Montant', balanceAfter: 'Solde après', opening: 'Solde initial', credited: 'Crédité', debited: 'Débité', closing: 'Solde final',
    authorised: 'Autorisé', limit: 'Encours maximum', outstanding: 'Encours', overdue: 'Échu', headroom: 'Disponible', outstandingAfter: 'Encours après', statusCol: 'Statut',
    account: 'Compte', excess: 'Dépassement', event: 'Événement',
  },
  deferredKind: { charged: 'Paiement différé', settled: 'Règlement', refunded: 'Remboursement', moved_in: 'Reprise d’un autre payeur', moved_out: 'Transfert à un autre payeur', overpaid_to_credit: 'Trop-perçu versé sur l’avoir', reversed: 'Correction' },
  deferredStatus: { open: 'Ouvert', settled: 'Soldé', cancelled: 'Annulé', all: 'Tous' },
  accountKind: { credit: 'Solde avoir', deferred: 'Compte d’attente' },
  yes: 'oui',
  no: 'non',
  kind: {
    funded: 'Alimentation', spent: 'Paiement', refunded_to_credit: 'Remboursement sur avoir', paid_out: 'Remboursement du solde',
    voucher_overflow: 'Reste de bon', settlement_excess: 'Excédent de règlement', installment_overpaid: 'Trop-perçu sur échéance', reversed: 'Correction',
  },
  file: { creditSlip: 'bordereau-avoir', creditAccounts: 'suivi-comptes-avoir', creditMovements: 'mouvements-avoir', deferredAccounts: 'suivi-comptes-attente', deferredMovements: 'mouvements-compte-attente', overdrafts: 'decouverts' },
};

type Labels = typeof fr;

const en: Labels = {
  creditSlip: 'Slip of credit-balance movements',
  creditAccounts: 'Credit accounts tracking',
  creditMovements: 'Credit movements tracking',
  deferredAccounts: 'Deferred accounts tracking',
  deferredMovements: 'Deferred account movements',
  overdrafts: 'Overdrafts flagged by the ledger server',
  allOverdrafts: 'Every overdraft flagged, newest first',
  bounds: 'Outstanding between {{min}} and {{max}}',
  anyAmount: 'any amount',
  status: 'Status: {{status}}',
  products: 'Products: {{count}}',
  period: 'Period from {{from}} to {{to}}',
  tills: 'Tills: {{tills}}',
  allTills: 'All tills',
  contacts: 'Contacts: {{contacts}}',
  generatedAt: 'Printed on {{at}} by {{user}}',
  truncated: '{{shown}} of {{total}} movements listed (the totals count them all)',
  truncatedAccounts: '{{shown}} of {{total}} accounts listed (the totals count them all)',
  totals: 'Totals',
  col: {
    at: 'Date', till: 'Till', user: 'Operator', contact: 'Contact', kind: 'Movement', order: 'Order', method: 'Method',
    amount: 'Amount', balanceAfter: 'Balance after', opening: 'Opening balance', credited: 'Credited', debited: 'Debited', closing: 'Closing balance',
    authorised: 'Authorised', limit: 'Credit limit', outstanding: 'Outstanding', overdue: 'Overdue', headroom: 'Available', outstandingAfter: 'Outstanding after', statusCol: 'Status',
    account: 'Account', excess: 'Excess', event: 'Event',
  },
  deferredKind: { charged: 'Payment on account', settled: 'Settlement', refunded: 'Refund', moved_in: 'Taken over from another payer', moved_out: 'Moved to another payer', overpaid_to_credit: 'Overpayment moved to credit', reversed: 'Correction' },
  deferredStatus: { open: 'Open', settled: 'Settled', cancelled: 'Cancelled', all: 'All' },
  accountKind: { credit: 'Credit balance', deferred: 'On account' },
  yes: 'yes',
  no: 'no',
  kind: {
    funded: 'Deposit', spent: 'Payment', refunded_to_credit: 'Refund to credit', paid_out: 'Pay-out', voucher_overflow: 'Voucher remainder', settlement_excess: 'Settlement excess', installment_overpaid: 'Overpayment of installment', reversed: 'Correction',
  },
  file: { creditSlip: 'credit-slip', creditAccounts: 'credit-accounts', creditMovements: 'credit-movements', deferredAccounts: 'deferred-accounts', deferredMovements: 'deferred-movements', overdrafts: 'overdrafts' },
};

export const reportLabels: Record<UiLanguage, Labels> = { fr, en };

// The chart of accounts. Amounts are signed: a debit is positive, a credit negative,
// and every entry's postings sum to zero.
//
// kind      nature     balance means
// till      asset      money of one method held by one till (cash in the drawer, card slips…)
// safe      asset      money moved out of a till (floats come from it, closings go to it)
// revenue   income     net sales at one VAT rate (credit-normal: negative)
// vat       liability  VAT owed at one rate (credit-normal)
// voucher   liability  unspent value of one gift voucher (credit-normal)
// credit    liability  a contact's credit balance, solde avoir (credit-normal: −balance is what we owe)
// deferred  asset      a contact's outstanding on account, compte d'attente (debit-normal)
// rounding  expense    cash rounding absorbed by one till
// variance  expense    cash count differences of one till at closing

export const accountKinds = ['till', 'safe', 'revenue', 'vat', 'voucher', 'credit', 'deferred', 'rounding', 'variance'] as const;
export type AccountKind = (typeof accountKinds)[number];

export interface AccountRef {
  id: string;
  kind: AccountKind;
  tillId?: string;
  methodId?: string;
  contactId?: string;
  voucherId?: string;
  rateBp?: number;
}

export interface Posting {
  account: AccountRef;
  amountMinor: number;
}

export const account = {
  till: (tillId: string, methodId: string): AccountRef => ({ id: `till:${tillId}:${methodId}`, kind: 'till', tillId, methodId }),
  safe: (tillId: string, methodId: string): AccountRef => ({ id: `safe:${tillId}:${methodId}`, kind: 'safe', tillId, methodId }),
  revenue: (rateBp: number): AccountRef => ({ id: `revenue:${rateBp}`, kind: 'revenue', rateBp }),
  vat: (rateBp: number): AccountRef => ({ id: `vat:${rateBp}`, kind: 'vat', rateBp }),
  voucher: (voucherId: string): AccountRef => ({ id: `voucher:${voucherId}`, kind: 'voucher', voucherId }),
  credit: (contactId: string): AccountRef => ({ id: `credit:${contactId}`, kind: 'credit', contactId }),
  deferred: (contactId: string): AccountRef => ({ id: `deferred:${contactId}`, kind: 'deferred', contactId }),
  rounding: (tillId: string): AccountRef => ({ id: `rounding:${tillId}`, kind: 'rounding', tillId }),
  variance: (tillId: string): AccountRef => ({ id: `variance:${tillId}`, kind: 'variance', tillId }),
};

/** The credit balance a customer sees, from the credit account's signed balance. */
export function creditBalanceFromAccount(balanceMinor: number): number {
  return balanceMinor === 0 ? 0 : -balanceMinor;
}

/**
 * Methods that bring money in or take it out (the others move a liability: a voucher, a
 * credit balance, a deferred account). A credit balance is funded or paid out by these.
 */
export const moneyMethodTypes = ['cash', 'card', 'cheque', 'transfer', 'mandate'] as const;

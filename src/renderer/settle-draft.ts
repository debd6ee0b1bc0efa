// What the settlement dialog makes of its fields: where it starts (the invoice the account
// was found by, else the oldest installments first) and the settlement it asks for, or the
// first thing missing. The amounts are the services' or the operator's; none is computed.
import type { DeferredAccount } from './types.ts';

export type SettlePriority = 'oldest' | 'invoice' | 'installments';

export interface SettleDraft {
  methodId: string;
  amountMinor: number;
  reference: string;
  invoiceId: string | null;
  installmentIds: string[];
  excessToCredit: boolean;
}

export interface SettleFields {
  methodId: string;
  reference: string;
  priority: SettlePriority;
  invoiceId: string;
  installmentIds: ReadonlySet<string>;
  excessToCredit: boolean;
}

type Account = Pick<DeferredAccount, 'invoices' | 'installments' | 'outstandingMinor'>;

/** The invoices of the account that still ask for something. */
export function openInvoicesOf(account: Pick<DeferredAccount, 'invoices'>): DeferredAccount['invoices'] {
  return account.invoices.filter((i) => i.kind === 'invoice' && i.openMinor > 0);
}

/**
 * Where the dialog starts: the invoice the account was found by paid first, for what it
 * still asks; else the oldest installments first, for what the account owes (nothing when
 * it owes nothing).
 */
export function settleStart(account: Account, preferredInvoiceId: string | null): { amountMinor: number; priority: SettlePriority; invoiceId: string } {
  const open = openInvoicesOf(account);
  const preferred = open.find((i) => i.id === preferredInvoiceId);
  if (preferred) return { amountMinor: preferred.openMinor, priority: 'invoice', invoiceId: preferred.id };
  return { amountMinor: account.outstandingMinor > 0 ? account.outstandingMinor : 0, priority: 'oldest', invoiceId: open[0]?.id ?? '' };
}

/** The settlement asked for, or what is missing: a reference the method needs, installments when paying picked ones. */
export function settleDraft(fields: SettleFields, amountMinor: number, account: Pick<DeferredAccount, 'installments'>, needsReference: boolean): { draft: SettleDraft } | { missing: 'reference' | 'installments' } {
  if (needsReference && fields.reference.trim() === '') return { missing: 'reference' };
  if (fields.priority === 'installments' && fields.installmentIds.size === 0) return { missing: 'installments' };
  return {
    draft: {
      methodId: fields.methodId,
      amountMinor,
      reference: fields.reference.trim(),
      invoiceId: fields.priority === 'invoice' && fields.invoiceId ? fields.invoiceId : null,
      installmentIds: fields.priority === 'installments' ? account.installments.filter((i) => fields.installmentIds.has(i.id)).map((i) => i.id) : [],
      excessToCredit: fields.excessToCredit,
    },
  };
}

// The invoicing capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { invoiceFile } from './invoice-file.ts';
import { changeBillingContact, createInvoice, createInvoiceForOrder, getInvoice, listInvoices } from './invoicing.ts';

export const invoicingMethods = {
  'invoices.create': createInvoice,
  'invoices.createForOrder': createInvoiceForOrder,
  'invoices.list': listInvoices,
  'invoices.get': getInvoice,
  'invoices.pdf': invoiceFile,
  'invoices.changeBillingContact': changeBillingContact,
} satisfies MethodTable;

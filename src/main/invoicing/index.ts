// The invoicing capability's public surface: what other folders may use of it.
export { invoicingMethods } from './methods.ts';
export { invoiceDocument } from './archive.ts';
export { invoiceFile } from './invoice-file.ts';
export { changeBillingContact, checkInvoiceAtSale, createInvoice, createInvoiceForOrder, creditRefundOnInvoice, getInvoice, invoiceIdByNumber, invoiceView, issueOrderInvoice, listInvoices } from './invoicing.ts';
export { installmentIdsOfKnownInvoice, knownInvoiceIdsOf, knownInvoiceView, refuseAbsentInvoice } from './known-invoices.ts';

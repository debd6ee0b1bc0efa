// The closed list of refusal codes, with the HTTP status each maps to.
// A code names the broken rule. Checks run in the order documented in each service.

export const errorStatus = {
  // the door
  invalid_input: 400,
  quantity_invalid: 400,
  amount_invalid: 400,
  // plausibility limits (shared/limits.ts): a number no operation reaches
  amount_too_large: 422,
  total_too_large: 422,
  unknown_method: 404,
  host_not_allowed: 421,
  cross_origin_refused: 403,
  body_too_large: 413,
  path_invalid: 400,
  unsupported_media_type: 415,
  not_authenticated: 401,
  session_expired: 401,
  not_permitted: 403,
  internal_error: 500,
  // users
  user_not_found: 404,
  user_inactive: 403,
  pin_incorrect: 401,
  user_locked: 423,
  // catalogue and contacts
  performance_not_found: 404,
  tariff_not_found: 404,
  tariff_not_for_performance: 422,
  item_not_found: 404,
  voucher_product_not_found: 404,
  contact_not_found: 404,
  method_not_found: 404,
  order_not_found: 404,
  order_line_not_found: 404,
  z_report_not_found: 404,
  invoice_not_found: 404,
  // selling
  basket_empty: 422,
  capacity_exceeded: 409,
  till_closed: 409,
  request_conflict: 409,
  method_not_authorised: 422,
  method_cannot_pay: 422,
  method_cannot_refund: 422,
  method_not_for_accounts: 422,
  cash_step_invalid: 422,
  payment_insufficient: 422,
  payment_exceeds_due: 422,
  payment_not_needed: 422,
  payment_covered_by_voucher: 422,
  buyer_required: 422,
  voucher_code_required: 422,
  voucher_not_found: 404,
  voucher_insufficient: 422,
  voucher_already_used: 409,
  credit_insufficient: 422,
  deferred_not_authorised: 422,
  deferred_limit_exceeded: 422,
  // the deferred account and invoices
  order_not_deferred: 422,
  order_already_invoiced: 409,
  nothing_to_invoice: 422,
  invoice_already_cancelled: 409,
  invoice_is_cancellation: 422,
  invoicing_not_configured: 422,
  payer_unchanged: 422,
  settlement_exceeds_outstanding: 422,
  settlement_reference_required: 422,
  invoice_installments_exceeded: 422,
  // refunds
  refund_empty: 422,
  refund_quantity_exceeded: 422,
  refund_method_not_original: 422,
  refund_exceeds_paid: 422,
  refund_amount_mismatch: 422,
  // till sessions
  session_already_open: 409,
  count_missing: 422,
  count_mismatch: 422,
  cash_insufficient: 422,
  // printing and the cash drawer
  printer_not_found: 404,
  printer_inactive: 409,
  printer_has_no_drawer: 422,
  printer_name_taken: 409,
  printer_path_not_device: 422,
  no_printer_for_document: 422,
  print_job_not_found: 404,
  print_job_not_open: 409,
  print_job_not_in_doubt: 409,
  refund_not_found: 404,
  ticket_not_found: 404,
  slip_not_found: 404,
  // sync and the ledger server
  token_revoked: 401,
  enrolment_code_invalid: 401,
  sync_not_enrolled: 409,
  sync_server_unreachable: 502,
  sync_foreign_till: 403,
  sync_gap: 409,
  sync_chain_broken: 409,
  sync_event_conflict: 409,
  sync_event_from_future: 422,
  sync_event_invalid: 422,
  sync_seats_invalid: 422,
  sync_signature_invalid: 422,
  sync_key_missing: 409,
  enrolment_key_invalid: 422,
  record_kind_not_allowed: 403,
  installment_not_found: 404,
  installment_not_open: 409,
  offline_cap_exceeded: 422,
  till_not_found: 404,
  point_of_sale_not_found: 404,
  shop_key_not_found: 404,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorCodes = Object.keys(errorStatus) as ErrorCode[];

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorStatus, value);
}

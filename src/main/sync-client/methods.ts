// The sync client's methods, registered by the till's registry.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../kernel/db/connection.ts';
import { recordAudit } from '../kernel/audit.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import type { MethodTable, PublicMethodTable } from '../kernel/methods.ts';
import { checkThenApply, plan } from '../kernel/tx.ts';
import { syncStatus, updateSyncState } from './state.ts';
import { overspentVouchers } from './known-vouchers.ts';
import { overpaidInstallments as overpaidRows } from './known-installments.ts';
import { reportContact } from '../../shared/domain/account-movements.ts';
import { contactName } from '../../shared/domain/contact-name.ts';

/** Public (no login): the header shows it on the login screen too. */
export function status(till: TillContext): Result<OutputOf<'sync.status'>> {
  return ok(syncStatus(till.db, till.tillId));
}

function syncNow(ctx: Ctx): Result<OutputOf<'sync.now'>> {
  ctx.sync.poke();
  return status(ctx);
}

type EnrolInput = ParsedInputOf<'sync.enrol'>;

/** Keeps the server and the code, audited. Nothing to refuse past the door's schema. */
function applyEnrol(ctx: Ctx, input: EnrolInput): null {
  updateSyncState(ctx.db, { server_url: input.serverUrl, pending_code: input.code, last_error_code: null, last_error_message: null });
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'sync.enrol_requested', details: { serverUrl: input.serverUrl } });
  return null;
}

const keepEnrolment = checkThenApply((_ctx: Ctx, input: EnrolInput) => plan(input), applyEnrol);

/**
 * The client enrols in the background at once, after the commit. A till already enrolled
 * keeps pushing with its old token until the new one arrives.
 */
function enrol(ctx: Ctx, input: EnrolInput): Result<OutputOf<'sync.enrol'>> {
  const kept = keepEnrolment(ctx, input);
  if (!kept.ok) return kept;
  ctx.sync.poke();
  return status(ctx);
}

/** Also the rows of the overdraft report as a file (report-export.ts). */
export function overdrafts(ctx: Ctx, input: ParsedInputOf<'reports.overdrafts'>): Result<OutputOf<'reports.overdrafts'>> {
  const rows = stmt(
    ctx.db,
    `SELECT o.id, o.contact_id, c.name, c.first_name, o.kind, o.excess_minor, o.event_id, o.till_id, o.at_ms
     FROM overdrafts o LEFT JOIN contacts c ON c.id = o.contact_id
     WHERE (@contact IS NULL OR o.contact_id = @contact) ORDER BY o.at_ms DESC, o.id DESC LIMIT @limit`,
  ).all({ contact: input.contactId ?? null, limit: input.limit ?? 500 }) as { id: string; contact_id: string; name: string | null; first_name: string | null; kind: 'credit' | 'deferred'; excess_minor: number; event_id: string; till_id: string; at_ms: number }[];
  return ok(rows.map((r) => ({ id: r.id, contactId: r.contact_id, contactName: contactName(reportContact(r)), kind: r.kind, excessMinor: r.excess_minor, eventId: r.event_id, tillId: r.till_id, atMs: r.at_ms })));
}

/** The installments collected twice, with the excess the server moved to each payer's credit balance. */
export function overpaidInstallments(ctx: Ctx): OutputOf<'reports.overpaidInstallments'> {
  return overpaidRows(ctx.db).map((r) => ({
    installmentId: r.id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    seq: r.seq,
    count: r.count,
    channel: r.channel,
    contactId: r.contact_id,
    contactName: contactName(reportContact({ contact_id: r.contact_id, name: r.name, first_name: r.first_name })),
    amountMinor: r.amount_minor,
    paidMinor: r.paid_minor,
    overpaidMinor: r.paid_minor + r.cancelled_minor - r.amount_minor,
    creditedMinor: r.credited_minor ?? 0,
    creditedAtMs: r.credited_at_ms,
    pulledAtMs: r.pulled_at_ms,
  }));
}

export const syncPublicMethods = {
  'sync.status': (till) => status(till),
} satisfies PublicMethodTable;

export const syncMethods = {
  'sync.now': (ctx) => syncNow(ctx),
  'sync.enrol': enrol,
  'reports.overdrafts': overdrafts,
  'reports.overspentVouchers': (ctx) => ok(overspentVouchers(ctx.db)),
  'reports.overpaidInstallments': (ctx) => ok(overpaidInstallments(ctx)),
} satisfies MethodTable;

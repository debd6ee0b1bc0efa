// Reports as files (C15): the same data as on screen — the report methods are called as
// they are for the screen — laid out as a table and written as CSV or PDF, every time in
// the institution's zone.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { interpolate } from '../../shared/i18n/messages.ts';
import { reportLabels } from '../../shared/i18n/report-labels.ts';
import { formatMoney, localeFor } from '../../shared/money/format.ts';
import { dayIn } from '../../shared/domain/deferred.ts';
import { stmt } from '../kernel/db/connection.ts';
import { toCsv, toPdf, type ReportColumn, type ReportTable } from './export/index.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { creditAccounts, creditMovements, creditSlip } from '../credit/index.ts';
import { deferredAccountsReport, deferredMovementsReport } from '../deferred/index.ts';
import { overdrafts } from '../sync-client/index.ts';

type ExportInput = ParsedInputOf<'reports.export'>;
type Labels = (typeof reportLabels)['fr'];

const column = (key: string, label: string, kind: ReportColumn['kind']): ReportColumn => ({ key, label, kind, align: kind === 'text' ? 'left' : 'right' });

function movementColumns(labels: Labels, withBalance: boolean): ReportColumn[] {
  const c = labels.col;
  return [
    column('at', c.at, 'date'),
    column('till', c.till, 'text'),
    column('user', c.user, 'text'),
    column('contact', c.contact, 'text'),
    column('kind', c.kind, 'text'),
    column('order', c.order, 'text'),
    column('method', c.method, 'text'),
    column('amount', c.amount, 'money'),
    ...(withBalance ? [column('balanceAfter', c.balanceAfter, 'money')] : []),
  ];
}

type Body = Pick<ReportTable, 'columns' | 'rows' | 'totals'> & { note: string | null };

function deferredAccountsBody(ctx: Ctx, params: ParsedInputOf<'reports.deferredAccounts'>, labels: Labels): Result<Body> {
  const report = deferredAccountsReport(ctx, params);
  if (!report.ok) return report;
  const c = labels.col;
  return ok({
    columns: [column('contact', c.contact, 'text'), column('authorised', c.authorised, 'text'), column('limit', c.limit, 'money'), column('outstanding', c.outstanding, 'money'), column('overdue', c.overdue, 'money'), column('headroom', c.headroom, 'money')],
    rows: report.value.rows.map((r) => ({ contact: r.contactName, authorised: r.isAuthorised ? labels.yes : labels.no, limit: r.limitMinor, outstanding: r.outstandingMinor, overdue: r.overdueMinor, headroom: r.headroomMinor })),
    totals: { contact: labels.totals, limit: report.value.totals.limitMinor, outstanding: report.value.totals.outstandingMinor, overdue: report.value.totals.overdueMinor },
    note: report.value.isTruncated ? interpolate(labels.truncatedAccounts, { shown: String(report.value.rows.length), total: String(report.value.rowCount) }) : null,
  });
}

function deferredMovementsBody(ctx: Ctx, params: ParsedInputOf<'reports.deferredMovements'>, labels: Labels): Result<Body> {
  const report = deferredMovementsReport(ctx, params);
  if (!report.ok) return report;
  const c = labels.col;
  return ok({
    columns: [column('at', c.at, 'date'), column('till', c.till, 'text'), column('contact', c.contact, 'text'), column('kind', c.kind, 'text'), column('order', c.order, 'text'), column('method', c.method, 'text'), column('status', c.statusCol, 'text'), column('amount', c.amount, 'money'), column('outstandingAfter', c.outstandingAfter, 'money')],
    rows: report.value.rows.map((m) => ({
      at: m.atMs, till: m.tillName, contact: m.contactName, kind: labels.deferredKind[m.kind], order: m.orderNumber ?? '', method: m.methodName ?? '',
      status: m.status ? labels.deferredStatus[m.status] : '', amount: m.amountMinor, outstandingAfter: m.outstandingAfterMinor,
    })),
    totals: { contact: labels.totals, amount: report.value.totals.netMinor },
    note: report.value.isTruncated ? interpolate(labels.truncated, { shown: String(report.value.rows.length), total: String(report.value.rowCount) }) : null,
  });
}

function overdraftsBody(ctx: Ctx, params: ParsedInputOf<'reports.overdrafts'>, labels: Labels): Result<Body> {
  const report = overdrafts(ctx, params);
  if (!report.ok) return report;
  const c = labels.col;
  const tillName = (id: string) => (stmt(ctx.db, 'SELECT name FROM tills WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;
  return ok({
    columns: [column('at', c.at, 'date'), column('contact', c.contact, 'text'), column('account', c.account, 'text'), column('excess', c.excess, 'money'), column('till', c.till, 'text'), column('event', c.event, 'text')],
    rows: report.value.map((r) => ({ at: r.atMs, contact: r.contactName, account: labels.accountKind[r.kind], excess: r.excessMinor, till: tillName(r.tillId), event: r.eventId })),
    note: null,
  });
}

/** The report's rows and columns, from the same method the screen calls. */
function tableBody(ctx: Ctx, request: ExportInput['request'], labels: Labels): Result<Body> {
  if (request.report === 'overdrafts') return overdraftsBody(ctx, request.params, labels);
  if (request.report === 'deferredAccounts') return deferredAccountsBody(ctx, request.params, labels);
  if (request.report === 'deferredMovements') return deferredMovementsBody(ctx, request.params, labels);
  if (request.report === 'creditAccounts') {
    const report = creditAccounts(ctx, request.params);
    if (!report.ok) return report;
    const c = labels.col;
    return ok({
      columns: [column('contact', c.contact, 'text'), column('opening', c.opening, 'money'), column('credited', c.credited, 'money'), column('debited', c.debited, 'money'), column('closing', c.closing, 'money')],
      rows: report.value.rows.map((r) => ({ contact: r.contactName, opening: r.openingMinor, credited: r.creditedMinor, debited: r.debitedMinor, closing: r.closingMinor })),
      totals: { contact: labels.totals, opening: report.value.totals.openingMinor, credited: report.value.totals.creditedMinor, debited: report.value.totals.debitedMinor, closing: report.value.totals.closingMinor },
      note: report.value.isTruncated ? interpolate(labels.truncatedAccounts, { shown: String(report.value.rows.length), total: String(report.value.rowCount) }) : null,
    });
  }
  const report = request.report === 'creditSlip' ? creditSlip(ctx, request.params) : creditMovements(ctx, request.params as ParsedInputOf<'reports.creditMovements'>);
  if (!report.ok) return report;
  const withBalance = request.report === 'creditMovements';
  return ok({
    columns: movementColumns(labels, withBalance),
    rows: report.value.rows.map((m) => ({
      at: m.atMs, till: m.tillName, user: m.userName, contact: m.contactName, kind: labels.kind[m.kind], order: m.orderNumber ?? '', method: m.methodName ?? '',
      amount: m.amountMinor, ...(withBalance ? { balanceAfter: m.balanceAfterMinor } : {}),
    })),
    totals: { contact: labels.totals, amount: report.value.totals.netMinor },
    note: report.value.isTruncated ? interpolate(labels.truncated, { shown: String(report.value.rows.length), total: String(report.value.rowCount) }) : null,
  });
}

/** "24 nov. 2026, 10:15" at the institution's wall-clock time. */
function dateTimeFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

function subtitleLines(ctx: Ctx, request: ExportInput['request'], labels: Labels, locale: string, timeZone: string): string[] {
  if (request.report === 'overdrafts') return [labels.allOverdrafts];
  if (request.report === 'deferredAccounts') {
    const currency = institutionOf(ctx.db).currency;
    const bound = (minor: number | undefined) => (minor === undefined ? labels.anyAmount : formatMoney(minor, currency, locale));
    return [interpolate(labels.bounds, { min: bound(request.params.minMinor), max: bound(request.params.maxMinor) })];
  }
  const date = dateTimeFormat(locale, timeZone);
  const lines = [interpolate(labels.period, { from: date.format(request.params.fromMs), to: date.format(request.params.toMs) })];
  if (request.report === 'deferredMovements') {
    lines.push(interpolate(labels.status, { status: labels.deferredStatus[request.params.status ?? 'all'] }));
    if (request.params.contactIds?.length) lines.push(interpolate(labels.contacts, { contacts: String(request.params.contactIds.length) }));
    if (request.params.productIds?.length) lines.push(interpolate(labels.products, { count: String(request.params.productIds.length) }));
    return lines;
  }
  if (request.report === 'creditSlip') {
    const names = request.params.tillIds.map((id) => (stmt(ctx.db, 'SELECT name FROM tills WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id);
    lines.push(names.length > 0 ? interpolate(labels.tills, { tills: names.join(', ') }) : labels.allTills);
  }
  if (request.report === 'creditMovements') lines.push(interpolate(labels.contacts, { contacts: String(request.params.contactIds.length) }));
  return lines;
}

export function exportReport(ctx: Ctx, input: ExportInput): Result<OutputOf<'reports.export'>> {
  const labels = reportLabels[input.language];
  const body = tableBody(ctx, input.request, labels);
  if (!body.ok) return body;
  const institution = institutionOf(ctx.db);
  const locale = localeFor(input.language, institution.country);
  const now = ctx.clock.nowMs();
  const day = dayIn(now, institution.timeZone);
  const { note, ...parts } = body.value;
  const table: ReportTable = {
    ...parts,
    title: labels[input.request.report],
    subtitleLines: [...subtitleLines(ctx, input.request, labels, locale, institution.timeZone), ...(note ? [note] : [])],
    generatedAt: interpolate(labels.generatedAt, { at: dateTimeFormat(locale, institution.timeZone).format(now), user: ctx.actor.name }),
    currency: institution.currency,
    locale,
    timeZone: institution.timeZone,
    institution: { name: institution.name, addressLines: institution.addressLines },
    fileStem: `${labels.file[input.request.report]}-${day}`,
  };
  const bytes = input.format === 'csv' ? toCsv(table) : toPdf(table, { createdAtMs: now });
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'report.exported', details: { report: input.request.report, format: input.format } });
  return ok({
    fileName: `${table.fileStem}.${input.format}`,
    mimeType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
    contentBase64: bytes.toString('base64'),
  });
}

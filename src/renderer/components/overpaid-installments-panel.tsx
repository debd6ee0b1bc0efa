// The installments collected twice among the account reports, beside the overdrafts and the
// overspent vouchers (issue 15 point 2, ADR 0013): an installment that two channels settled
// — one of them offline — as the ledger server flagged it and this till pulled it. Each with
// its order and place, the payer who paid it twice, its amount, what was paid and the
// excess, and what the server moved of the excess to the payer's credit balance and when
// (the balance is the payer's: a supervisor pays it out or it is spent later). As of this
// till's last sync. Sortable and filterable like the other reports.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat, type Formatters } from '../format.ts';
import type { Column } from './data-table.tsx';
import { FlagReportPanel, moneyColumn, useChannelName, type FlagRow } from './flag-report-panel.tsx';

type OverpaidInstallment = FlagRow<'reports.overpaidInstallments'>;

function columns(t: TFunction, format: Formatters, channelName: (id: string) => string): Column<OverpaidInstallment>[] {
  const installment = (r: OverpaidInstallment) => t('sync.overpaidInstallments.installmentOf', { seq: r.seq, count: r.count, order: r.orderNumber, channel: channelName(r.channel) });
  const credited = (r: OverpaidInstallment) =>
    r.creditedAtMs === null || r.creditedMinor === 0
      ? t('sync.overpaidInstallments.notCredited')
      : t('sync.overpaidInstallments.creditedAt', { amount: format.money(r.creditedMinor), at: format.dateTime(r.creditedAtMs) });
  const money = (id: string, label: string, minor: (r: OverpaidInstallment) => number, className?: string) => moneyColumn('overpaid', id, label, minor, className);
  return [
    { id: 'installment', label: t('sync.overpaidInstallments.installment'), sortValue: (r) => `${r.orderNumber} ${r.seq}`, text: installment, render: (r) => <span className="nowrap">{installment(r)}</span> },
    { id: 'payer', label: t('sync.overpaidInstallments.payer'), sortValue: (r) => r.contactName, text: (r) => r.contactName, render: (r) => r.contactName },
    money('amount', t('sync.overpaidInstallments.amount'), (r) => r.amountMinor),
    money('paid', t('sync.overpaidInstallments.paid'), (r) => r.paidMinor),
    money('excess', t('sync.overpaidInstallments.excess'), (r) => r.overpaidMinor, 'overdraft-excess'),
    { id: 'credited', label: t('sync.overpaidInstallments.credited'), sortValue: (r) => r.creditedAtMs ?? 0, text: credited, render: (r) => <span data-testid="overpaid-credited">{credited(r)}</span> },
  ];
}

export function OverpaidInstallmentsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const channelName = useChannelName('overpaidInstallments');
  const table = useMemo(() => columns(t, format, channelName), [t, format, channelName]);
  return <FlagReportPanel method="reports.overpaidInstallments" name="overpaidInstallments" prefix="overpaid" columns={table} rowKey={(r) => r.installmentId} initialSort={{ columnId: 'credited', direction: 'desc' }} />;
}

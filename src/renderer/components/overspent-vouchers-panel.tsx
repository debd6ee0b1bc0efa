// The overspent gift vouchers among the account reports, beside the overdrafts (issue 15
// point 2, ADR 0013): vouchers that channels selling offline — several tills, or a till and
// the web shop — spent past their value, as the ledger server flagged them and this till
// pulled them. Each with where and when it was sold, its value, what was spent of it and by
// whom (this till's share, the other channels' the rest: the server gives no breakdown),
// and the excess the bearer took twice; as of this till's last sync, as the other
// box-office-wide screens say it. Sortable and filterable like the other reports.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat, type Formatters } from '../format.ts';
import { useSync } from '../stores/sync-store.ts';
import type { Column } from './data-table.tsx';
import { FlagReportPanel, moneyColumn, useChannelName, type FlagRow } from './flag-report-panel.tsx';

type OverspentVoucher = FlagRow<'reports.overspentVouchers'>;

function columns(t: TFunction, format: Formatters, channelName: (id: string) => string, tillId: string): Column<OverspentVoucher>[] {
  const sold = (r: OverspentVoucher) => t('sync.overspentVouchers.soldAt', { channel: channelName(r.channel), at: format.dateTime(r.soldAtMs) });
  const spentBy = (r: OverspentVoucher) =>
    [
      r.spentHereMinor !== 0 ? t('sync.overspentVouchers.spentHere', { till: channelName(tillId), amount: format.money(r.spentHereMinor) }) : null,
      r.spentElsewhereMinor !== 0 ? t('sync.overspentVouchers.spentElsewhere', { amount: format.money(r.spentElsewhereMinor) }) : null,
    ].filter((line): line is string => line !== null);
  const money = (id: string, label: string, minor: (r: OverspentVoucher) => number, className?: string) => moneyColumn('overspent', id, label, minor, className);
  return [
    { id: 'code', label: t('sync.overspentVouchers.code'), sortValue: (r) => r.code, text: (r) => r.code, render: (r) => <code className="nowrap">{r.code}</code> },
    { id: 'sold', label: t('sync.overspentVouchers.sold'), sortValue: (r) => r.soldAtMs, text: sold, render: (r) => <span className="nowrap">{sold(r)}</span> },
    money('value', t('sync.overspentVouchers.value'), (r) => r.valueMinor),
    money('spent', t('sync.overspentVouchers.spent'), (r) => r.spentMinor),
    money('excess', t('sync.overspentVouchers.excess'), (r) => r.overspentMinor, 'overdraft-excess'),
    {
      id: 'spentBy',
      label: t('sync.overspentVouchers.spentBy'),
      sortValue: (r) => r.spentHereMinor,
      text: (r) => spentBy(r).join(' '),
      render: (r) => (
        <ul className="plain-list small" data-testid="overspent-spent-by">
          {spentBy(r).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ),
    },
  ];
}

export function OverspentVouchersPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const tillId = useSync((s) => s.status?.tillId ?? '');
  const channelName = useChannelName('overspentVouchers');
  const table = useMemo(() => columns(t, format, channelName, tillId), [t, format, channelName, tillId]);
  return <FlagReportPanel method="reports.overspentVouchers" name="overspentVouchers" prefix="overspent" columns={table} rowKey={(r) => r.voucherId} initialSort={{ columnId: 'excess', direction: 'desc' }} />;
}

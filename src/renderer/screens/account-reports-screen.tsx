// Reports of the customer accounts as tabs: the three of the credit balance (seed 003),
// the two of the compte d'attente (seed 000) and the overdrafts the ledger server flagged
// (C13), the gift vouchers it flagged overspent and the installments collected twice (ADR 0013). Each keeps its criteria and
// rows while another is shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreditAccountsPanel, CreditMovementsPanel, CreditSlipPanel } from '../components/credit-report-panels.tsx';
import { DeferredAccountsPanel, DeferredMovementsPanel } from '../components/deferred-report-panels.tsx';
import { OverdraftsPanel } from '../components/overdraft-report-panel.tsx';
import { OverspentVouchersPanel } from '../components/overspent-vouchers-panel.tsx';
import { OverpaidInstallmentsPanel } from '../components/overpaid-installments-panel.tsx';
import type { AccountReportName } from '../types.ts';
import { assertNever } from '../../shared/assert.ts';

type ReportTab = AccountReportName | 'overdrafts' | 'overspentVouchers' | 'overpaidInstallments';

const reports: readonly ReportTab[] = ['creditSlip', 'creditAccounts', 'creditMovements', 'deferredAccounts', 'deferredMovements', 'overdrafts', 'overspentVouchers', 'overpaidInstallments'];
/** The server's flags (C13, ADR 0013), grouped after the reports. */
const flagTabs: readonly ReportTab[] = ['overdrafts', 'overspentVouchers', 'overpaidInstallments'];

function ReportPanel({ report }: { report: ReportTab }) {
  switch (report) {
    case 'creditSlip':
      return <CreditSlipPanel />;
    case 'creditAccounts':
      return <CreditAccountsPanel />;
    case 'creditMovements':
      return <CreditMovementsPanel />;
    case 'deferredAccounts':
      return <DeferredAccountsPanel />;
    case 'deferredMovements':
      return <DeferredMovementsPanel />;
    case 'overdrafts':
      return <OverdraftsPanel />;
    case 'overspentVouchers':
      return <OverspentVouchersPanel />;
    case 'overpaidInstallments':
      return <OverpaidInstallmentsPanel />;
    default:
      return assertNever(report, 'report');
  }
}

export function AccountReportsScreen() {
  const { t } = useTranslation();
  const [active, setActive] = useState<ReportTab>('creditSlip');
  return (
    <main className="screen account-reports" aria-labelledby="account-reports-title">
      <div className="screen-head">
        <h1 id="account-reports-title">{t('accountReports.title')}</h1>
      </div>
      <div className="tabs" role="tablist" aria-label={t('accountReports.kinds')}>
        {reports.map((r) => (
          <button
            key={r}
            type="button"
            role="tab"
            id={`tab-${r}`}
            className={`tab${r === 'deferredAccounts' || r === 'overdrafts' ? ' tab-group-start' : ''}`}
            data-group={flagTabs.includes(r) ? 'sync' : r.startsWith('deferred') ? 'deferred' : 'credit'}
            aria-selected={active === r}
            aria-controls={`panel-${r}`}
            tabIndex={active === r ? 0 : -1}
            onClick={() => setActive(r)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              event.preventDefault();
              const next = reports[(reports.indexOf(r) + step + reports.length) % reports.length]!;
              setActive(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {r === 'overdrafts' || r === 'overspentVouchers' || r === 'overpaidInstallments' ? t(`sync.${r}.tab`) : t(`accountReports.tabs.${r}`)}
          </button>
        ))}
      </div>
      {reports.map((r) => (
        <div key={r} role="tabpanel" id={`panel-${r}`} aria-labelledby={`tab-${r}`} hidden={active !== r} className="panel tab-panel">
          <ReportPanel report={r} />
        </div>
      ))}
    </main>
  );
}

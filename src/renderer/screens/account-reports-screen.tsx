// Rapports des comptes d'avoir (seed 003, "Rapports"): three reports as tabs; each keeps
// its criteria and rows while another is shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreditAccountsPanel, CreditMovementsPanel, CreditSlipPanel } from '../components/credit-report-panels.tsx';
import type { CreditReportName } from '../types.ts';

const reports: readonly CreditReportName[] = ['creditSlip', 'creditAccounts', 'creditMovements'];

export function AccountReportsScreen() {
  const { t } = useTranslation();
  const [active, setActive] = useState<CreditReportName>('creditSlip');
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
            className="tab"
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
            {t(`accountReports.${r}`)}
          </button>
        ))}
      </div>
      {reports.map((r) => (
        <div key={r} role="tabpanel" id={`panel-${r}`} aria-labelledby={`tab-${r}`} hidden={active !== r} className="panel tab-panel">
          {r === 'creditSlip' ? <CreditSlipPanel /> : r === 'creditAccounts' ? <CreditAccountsPanel /> : <CreditMovementsPanel />}
        </div>
      ))}
    </main>
  );
}

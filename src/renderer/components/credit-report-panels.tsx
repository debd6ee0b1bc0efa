// The three credit-balance reports of seed 003 on screen: Bordereau des mouvements de
// compte d'avoir (period + tills), Suivi des comptes d'avoir (period), Suivi des
// mouvements des comptes d'avoir (period + contacts). Totals come from the services.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../api-client.ts';
import { useFormat, type Formatters } from '../format.ts';
import type { Contact, CreditAccountRow, CreditAccountsReport, CreditMovement, CreditMovementsReport, TillSummary } from '../types.ts';
import { useReport } from '../use-report.ts';
import { AccountRowsTable, MovementRowsTable, moneyColumn, sharedMovementColumns } from './account-report-tables.tsx';
import type { Column } from './data-table.tsx';
import { Money } from './money.tsx';
import { ContactChooser, PeriodFields, TillChecklist, usePeriod } from './report-filters.tsx';
import { ReportShell } from './report-shell.tsx';

function movementColumns(t: TFunction, format: Formatters, withBalance: boolean): Column<CreditMovement>[] {
  const shared = sharedMovementColumns<CreditMovement>(t, format, (m) => t(`credit.kinds.${m.kind}`));
  const columns: Column<CreditMovement>[] = [
    shared.date,
    shared.contact,
    { id: 'till', label: t('accountReports.till'), sortValue: (m) => m.tillName, text: (m) => m.tillName, render: (m) => m.tillName },
    shared.user,
    shared.order,
    shared.operation,
    shared.method,
    shared.amount,
  ];
  if (withBalance) {
    columns.push({
      id: 'balance',
      label: t('accountReports.balanceAfter'),
      isNumeric: true,
      sortValue: (m) => m.balanceAfterMinor,
      text: (m) => format.amount(m.balanceAfterMinor),
      render: (m) => <Money minor={m.balanceAfterMinor} plain />,
    });
  }
  return columns;
}

function MovementsTable(props: { id: string; caption: string; report: CreditMovementsReport; filter: string; withBalance: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(() => movementColumns(t, format, props.withBalance), [t, format, props.withBalance]);
  const totals = props.report.totals;
  const kinds = Object.entries(totals.byKind).filter(([, minor]) => minor !== 0) as [CreditMovement['kind'], number][];
  return (
    <MovementRowsTable
      id={props.id}
      caption={props.caption}
      report={props.report}
      filter={props.filter}
      columns={columns}
      totals={
        <>
          <div>
            <dt>{t('accountReports.credited')}</dt>
            <dd><Money minor={totals.creditedMinor} testId={`${props.id}-credited`} /></dd>
          </div>
          <div>
            <dt>{t('accountReports.debited')}</dt>
            <dd><Money minor={totals.debitedMinor} testId={`${props.id}-debited`} /></dd>
          </div>
          <div className="is-strong">
            <dt>{t('accountReports.net')}</dt>
            <dd><Money minor={totals.netMinor} testId={`${props.id}-net`} /></dd>
          </div>
          {kinds.map(([kind, minor]) => (
            <div key={kind}>
              <dt>{t(`credit.kinds.${kind}`)}</dt>
              <dd><Money minor={minor} testId={`${props.id}-kind-${kind}`} /></dd>
            </div>
          ))}
        </>
      }
    />
  );
}

function accountColumns(t: TFunction): Column<CreditAccountRow>[] {
  return [
    { id: 'contact', label: t('accountReports.contact'), sortValue: (r) => r.contactName, text: (r) => r.contactName, render: (r) => r.contactName },
    moneyColumn('opening', t('accountReports.opening'), (r) => r.openingMinor),
    moneyColumn('credited', t('accountReports.credited'), (r) => r.creditedMinor),
    moneyColumn('debited', t('accountReports.debited'), (r) => r.debitedMinor),
    moneyColumn('closing', t('accountReports.closing'), (r) => r.closingMinor),
  ];
}

function AccountsTable(props: { report: CreditAccountsReport; filter: string; caption: string }) {
  const { t } = useTranslation();
  const columns = useMemo(() => accountColumns(t), [t]);
  const totals = props.report.totals;
  const footer = (
    <tfoot>
      <tr>
        <th scope="row">{t('accountReports.totals')}</th>
        <td className="num"><Money minor={totals.openingMinor} plain testId="creditAccounts-opening" /></td>
        <td className="num"><Money minor={totals.creditedMinor} plain testId="creditAccounts-credited" /></td>
        <td className="num"><Money minor={totals.debitedMinor} plain testId="creditAccounts-debited" /></td>
        <td className="num"><Money minor={totals.closingMinor} plain testId="creditAccounts-closing" /></td>
      </tr>
    </tfoot>
  );
  return <AccountRowsTable id="creditAccounts" caption={props.caption} report={props.report} filter={props.filter} columns={columns} footer={footer} />;
}

export function CreditSlipPanel() {
  const { t } = useTranslation();
  const run = useReport();
  const [period, setPeriod, resolve] = usePeriod();
  const [tills, setTills] = useState<TillSummary[]>([]);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);

  const show = (tillIds: readonly string[]) => {
    const p = resolve(t);
    if (typeof p === 'string') return setProblem(p);
    if (tillIds.length === 0) return setProblem(t('accountReports.noTills'));
    setProblem(null);
    void run.run({ report: 'creditSlip', params: { ...p, tillIds: [...tillIds] } });
  };

  useEffect(() => {
    void call('reports.tills', {}).then((result) => {
      if (!result.ok) return;
      setTills(result.value);
      const all = result.value.map((till) => till.id);
      setChecked(new Set(all));
      show(all);
    });
    // once, when the screen opens: every till over the current month (show reads this render's period)
  }, []);

  return (
    <ReportShell
      id="creditSlip"
      title={t('accountReports.creditSlip')}
      intro={t('accountReports.creditSlipIntro')}
      criteria={
        <>
          <PeriodFields period={period} onChange={setPeriod} />
          <TillChecklist tills={tills} checked={checked} onChange={setChecked} />
        </>
      }
      problem={problem}
      run={run}
      onRun={() => show(tills.filter((till) => checked.has(till.id)).map((till) => till.id))}
    >
      {(filter) =>
        run.result?.report === 'creditSlip' && (
          <MovementsTable id="creditSlip" caption={t('accountReports.creditSlip')} report={run.result.value} filter={filter} withBalance={false} />
        )
      }
    </ReportShell>
  );
}

export function CreditAccountsPanel() {
  const { t } = useTranslation();
  const run = useReport();
  const [period, setPeriod, resolve] = usePeriod();
  const [problem, setProblem] = useState<string | null>(null);

  const show = () => {
    const p = resolve(t);
    if (typeof p === 'string') return setProblem(p);
    setProblem(null);
    void run.run({ report: 'creditAccounts', params: p });
  };

  useEffect(() => {
    show();
    // once, when the screen opens: the current month
  }, []);

  return (
    <ReportShell
      id="creditAccounts"
      title={t('accountReports.creditAccounts')}
      intro={t('accountReports.creditAccountsIntro')}
      criteria={<PeriodFields period={period} onChange={setPeriod} />}
      problem={problem}
      run={run}
      onRun={show}
    >
      {(filter) =>
        run.result?.report === 'creditAccounts' && <AccountsTable report={run.result.value} filter={filter} caption={t('accountReports.creditAccounts')} />
      }
    </ReportShell>
  );
}

export function CreditMovementsPanel() {
  const { t } = useTranslation();
  const run = useReport();
  const [period, setPeriod, resolve] = usePeriod();
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const show = () => {
    const p = resolve(t);
    if (typeof p === 'string') return setProblem(p);
    if (contacts.length === 0) return setProblem(t('accountReports.noContacts'));
    setProblem(null);
    void run.run({ report: 'creditMovements', params: { ...p, contactIds: contacts.map((c) => c.id) } });
  };

  return (
    <ReportShell
      id="creditMovements"
      title={t('accountReports.creditMovements')}
      intro={t('accountReports.creditMovementsIntro')}
      criteria={
        <>
          <PeriodFields period={period} onChange={setPeriod} />
          <ContactChooser contacts={contacts} onChange={setContacts} />
        </>
      }
      problem={problem}
      run={run}
      onRun={show}
    >
      {(filter) =>
        run.result?.report === 'creditMovements' && (
          <MovementsTable id="creditMovements" caption={t('accountReports.creditMovements')} report={run.result.value} filter={filter} withBalance />
        )
      }
    </ReportShell>
  );
}

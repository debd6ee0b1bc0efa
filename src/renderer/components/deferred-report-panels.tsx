// The two deferred-account reports of seed 000 on screen: Suivi des comptes d'attente (the
// accounts' state, bounded by a minimum and a maximum outstanding) and Liste des mouvements
// du compte d'attente (period, movement status, products, contacts). Totals come from the
// services; CSV and PDF are the same report as a file.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { parseMoney } from '../../shared/money/parse.ts';
import { useFormat, type Formatters } from '../format.ts';
import { useAuth } from '../stores/auth-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { Contact, DeferredAccountRow, DeferredAccountsReport, DeferredMovement, DeferredMovementsReport, DeferredMovementStatus } from '../types.ts';
import { useReport } from '../use-report.ts';
import { AccountRowsTable, MovementRowsTable, moneyColumn, sharedMovementColumns } from './account-report-tables.tsx';
import type { Column } from './data-table.tsx';
import { Money } from './money.tsx';
import { ProductChooser } from './product-chooser.tsx';
import { ContactChooser, PeriodFields, usePeriod } from './report-filters.tsx';
import { ReportShell } from './report-shell.tsx';

function accountColumns(t: TFunction): Column<DeferredAccountRow>[] {
  return [
    { id: 'contact', label: t('accountReports.contact'), sortValue: (r) => r.contactName, text: (r) => r.contactName, render: (r) => r.contactName },
    {
      id: 'authorised',
      label: t('deferredReports.authorised'),
      sortValue: (r) => (r.isAuthorised ? 1 : 0),
      text: (r) => t(r.isAuthorised ? 'deferredReports.yes' : 'deferredReports.no'),
      render: (r) => t(r.isAuthorised ? 'deferredReports.yes' : 'deferredReports.no'),
    },
    moneyColumn('limit', t('deferred.limit'), (r) => r.limitMinor),
    moneyColumn('outstanding', t('deferred.outstanding'), (r) => r.outstandingMinor),
    moneyColumn('overdue', t('deferred.overdue'), (r) => r.overdueMinor),
    moneyColumn('headroom', t('deferred.headroom'), (r) => r.headroomMinor),
  ];
}

function AccountsTable(props: { report: DeferredAccountsReport; filter: string; caption: string }) {
  const { t } = useTranslation();
  const columns = useMemo(() => accountColumns(t), [t]);
  const { report } = props;
  const footer = (
    <tfoot>
      <tr>
        <th scope="row" colSpan={2}>{t('accountReports.totals')}</th>
        <td className="num"><Money minor={report.totals.limitMinor} plain testId="deferredAccounts-limit" /></td>
        <td className="num"><Money minor={report.totals.outstandingMinor} plain testId="deferredAccounts-outstanding" /></td>
        <td className="num"><Money minor={report.totals.overdueMinor} plain testId="deferredAccounts-overdue" /></td>
        <td />
      </tr>
    </tfoot>
  );
  return <AccountRowsTable id="deferredAccounts" caption={props.caption} report={report} filter={props.filter} columns={columns} footer={footer} />;
}

/** An optional bound typed as an amount: minor units, none when empty, or what is wrong. */
function parseBound(text: string, format: Formatters, t: TFunction): { ok: true; minor: number | undefined } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: true, minor: undefined };
  const parsed = parseMoney(text, format.currency);
  return parsed.ok ? { ok: true, minor: parsed.amountMinor } : { ok: false, problem: t('payment.invalidAmount', { reason: t(`moneyParse.${parsed.reason}`) }) };
}

export function DeferredAccountsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const run = useReport();
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const show = () => {
    const min = parseBound(minText, format, t);
    if (!min.ok) return setProblem(min.problem);
    const max = parseBound(maxText, format, t);
    if (!max.ok) return setProblem(max.problem);
    if (min.minor !== undefined && max.minor !== undefined && max.minor < min.minor) return setProblem(t('deferredReports.boundsInvalid'));
    setProblem(null);
    void run.run({ report: 'deferredAccounts', params: { ...(min.minor !== undefined ? { minMinor: min.minor } : {}), ...(max.minor !== undefined ? { maxMinor: max.minor } : {}) } });
  };

  useEffect(() => {
    show();
    // once, when the screen opens: every account, unbounded
  }, []);

  return (
    <ReportShell
      id="deferredAccounts"
      title={t('accountReports.deferredAccounts')}
      intro={t('deferredReports.accountsIntro')}
      criteria={
        <>
          <label className="field">
            <span className="field-label">{t('deferredReports.min')}</span>
            <input className="input input-amount report-bound" inputMode="decimal" autoComplete="off" value={minText} onChange={(event) => setMinText(event.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">{t('deferredReports.max')}</span>
            <input className="input input-amount report-bound" inputMode="decimal" autoComplete="off" value={maxText} onChange={(event) => setMaxText(event.target.value)} />
          </label>
        </>
      }
      problem={problem}
      run={run}
      onRun={show}
    >
      {(filter) => run.result?.report === 'deferredAccounts' && <AccountsTable report={run.result.value} filter={filter} caption={t('accountReports.deferredAccounts')} />}
    </ReportShell>
  );
}

function movementColumns(t: TFunction, format: Formatters): Column<DeferredMovement>[] {
  const shared = sharedMovementColumns<DeferredMovement>(t, format, (m) => t(`deferred.kinds.${m.kind}`));
  const status = (m: DeferredMovement) => (m.status ? t(`deferred.statuses.${m.status}`) : '');
  return [
    shared.date,
    shared.contact,
    { id: 'till', label: t('accountReports.till'), sortValue: (m) => m.tillName, text: (m) => m.tillName, render: (m) => <span className="nowrap">{m.tillName}</span> },
    shared.user,
    shared.order,
    shared.operation,
    shared.method,
    { id: 'status', label: t('deferredReports.status'), sortValue: status, text: status, render: (m) => (m.status ? <span className={`tag tag-status-${m.status}`}>{status(m)}</span> : '') },
    shared.amount,
    {
      id: 'after',
      label: t('deferred.outstandingAfter'),
      isNumeric: true,
      sortValue: (m) => m.outstandingAfterMinor,
      text: (m) => format.amount(m.outstandingAfterMinor),
      render: (m) => <Money minor={m.outstandingAfterMinor} plain />,
    },
  ];
}

const totalFields = [
  ['charged', 'chargedMinor'],
  ['settled', 'settledMinor'],
  ['refunded', 'refundedMinor'],
  ['moved', 'movedMinor'],
  ['overpaidToCredit', 'overpaidToCreditMinor'],
] as const;

function MovementsTable(props: { report: DeferredMovementsReport; filter: string; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(() => movementColumns(t, format), [t, format]);
  const { report } = props;
  return (
    <MovementRowsTable
      id="deferredMovements"
      caption={props.caption}
      report={report}
      filter={props.filter}
      columns={columns}
      totals={
        <>
          {totalFields.map(([label, field]) => (
            <div key={field}>
              <dt>{t(`deferredReports.totals.${label}`)}</dt>
              <dd><Money minor={report.totals[field]} testId={`deferredMovements-${label}`} /></dd>
            </div>
          ))}
          <div className="is-strong">
            <dt>{t('deferredReports.totals.net')}</dt>
            <dd><Money minor={report.totals.netMinor} testId="deferredMovements-net" /></dd>
          </div>
        </>
      }
    />
  );
}

const statuses: readonly DeferredMovementStatus[] = ['all', 'open', 'settled', 'cancelled'];

export function DeferredMovementsPanel() {
  const { t } = useTranslation();
  const run = useReport();
  const [period, setPeriod, resolve] = usePeriod();
  const [status, setStatus] = useState<DeferredMovementStatus>('all');
  const [productIds, setProductIds] = useState<string[]>([]);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const maySeeCatalogue = useAuth((s) => s.permissions.includes('sale:read'));

  const show = () => {
    const p = resolve(t);
    if (typeof p === 'string') return setProblem(p);
    setProblem(null);
    void run.run({
      report: 'deferredMovements',
      params: {
        fromMs: p.fromMs,
        toMs: p.toMs,
        status,
        ...(productIds.length > 0 ? { productIds } : {}),
        ...(contacts.length > 0 ? { contactIds: contacts.map((c) => c.id) } : {}),
      },
    });
  };

  useEffect(() => {
    if (maySeeCatalogue && !useCatalogue.getState().catalogue) void useCatalogue.getState().load();
    show();
    // once, when the screen opens: every movement of the current month
  }, []);

  return (
    <ReportShell
      id="deferredMovements"
      title={t('accountReports.deferredMovements')}
      intro={t('deferredReports.movementsIntro')}
      criteria={
        <>
          <PeriodFields period={period} onChange={setPeriod} />
          <label className="field">
            <span className="field-label">{t('deferredReports.status')}</span>
            <select className="input" value={status} onChange={(event) => setStatus(statuses.find((s) => s === event.target.value) ?? 'all')}>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`deferredReports.statusOptions.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <ProductChooser productIds={productIds} onChange={setProductIds} />
          <ContactChooser contacts={contacts} onChange={setContacts} />
        </>
      }
      problem={problem}
      run={run}
      onRun={show}
    >
      {(filter) => run.result?.report === 'deferredMovements' && <MovementsTable report={run.result.value} filter={filter} caption={t('accountReports.deferredMovements')} />}
    </ReportShell>
  );
}

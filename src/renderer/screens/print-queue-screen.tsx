// The print queue for the cashier and the supervisor (issue 6): jobs waiting, in doubt or
// refused, why, and what a person may do about each — retry, send to another printer,
// cancel with a reason, confirm a job in doubt printed. The drawer opens from here too.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { UiCatalogue } from '../../shared/i18n/ui-fr.ts';
import type { Result } from '../../shared/result.ts';
import { call } from '../api-client.ts';
import { DrawerOpenButton } from '../components/drawer-open-dialog.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { CancelJobDialog, ConfirmPrintedDialog, RerouteDialog } from '../components/print-job-dialogs.tsx';
import { StatusLight } from '../components/printer-status.tsx';
import { useFormat } from '../format.ts';
import { jobActions, jobHint, reasonSource, type Printer, type PrintJob } from '../printing-view.ts';
import { printQueuePollMs, usePrintQueue } from '../stores/print-queue-store.ts';

const filters = ['open', 'waiting', 'in_doubt', 'all'] as const;
type Filter = (typeof filters)[number];
type Action = { kind: 'reroute' | 'cancel' | 'confirm'; job: PrintJob };
type TransportReason = keyof UiCatalogue['printQueue']['reasons'];
type Done = { key: 'retried' | 'rerouted' | 'cancelled' | 'confirmed'; job: PrintJob };

function useReason(): (reason: string) => string {
  const { t } = useTranslation();
  return (reason) => {
    const source = reasonSource(reason);
    if (source === 'state') return t(`printers.status.states.${reason as Printer['status']['state']}`);
    if (source === 'transport') return t(`printQueue.reasons.${reason as TransportReason}`);
    return reason;
  };
}

function JobRow(props: { job: PrintJob; onRetry: () => void; onAction: (kind: Action['kind']) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reasonText = useReason();
  const { job } = props;
  const can = jobActions(job.status);
  const hint = jobHint(job);
  return (
    <tr data-testid="print-job" data-status={job.status} data-kind={job.kind}>
      <td className="nowrap">
        {format.dateTime(job.createdAtMs)}
        <div className="muted small">{t('printQueue.by', { user: job.createdBy })}</div>
      </td>
      <td>
        {job.label}
        {job.copyNumber > 0 && <span className="tag tag-duplicate">{t('printQueue.duplicate', { number: job.copyNumber })}</span>}
      </td>
      <td>{job.printerName}</td>
      <td>
        <span className={`tag job-status job-${job.status}`}>{t(`printQueue.statuses.${job.status}`)}</span>
      </td>
      <td className="small">
        {job.reason && <div>{reasonText(job.reason)}</div>}
        {job.cancelReason && <div>{t('printQueue.cancelledBecause', { reason: job.cancelReason })}</div>}
        {hint && (
          <div className="job-hint" data-testid="print-job-hint">
            {t(`printQueue.hints.${hint}`)}
          </div>
        )}
        <div className="muted">
          {t('printQueue.attempts', { count: job.attempts })}
          {job.nextAttemptAtMs !== null && ` · ${t('printQueue.nextAttempt', { time: format.dateTime(job.nextAttemptAtMs) })}`}
        </div>
      </td>
      <td>
        <div className="job-actions">
          {can.retry && (
            <button type="button" className="button button-small" onClick={props.onRetry}>
              {t('printQueue.retry')}
            </button>
          )}
          {can.reroute && (
            <button type="button" className="button button-small" onClick={() => props.onAction('reroute')}>
              {t('printQueue.reroute')}
            </button>
          )}
          {can.confirm && (
            <button type="button" className="button button-small" onClick={() => props.onAction('confirm')}>
              {t('printQueue.confirm')}
            </button>
          )}
          {can.cancel && (
            <button type="button" className="button button-small button-danger-ghost" onClick={() => props.onAction('cancel')}>
              {t('printQueue.cancel')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function PrinterLights({ printers }: { printers: readonly Printer[] }) {
  if (printers.length === 0) return null;
  return (
    <ul className="printer-lights">
      {printers
        .filter((p) => p.isActive)
        .map((p) => (
          <li key={p.id}>
            <span className="printer-light-name">{p.name}</span> <StatusLight status={p.status} />
          </li>
        ))}
    </ul>
  );
}

/** The jobs of a filter and the printers, read again every printQueuePollMs; each active printer asked its status once. */
function usePrintJobs(filter: Filter) {
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const [list, known] = await Promise.all([call('printJobs.list', { status: filter, limit: 100 }), call('printers.list', {})]);
    if (list.ok) setJobs(list.value);
    else setError(list.error);
    if (known.ok) setPrinters(known.value);
  }, [filter]);

  // the lights start as last read: ask each active printer once, the poll below shows the answers
  useEffect(() => {
    void call('printers.list', {}).then((known) => {
      if (known.ok) for (const p of known.value.filter((x) => x.isActive)) void call('printers.status', { printerId: p.id, refresh: true });
    });
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), printQueuePollMs);
    return () => clearInterval(timer);
  }, [load]);
  return { jobs, printers, error, setError, load };
}

function QueueHead(props: { filter: Filter; onFilter: (filter: Filter) => void }) {
  const { t } = useTranslation();
  return (
    <div className="screen-head">
      <div>
        <h1 id="print-queue-title">{t('printQueue.title')}</h1>
        <p className="muted small">{t('printQueue.intro')}</p>
      </div>
      <div className="screen-tools">
        <DrawerOpenButton />
        <label className="field field-inline">
          <span className="field-label">{t('printQueue.filter')}</span>
          <select className="input" value={props.filter} onChange={(e) => props.onFilter(e.target.value as Filter)}>
            {filters.map((f) => (
              <option key={f} value={f}>
                {t(`printQueue.filters.${f}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

function JobsTable(props: { jobs: readonly PrintJob[]; filter: Filter; onRetry: (job: PrintJob) => void; onAction: (action: Action) => void }) {
  const { t } = useTranslation();
  if (props.jobs.length === 0) return <p className="empty">{props.filter === 'open' ? t('printQueue.empty') : t('printQueue.emptyFilter')}</p>;
  return (
    <table className="table print-jobs">
      <thead>
        <tr>
          <th scope="col">{t('printQueue.columns.createdAt')}</th>
          <th scope="col">{t('printQueue.columns.document')}</th>
          <th scope="col">{t('printQueue.columns.printer')}</th>
          <th scope="col">{t('printQueue.columns.status')}</th>
          <th scope="col">{t('printQueue.columns.reason')}</th>
          <th scope="col">{t('printQueue.columns.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.jobs.map((job) => (
          <JobRow key={job.id} job={job} onRetry={() => props.onRetry(job)} onAction={(kind) => props.onAction({ kind, job })} />
        ))}
      </tbody>
    </table>
  );
}

export function PrintQueueScreen() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const { jobs, printers, error, setError, load } = usePrintJobs(filter);
  const [action, setAction] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const refreshHeader = usePrintQueue((s) => s.refresh);

  const act = async (key: Done['key'], request: Promise<Result<PrintJob>>) => {
    setBusy(true);
    setActionError(null);
    setError(null);
    const result = await request;
    setBusy(false);
    if (!result.ok) {
      if (action) setActionError(result.error);
      else setError(result.error);
      return;
    }
    setAction(null);
    setDone({ key, job: result.value });
    void load();
    void refreshHeader();
  };

  const close = () => {
    setAction(null);
    setActionError(null);
  };

  return (
    <main className="screen print-queue-screen" aria-labelledby="print-queue-title">
      <QueueHead filter={filter} onFilter={setFilter} />
      <PrinterLights printers={printers} />
      <ErrorAlert error={error} testId="print-queue-error" />
      {done && (
        <p className="alert alert-success" role="status" data-testid="print-queue-done">
          {t(`printQueue.${done.key}`, { label: done.job.label, printer: done.job.printerName })}
        </p>
      )}
      <JobsTable jobs={jobs} filter={filter} onRetry={(job) => void act('retried', call('printJobs.retry', { jobId: job.id }))} onAction={setAction} />
      {action?.kind === 'reroute' && (
        <RerouteDialog
          job={action.job}
          printers={printers}
          isBusy={isBusy}
          error={actionError}
          onCancel={close}
          onReroute={(printerId) => void act('rerouted', call('printJobs.reroute', { jobId: action.job.id, printerId }))}
        />
      )}
      {action?.kind === 'cancel' && (
        <CancelJobDialog job={action.job} isBusy={isBusy} error={actionError} onCancel={close} onConfirm={(reason) => void act('cancelled', call('printJobs.cancel', { jobId: action.job.id, reason }))} />
      )}
      {action?.kind === 'confirm' && (
        <ConfirmPrintedDialog job={action.job} isBusy={isBusy} error={actionError} onCancel={close} onConfirm={() => void act('confirmed', call('printJobs.confirm', { jobId: action.job.id }))} />
      )}
    </main>
  );
}

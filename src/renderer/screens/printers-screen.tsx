// The technician's screen (DESIGN C10): the printers of this till with their status, what
// is plugged in, adding or changing a printer, a test page and a drawer test on each.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PrinterDiscovery, type FoundDevice } from '../components/printer-discovery.tsx';
import { PrinterForm } from '../components/printer-form.tsx';
import { PrinterStatusView } from '../components/printer-status.tsx';
import { connectionSummary, draftFromFile, draftFromSerial, draftFromUsb, draftOf, emptyDraft, type Printer, type PrinterDraft, type PrintJob } from '../printing-view.ts';
import { useWatchedJob } from '../use-print-job.ts';

type Notice = { kind: 'saved'; name: string } | { kind: 'test'; test: 'print' | 'drawer'; name: string };

function PrinterCard(props: { printer: Printer; isEditing: boolean; onEdit: () => void; onTest: (test: 'print' | 'drawer') => void; onStatus: (p: Printer) => void }) {
  const { t } = useTranslation();
  const { printer } = props;
  const documents = printer.documents.map((d) => t(`printers.documents.${d}`)).join(', ') || t('printers.noDocuments');
  return (
    <li className={`printer-card${props.isEditing ? ' is-selected' : ''}${printer.isActive ? '' : ' is-inactive'}`} data-testid="printer-card" data-name={printer.name}>
      <div className="printer-card-head">
        <h3 className="printer-name">{printer.name}</h3>
        {!printer.isActive && <span className="tag">{t('printers.inactive')}</span>}
        <span className="tag">{t(`printers.transports.${printer.connection.transport}`)}</span>
      </div>
      <p className="muted small printer-facts">
        <code>{connectionSummary(printer.connection)}</code> · {printer.widthMm} mm · {printer.columns} col. · {printer.codePage} · {documents}
        {printer.drawerPin !== null && ` · ${t('printers.drawerOn', { pin: printer.drawerPin })}`}
      </p>
      <PrinterStatusView printer={printer} onStatus={(status) => props.onStatus({ ...printer, status })} />
      <div className="actions printer-actions" role="group" aria-label={t('printers.actionsOf', { name: printer.name })}>
        <button type="button" className="button button-small" onClick={props.onEdit}>
          {t('printers.edit')}
        </button>
        <button type="button" className="button button-small" onClick={() => props.onTest('print')} disabled={!printer.isActive}>
          {t('printers.test.print')}
        </button>
        <button type="button" className="button button-small" onClick={() => props.onTest('drawer')} disabled={!printer.isActive || printer.drawerPin === null} title={printer.drawerPin === null ? t('printers.test.noDrawer') : undefined}>
          {t('printers.test.drawer')}
        </button>
      </div>
    </li>
  );
}

function NoticeLine(props: { notice: Notice; job: PrintJob | null }) {
  const { t } = useTranslation();
  const { notice, job } = props;
  const text =
    notice.kind === 'saved'
      ? t('printers.saved', { name: notice.name })
      : notice.test === 'print'
        ? t('printers.test.printQueued', { name: notice.name })
        : t('printers.test.drawerQueued', { name: notice.name });
  return (
    <p className="alert alert-success" role="status" data-testid="printers-notice">
      {text}
      {notice.kind === 'test' && job && (
        <span className="job-state" data-testid="test-job" data-status={job.status}>
          {' '}
          {t('printers.test.job', { status: t(`printQueue.statuses.${job.status}`) })}
          {job.reason && ` (${job.reason})`}
        </span>
      )}
    </p>
  );
}

function PrintersHead(props: { onAdd: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="screen-head">
      <div>
        <h1 id="printers-title">{t('printers.title')}</h1>
        <p className="muted small">{t('printers.intro')}</p>
      </div>
      <button type="button" className="button button-primary" onClick={props.onAdd}>
        {t('printers.add')}
      </button>
    </div>
  );
}

function PrinterList(props: { printers: readonly Printer[]; editingId: string | null; onEdit: (p: Printer) => void; onTest: (p: Printer, test: 'print' | 'drawer') => void; onStatus: (p: Printer) => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="printers-list-title">
      <h2 id="printers-list-title" className="panel-title">
        {t('printers.list')}
      </h2>
      {props.printers.length === 0 ? (
        <p className="empty">{t('printers.none')}</p>
      ) : (
        <ul className="printer-list">
          {props.printers.map((p) => (
            <PrinterCard key={p.id} printer={p} isEditing={props.editingId === p.id} onEdit={() => props.onEdit(p)} onTest={(test) => props.onTest(p, test)} onStatus={props.onStatus} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The draft with what discovery found: a USB device, a serial port or a kernel printer file. */
function draftFromFound(base: PrinterDraft, found: FoundDevice): PrinterDraft {
  return found.kind === 'usb' ? draftFromUsb(base, found.device) : found.kind === 'serial' ? draftFromSerial(base, found.port) : draftFromFile(base, found.path);
}

/** The printers of this till, read at once and again on demand. */
function usePrinters() {
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    const result = await call('printers.list', {});
    if (result.ok) setPrinters(result.value);
    else setError(result.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { printers, setPrinters, error, setError, load };
}

/** A test page or a drawer pulse queued on a printer (the drawer's asked once more first); the job queued is handed on. */
function usePrinterTests(setError: (error: ApiError | null) => void, onQueued: (test: 'print' | 'drawer', printer: Printer, job: PrintJob) => void) {
  const [drawerTest, setDrawerTest] = useState<Printer | null>(null);
  const [isBusy, setBusy] = useState(false);
  const runTest = async (printer: Printer, test: 'print' | 'drawer') => {
    setError(null);
    setBusy(true);
    const input = { requestId: ulid(), printerId: printer.id };
    const result = test === 'print' ? await call('printers.testPrint', input) : await call('printers.testDrawer', input);
    setBusy(false);
    setDrawerTest(null);
    if (!result.ok) return setError(result.error);
    onQueued(test, printer, result.value);
  };
  return { drawerTest, setDrawerTest, isBusy, runTest };
}

export function PrintersScreen() {
  const { t } = useTranslation();
  const { printers, setPrinters, error, setError, load } = usePrinters();
  const [draft, setDraft] = useState<PrinterDraft | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const watched = useWatchedJob();
  const { drawerTest, setDrawerTest, isBusy, runTest } = usePrinterTests(setError, (test, printer, job) => {
    setNotice({ kind: 'test', test, name: printer.name });
    watched.watch(job);
  });

  const edit = (next: PrinterDraft) => {
    setDraft(next);
    setNotice(null);
  };

  return (
    <main className="screen printers-screen" aria-labelledby="printers-title">
      <PrintersHead onAdd={() => edit(emptyDraft('network'))} />
      <ErrorAlert error={error} testId="printers-error" />
      {notice && <NoticeLine notice={notice} job={watched.job} />}
      <div className="printers-grid">
        <div className="printers-column">
          <PrinterList
            printers={printers}
            editingId={draft?.id ?? null}
            onEdit={(p) => edit(draftOf(p))}
            onTest={(p, test) => (test === 'drawer' ? setDrawerTest(p) : void runTest(p, 'print'))}
            onStatus={(updated) => setPrinters((all) => all.map((x) => (x.id === updated.id ? updated : x)))}
          />
          <PrinterDiscovery onUse={(found) => setDraft(draftFromFound(draft ?? emptyDraft(), found))} />
        </div>
        {draft && (
          <PrinterForm
            key={draft.id ?? 'new'}
            draft={draft}
            onDraft={setDraft}
            onCancel={() => setDraft(null)}
            onSaved={(printer) => {
              setDraft(null);
              setNotice({ kind: 'saved', name: printer.name });
              watched.clear();
              void load();
            }}
          />
        )}
      </div>
      {drawerTest && (
        <ConfirmDialog
          title={t('printers.test.drawerTitle')}
          text={t('printers.test.drawerText', { name: drawerTest.name })}
          confirmLabel={t('printers.test.drawerConfirm')}
          isBusy={isBusy}
          error={null}
          onConfirm={() => void runTest(drawerTest, 'drawer')}
          onCancel={() => setDrawerTest(null)}
        />
      )}
    </main>
  );
}

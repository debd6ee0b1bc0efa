// The receipt as the printer prints it (the virtual printer reads back the very bytes sent:
// printing.preview), as an image or as text, with printing and reprinting (a second copy
// is a numbered DUPLICATA, decided by the services) of the receipt and the tickets; and
// the same for an invoice's receipt copy.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import type { InputOf, OutputOf } from '../../shared/api/contract.ts';
import { call } from '../api-client.ts';
import { hasBeenQueued, type PrintJob } from '../printing-view.ts';
import { useCan } from '../stores/auth-store.ts';
import { useWatchedJob } from '../use-print-job.ts';
import { ErrorAlert } from './error-alert.tsx';
import { Modal } from './modal.tsx';

type Preview = OutputOf<'printing.preview'>;
type DocumentRef = InputOf<'printing.preview'>['document'];

function PreviewBody(props: { preview: Preview; alt: string; view: 'image' | 'text' }) {
  const { t } = useTranslation();
  const { preview } = props;
  return (
    <>
      <div className="receipt-paper" data-testid="receipt-preview" data-columns={preview.columns}>
        {props.view === 'image' ? (
          <img
            src={`data:image/png;base64,${preview.pngBase64}`}
            width={preview.widthPx}
            height={preview.heightPx}
            alt={props.alt}
            data-testid="receipt-image"
          />
        ) : (
          <pre className="receipt-text" data-testid="receipt-text">
            {preview.text}
          </pre>
        )}
      </div>
      <p className="muted small">
        {preview.note
          ? t('receipt.renderedFor', { printer: preview.note, columns: preview.columns, bytes: preview.bytes })
          : t('receipt.renderedDefault', { columns: preview.columns, bytes: preview.bytes })}
      </p>
    </>
  );
}

function usePrint(orderId: string) {
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const watched = useWatchedJob();
  const loadJobs = useCallback(async () => {
    const result = await call('printJobs.list', { status: 'all', orderId, limit: 50 });
    if (result.ok) setJobs(result.value);
  }, [orderId]);
  useEffect(() => {
    void loadJobs();
  }, [loadJobs]);
  const print = async (kind: 'receipt' | 'tickets') => {
    setBusy(true);
    setError(null);
    const result = await call('printing.print', { requestId: ulid(), document: { kind, orderId } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    watched.watch(result.value);
    void loadJobs();
  };
  return { jobs, error, isBusy, print, job: watched.job };
}

/** The preview of one document; `key` is what identifies it (the effect reruns when it changes). */
function usePreview(document: DocumentRef, key: string) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  useEffect(() => {
    void call('printing.preview', { document }).then((result) => {
      if (result.ok) setPreview(result.value);
      else setLoadError(result.error);
    });
    // the document is named by its key: a new object with the same key is the same document
  }, [key]);
  return { preview, loadError };
}

function ViewSwitch(props: { view: 'image' | 'text'; onChange: (view: 'image' | 'text') => void }) {
  const { t } = useTranslation();
  return (
    <div className="receipt-view-switch" role="group" aria-label={t('receipt.view')}>
      {(['image', 'text'] as const).map((v) => (
        <button key={v} type="button" className="chip" aria-pressed={props.view === v} onClick={() => props.onChange(v)}>
          {v === 'image' ? t('receipt.asImage') : t('receipt.asText')}
        </button>
      ))}
    </div>
  );
}

function SentStatus({ job }: { job: PrintJob | null }) {
  const { t } = useTranslation();
  if (!job) return null;
  return (
    <p className="alert alert-success" role="status" data-testid="print-sent" data-status={job.status}>
      {t('receipt.sent', { label: job.label, printer: job.printerName })} {t('printers.test.job', { status: t(`printQueue.statuses.${job.status}`) })}
    </p>
  );
}

export function ReceiptPreviewDialog(props: { orderId: string; number: string; hasTickets: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { preview, loadError } = usePreview({ kind: 'receipt', orderId: props.orderId }, props.orderId);
  const [view, setView] = useState<'image' | 'text'>('image');
  const printing = usePrint(props.orderId);

  const receiptDone = hasBeenQueued(printing.jobs, 'receipt');
  const ticketsDone = hasBeenQueued(printing.jobs, 'tickets');
  return (
    <Modal title={t('receipt.title', { number: props.number })} onClose={props.onClose} isBusy={printing.isBusy} wide testId="receipt-dialog">
      <ViewSwitch view={view} onChange={setView} />
      {!preview && !loadError && <p className="muted">{t('receipt.loading')}</p>}
      <ErrorAlert error={loadError} testId="preview-error" />
      {preview && <PreviewBody preview={preview} alt={t('receipt.imageAlt', { number: props.number })} view={view} />}
      <ErrorAlert error={printing.error} testId="print-error" />
      <SentStatus job={printing.job} />
      <div className="modal-actions">
        {props.hasTickets && (
          <button type="button" className="button" onClick={() => void printing.print('tickets')} disabled={printing.isBusy}>
            {ticketsDone ? t('receipt.reprintTickets') : t('receipt.printTickets')}
          </button>
        )}
        <button type="button" className="button" onClick={() => void printing.print('receipt')} disabled={printing.isBusy}>
          {receiptDone ? t('receipt.reprint') : t('receipt.print')}
        </button>
        <button type="button" className="button button-primary" data-autofocus onClick={props.onClose} disabled={printing.isBusy}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

/** "Aperçu du reçu" and its window; nothing for a user who may not print. */
export function ReceiptPreviewButton(props: { orderId: string; number: string; hasTickets: boolean; className?: string }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const mayPrint = useCan('print:manage');
  if (!mayPrint) return null;
  return (
    <>
      <button type="button" className={props.className ?? 'button'} onClick={() => setOpen(true)}>
        {t('receipt.preview')}
      </button>
      {isOpen && <ReceiptPreviewDialog orderId={props.orderId} number={props.number} hasTickets={props.hasTickets} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Any document as the printer prints it, with a print button (the services number a second
 * copy as a DUPLICATA): an invoice's receipt copy, the X report, a Z report, a refund receipt.
 */
export function DocumentDialog(props: {
  document: DocumentRef;
  /** What identifies the document (the preview reloads when it changes). */
  documentKey: string;
  title: string;
  imageAlt: string;
  printLabel: string;
  /** Print once as the window opens (the invoice copy handed over at once). */
  printAtOnce?: boolean;
  testId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { preview, loadError } = usePreview(props.document, props.documentKey);
  const [view, setView] = useState<'image' | 'text'>('image');
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const watched = useWatchedJob();
  const print = async () => {
    setBusy(true);
    setError(null);
    const result = await call('printing.print', { requestId: ulid(), document: props.document });
    setBusy(false);
    if (result.ok) watched.watch(result.value);
    else setError(result.error);
  };
  // once when the window opens, even where React runs effects twice: a second print would be a DUPLICATA
  const hasPrintedAtOnce = useRef(false);
  useEffect(() => {
    if (!props.printAtOnce || hasPrintedAtOnce.current) return;
    hasPrintedAtOnce.current = true;
    void print();
  }, []);
  return (
    <Modal title={props.title} onClose={props.onClose} isBusy={isBusy} wide testId={props.testId}>
      <ViewSwitch view={view} onChange={setView} />
      {!preview && !loadError && <p className="muted">{t('receipt.loading')}</p>}
      <ErrorAlert error={loadError} testId="preview-error" />
      {preview && <PreviewBody preview={preview} alt={props.imageAlt} view={view} />}
      <ErrorAlert error={error} testId="print-error" />
      <SentStatus job={watched.job} />
      <div className="modal-actions">
        <button type="button" className="button" onClick={() => void print()} disabled={isBusy}>
          {props.printLabel}
        </button>
        <button type="button" className="button button-primary" data-autofocus onClick={props.onClose} disabled={isBusy}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

/** An invoice's receipt copy: its preview, and printing it (again: the services number the DUPLICATA). */
export function InvoiceCopyDialog(props: { invoiceId: string; number: string; printAtOnce: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <DocumentDialog
      document={{ kind: 'invoice_copy', invoiceId: props.invoiceId }}
      documentKey={props.invoiceId}
      title={t('receipt.invoiceTitle', { number: props.number })}
      imageAlt={t('receipt.invoiceImageAlt', { number: props.number })}
      printLabel={t('receipt.invoicePrint')}
      printAtOnce={props.printAtOnce}
      testId="invoice-copy-dialog"
      onClose={props.onClose}
    />
  );
}

/** "Aperçu et impression" of a report or a refund receipt, and its window; nothing for a user who may not print. */
export function DocumentPreviewButton(props: { document: DocumentRef; documentKey: string; title: string; className?: string; testId: string }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const mayPrint = useCan('print:manage');
  if (!mayPrint) return null;
  return (
    <>
      <button type="button" className={props.className ?? 'button'} onClick={() => setOpen(true)} data-testid={`${props.testId}-button`}>
        {t('receipt.documentPreview')}
      </button>
      {isOpen && (
        <DocumentDialog
          document={props.document}
          documentKey={props.documentKey}
          title={props.title}
          imageAlt={t('receipt.documentImageAlt', { title: props.title })}
          printLabel={t('receipt.documentPrint')}
          testId={props.testId}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** An invoice's receipt copy on its row: one button, the copy previewed with its print button; nothing for a user who may not print. */
export function InvoiceCopyButton(props: { invoiceId: string; number: string }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const mayPrint = useCan('print:manage');
  if (!mayPrint) return null;
  return (
    <>
      <button type="button" className="button button-small" aria-label={t('receipt.invoicePreviewOf', { number: props.number })} onClick={() => setOpen(true)}>
        {t('receipt.invoicePreview')}
      </button>
      {isOpen && <InvoiceCopyDialog invoiceId={props.invoiceId} number={props.number} printAtOnce={false} onClose={() => setOpen(false)} />}
    </>
  );
}

// Opens an invoice as its A4 PDF (with the payment QR code): the services build the file,
// the browser downloads it (Blob + <a download>; the desktop app opens no windows).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { downloadFile } from '../download.ts';
import { useLanguage } from '../stores/language-store.ts';
import { ErrorAlert } from './error-alert.tsx';

/** `title`: a tooltip, e.g. that another till's document comes from the server; `onOpened`: after the file was made (another till's document is then kept here). */
export function InvoicePdfButton(props: { invoiceId: string; number: string; className?: string; title?: string; onOpened?: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const open = async () => {
    setBusy(true);
    const result = await call('invoices.pdf', { invoiceId: props.invoiceId, language });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    downloadFile(result.value);
    props.onOpened?.();
  };
  return (
    <>
      <button
        type="button"
        className={props.className ?? 'button button-small'}
        disabled={isBusy}
        aria-label={t('deferred.invoicePdfOf', { number: props.number })}
        title={props.title}
        onClick={() => void open()}
      >
        {t('deferred.invoicePdf')}
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

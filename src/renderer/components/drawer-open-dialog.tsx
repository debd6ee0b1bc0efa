// "Ouvrir le tiroir": the cash drawer opens on demand with a reason (audited, journaled).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useCan } from '../stores/auth-store.ts';
import type { PrintJob } from '../printing-view.ts';
import { DialogFooter } from './dialog-footer.tsx';
import { ReasonField } from './reason-field.tsx';
import { Modal } from './modal.tsx';

function DrawerOpenDialog(props: { onClose: () => void; onSent: (job: PrintJob) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [isMissing, setMissing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  // one request per dialog: a double click opens the drawer once
  const [requestId] = useState(ulid);

  const submit = async () => {
    if (reason.trim() === '') return setMissing(true);
    setBusy(true);
    const result = await call('drawer.open', { requestId, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    props.onSent(result.value);
  };

  return (
    <Modal title={t('drawer.title')} onClose={props.onClose} isBusy={isBusy} testId="drawer-open">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="muted small">{t('drawer.intro')}</p>
        <ReasonField
          label={t('drawer.reason')}
          placeholder={t('drawer.reasonPlaceholder')}
          value={reason}
          isMissing={isMissing}
          missingText={t('drawer.reasonMissing')}
          onChange={(value) => {
            setReason(value);
            setMissing(false);
          }}
        />
        <DialogFooter error={error} errorTestId="drawer-error" isBusy={isBusy} onCancel={props.onClose} submitLabel={t('drawer.submit')} />
      </form>
    </Modal>
  );
}

/** The button and its dialog; nothing for a user who may not open the drawer. */
export function DrawerOpenButton(props: { className?: string }) {
  const { t } = useTranslation();
  const mayOpen = useCan('drawer:open');
  const [isOpen, setOpen] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (!mayOpen) return null;
  return (
    <>
      <button type="button" className={props.className ?? 'button'} onClick={() => setOpen(true)}>
        {t('drawer.open')}
      </button>
      {sentTo && (
        <span className="muted small" role="status" data-testid="drawer-sent">
          {t('drawer.sent', { printer: sentTo })}
        </span>
      )}
      {isOpen && (
        <DrawerOpenDialog
          onClose={() => setOpen(false)}
          onSent={(job) => {
            setOpen(false);
            setSentTo(job.printerName);
          }}
        />
      )}
    </>
  );
}

// The windows of the print queue's actions: send a job to another printer (chosen from the
// active ones), cancel it with a reason (asked for, then confirmed), confirm one in doubt.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { rerouteTargets, type Printer, type PrintJob } from '../printing-view.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { DialogFooter } from './dialog-footer.tsx';
import { ReasonField } from './reason-field.tsx';
import { Modal } from './modal.tsx';

interface DialogProps {
  job: PrintJob;
  isBusy: boolean;
  error: ApiError | null;
  onCancel: () => void;
}

export function RerouteDialog(props: DialogProps & { printers: readonly Printer[]; onReroute: (printerId: string) => void }) {
  const { t } = useTranslation();
  const targets = rerouteTargets(props.job, props.printers);
  const [printerId, setPrinterId] = useState(targets[0]?.id ?? '');
  return (
    <Modal title={t('printQueue.rerouteTitle', { label: props.job.label })} onClose={props.onCancel} isBusy={props.isBusy} testId="reroute-dialog">
      {targets.length === 0 ? (
        <p className="muted">{t('printQueue.noOtherPrinter')}</p>
      ) : (
        <label className="field">
          <span className="field-label">{t('printQueue.rerouteTo')}</span>
          <select className="input" value={printerId} onChange={(e) => setPrinterId(e.target.value)} data-autofocus>
            {targets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {t(`printers.status.states.${p.status.state}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <DialogFooter
        error={props.error}
        isBusy={props.isBusy}
        onCancel={props.onCancel}
        submitLabel={t('printQueue.rerouteSubmit')}
        isSubmitDisabled={printerId === ''}
        onSubmit={() => props.onReroute(printerId)}
      />
    </Modal>
  );
}

/** Two steps: the reason, then "are you sure" (a cancelled print does not come back by itself). */
export function CancelJobDialog(props: DialogProps & { onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [isMissing, setMissing] = useState(false);
  const [isAsking, setAsking] = useState(false);
  if (isAsking) {
    return (
      <ConfirmDialog
        title={t('printQueue.cancelTitle', { label: props.job.label })}
        text={`${t('printQueue.cancelledBecause', { reason: reason.trim() })} — ${t('printQueue.cancelText')}`}
        confirmLabel={t('printQueue.cancelSubmit')}
        isBusy={props.isBusy}
        error={props.error}
        onConfirm={() => props.onConfirm(reason.trim())}
        onCancel={() => setAsking(false)}
      />
    );
  }
  return (
    <Modal title={t('printQueue.cancelTitle', { label: props.job.label })} onClose={props.onCancel} testId="cancel-job-dialog">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim() === '') setMissing(true);
          else setAsking(true);
        }}
      >
        <p className="muted small">{t('printQueue.cancelText')}</p>
        <ReasonField
          label={t('printQueue.cancelReason')}
          placeholder={t('printQueue.cancelReasonPlaceholder')}
          value={reason}
          isMissing={isMissing}
          missingText={t('printQueue.reasonMissing')}
          onChange={(value) => {
            setReason(value);
            setMissing(false);
          }}
        />
        <DialogFooter cancelLabel={t('common.back')} onCancel={props.onCancel} submitLabel={t('printQueue.cancel')} isDanger />
      </form>
    </Modal>
  );
}

export function ConfirmPrintedDialog(props: DialogProps & { onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('printQueue.confirmTitle')}
      text={t('printQueue.confirmText', { label: props.job.label })}
      confirmLabel={t('printQueue.confirmSubmit')}
      isBusy={props.isBusy}
      error={props.error}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    />
  );
}

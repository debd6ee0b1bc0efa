// The question asked before anything irreversible (a refund, a closing).
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { ErrorAlert } from './error-alert.tsx';
import { Modal } from './modal.tsx';

export function ConfirmDialog(props: {
  title: string;
  text: string;
  confirmLabel: string;
  isBusy: boolean;
  error: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal title={props.title} onClose={props.onCancel} isBusy={props.isBusy}>
      <p className="confirm-text">{props.text}</p>
      <ErrorAlert error={props.error} />
      <div className="modal-actions">
        <button type="button" className="button" onClick={props.onCancel} disabled={props.isBusy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-danger" data-autofocus onClick={props.onConfirm} disabled={props.isBusy}>
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

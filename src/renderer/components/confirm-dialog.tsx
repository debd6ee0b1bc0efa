// The question asked before anything irreversible (a refund, a closing).
import type { ApiError } from '../../shared/api/errors.ts';
import { DialogFooter } from './dialog-footer.tsx';
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
  return (
    <Modal title={props.title} onClose={props.onCancel} isBusy={props.isBusy}>
      <p className="confirm-text">{props.text}</p>
      <DialogFooter error={props.error} isBusy={props.isBusy} onCancel={props.onCancel} submitLabel={props.confirmLabel} isDanger onSubmit={props.onConfirm} isSubmitFocused />
    </Modal>
  );
}

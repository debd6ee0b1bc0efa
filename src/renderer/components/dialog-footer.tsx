// The foot of a window that asks for something: what went wrong, then cancel (or back) and
// the button that does it, both held while the request runs.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { ErrorAlert } from './error-alert.tsx';

export function DialogFooter(props: {
  /** What the window itself found wrong before sending anything (an amount it cannot read). */
  problem?: string | null;
  /** The services' refusal. */
  error?: ApiError | null;
  errorTestId?: string;
  isBusy?: boolean;
  /** "Annuler" unless the window goes back to a step before it. */
  cancelLabel?: string;
  onCancel: () => void;
  submitLabel: string;
  isDanger?: boolean;
  /** Nothing to send yet (no method to choose, no order ticked), besides being busy. */
  isSubmitDisabled?: boolean;
  /** Without it the button submits the form the footer ends. */
  onSubmit?: () => void;
  /** A question without fields: the button that answers it has the focus. */
  isSubmitFocused?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.problem && (
        <p className="alert alert-error" role="alert">
          {props.problem}
        </p>
      )}
      <ErrorAlert error={props.error ?? null} testId={props.errorTestId} />
      <div className="modal-actions">
        <button type="button" className="button" disabled={props.isBusy} onClick={props.onCancel}>
          {props.cancelLabel ?? t('common.cancel')}
        </button>
        <button
          type={props.onSubmit ? 'button' : 'submit'}
          className={`button ${props.isDanger ? 'button-danger' : 'button-primary'}`}
          data-autofocus={props.isSubmitFocused || undefined}
          disabled={props.isBusy || props.isSubmitDisabled}
          onClick={props.onSubmit}
        >
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}

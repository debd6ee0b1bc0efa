// A refusal from the services, in the UI language (translated from its code and details).
import type { ApiError } from '../../shared/api/errors.ts';
import { useFormat } from '../format.ts';

export function ErrorAlert(props: { error: ApiError | null; testId?: string }) {
  const format = useFormat();
  if (!props.error) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid={props.testId} data-code={props.error.code}>
      {format.error(props.error)}
    </p>
  );
}

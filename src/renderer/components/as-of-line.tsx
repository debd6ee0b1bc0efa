// The line under an account screen's or report's title that says as of when it counts
// (accounts-as-of.ts); nothing on a standalone till.
import { useTranslation } from 'react-i18next';
import { asOfLine, type AsOf } from '../accounts-as-of.ts';
import { useFormat } from '../format.ts';

export function AsOfLine(props: { asOf: AsOf | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!props.asOf) return null;
  // the keys are the catalogue's (accounts-as-of.ts types them); i18next's overloads do not take a union of keys
  const translate = t as unknown as (key: string, values?: Record<string, string>) => string;
  const line = asOfLine(props.asOf, Date.now(), format, (key, values) => translate(key, values));
  if (!line) return null;
  return (
    <p className={`muted small as-of as-of-${line.state}`} data-testid="accounts-as-of" data-state={line.state} role="note">
      {line.text}
    </p>
  );
}

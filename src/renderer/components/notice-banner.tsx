// The till-wide message (see notice-store), with a way to dismiss it.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { useNotice } from '../stores/notice-store.ts';

export function NoticeBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const error = useNotice((s) => s.error);
  const dismiss = useNotice((s) => s.dismiss);
  if (!error) return null;
  return (
    <div className="notice">
      <span role="alert" data-testid="notice" data-code={error.code}>
        {format.error(error)}
      </span>
      <button type="button" className="button button-ghost" onClick={dismiss} aria-label={t('common.dismiss')}>
        ×
      </button>
    </div>
  );
}

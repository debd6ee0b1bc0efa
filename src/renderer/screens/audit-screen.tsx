// The audit log for supervisors: who did what, when, on which till.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { uiFr } from '../../shared/i18n/ui-fr.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useFormat } from '../format.ts';
import type { AuditEntry } from '../types.ts';

type KnownAction = keyof typeof uiFr.audit.actions;
const knownActions = Object.keys(uiFr.audit.actions) as KnownAction[];

function isKnownAction(action: string): action is KnownAction {
  return (knownActions as string[]).includes(action);
}

/** Details as "key: value"; amounts (…Minor) formatted. */
function detailsText(details: Record<string, unknown>, money: (amountMinor: number) => string): string {
  return Object.entries(details)
    .map(([key, value]) => {
      if (key.endsWith('Minor') && typeof value === 'number') return `${key.slice(0, -'Minor'.length)}: ${money(value)}`;
      return `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
    })
    .join(' · ');
}

export function AuditScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('audit.list', action === '' ? { limit: 200 } : { limit: 200, action }).then((result) => {
      if (result.ok) setEntries(result.value);
      else setError(result.error);
    });
  }, [action]);

  const actionLabel = (a: string) => (isKnownAction(a) ? t(`audit.actions.${a}`) : a);

  return (
    <main className="screen" aria-labelledby="audit-title">
      <div className="screen-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <label className="field field-inline">
          <span className="field-label">{t('audit.filter')}</span>
          <select className="input" value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">{t('audit.all')}</option>
            {knownActions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert error={error} />
      {entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <table className="table audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.user')}</th>
              <th scope="col">{t('audit.till')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td className="nowrap">{format.dateTime(e.atMs)}</td>
                <td>{e.userName}</td>
                <td>{e.tillId}</td>
                <td>{actionLabel(e.action)}</td>
                <td className="details">{detailsText(e.details, format.money)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

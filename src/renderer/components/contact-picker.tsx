// Choosing the buyer (F4): search contacts by name, first name, e-mail or city.
// A contact with a credit balance shows a coins sign; its tooltip gives the amount.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import type { Contact } from '../types.ts';
import { ErrorAlert } from './error-alert.tsx';
import { Modal } from './modal.tsx';

function contactName(c: Contact): string {
  return c.firstName ? `${c.firstName} ${c.name}` : c.name;
}

export function ContactPicker(props: { onPick: (contact: Contact | null) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; contacts: Contact[] }>({ query: '\u0000', contacts: [] });
  const [error, setError] = useState<ApiError | null>(null);
  /** Enter pressed before the search answered: pick the first match when it does. */
  const [isPickPending, setPickPending] = useState(false);
  const contacts = found.contacts;
  const isCurrent = found.query === query;

  useEffect(() => {
    let isLatest = true;
    void call('contacts.search', { query, limit: 20 }).then((result) => {
      if (!isLatest) return;
      if (result.ok) {
        setFound({ query, contacts: result.value });
        setError(null);
      } else setError(result.error);
    });
    return () => {
      isLatest = false;
    };
  }, [query]);

  const { onPick } = props;
  useEffect(() => {
    if (!isPickPending || !isCurrent) return;
    setPickPending(false);
    if (contacts[0]) onPick(contacts[0]);
  }, [isPickPending, isCurrent, contacts, onPick]);

  return (
    <Modal title={t('contacts.title')} onClose={props.onClose} wide testId="contact-picker">
      <input
        className="input input-search"
        type="search"
        aria-label={t('contacts.search')}
        placeholder={t('contacts.search')}
        value={query}
        data-autofocus
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          setPickPending(true);
        }}
      />
      <ErrorAlert error={error} />
      {contacts.length === 0 ? (
        <p className="muted">{t('contacts.noResults')}</p>
      ) : (
        <ul className="contact-list">
          {contacts.map((c) => (
            <li key={c.id}>
              <button type="button" className="contact" onClick={() => props.onPick(c)} aria-label={t('contacts.choose', { name: contactName(c) })}>
                <span className="contact-name">{contactName(c)}</span>
                <span className="contact-meta">
                  {t(`contacts.${c.kind}`)} · {c.city}
                  {c.email ? ` · ${c.email}` : ''}
                </span>
                {c.creditBalanceMinor !== 0 && (
                  <span className="coins" title={t('contacts.creditBalance', { amount: format.money(c.creditBalanceMinor) })}>
                    🪙 {format.money(c.creditBalanceMinor)}
                  </span>
                )}
                {c.deferredAuthorised && <span className="tag">{t('contacts.deferred')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={() => props.onPick(null)}>
          {t('contacts.stayAnonymous')}
        </button>
        <button type="button" className="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

export { contactName };

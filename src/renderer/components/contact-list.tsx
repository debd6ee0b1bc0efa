// Contacts found by name, first name, e-mail or city, each with its coins sign when it
// has a credit balance. Shared by the buyer picker, the Solde avoir screen and the reports.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { call } from '../api-client.ts';
import type { Contact } from '../types.ts';
import { CoinsBadge } from './coins-badge.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';

export { contactName };

export interface ContactSearch {
  contacts: Contact[];
  /** The contacts shown answer the query typed (not an earlier one). */
  isCurrent: boolean;
  error: ApiError | null;
}

/** Searches as the query changes; an answer to an older query never replaces a newer one. */
export function useContactSearch(query: string, limit = 20, refreshKey = 0): ContactSearch {
  const [found, setFound] = useState<{ query: string; contacts: Contact[] }>({ query: '\u0000', contacts: [] });
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let isLatest = true;
    void call('contacts.search', { query, limit }).then((result) => {
      if (!isLatest) return;
      if (result.ok) {
        setFound({ query, contacts: result.value });
        setError(null);
      } else setError(result.error);
    });
    return () => {
      isLatest = false;
    };
  }, [query, limit, refreshKey]);
  return { contacts: found.contacts, isCurrent: found.query === query, error };
}

export function ContactList(props: { contacts: readonly Contact[]; onPick: (contact: Contact) => void; selectedId?: string | null }) {
  const { t } = useTranslation();
  if (props.contacts.length === 0) return <p className="muted">{t('contacts.noResults')}</p>;
  return (
    <ul className="contact-list">
      {props.contacts.map((c) => (
        <li key={c.id} className={`contact-row${c.id === props.selectedId ? ' is-selected' : ''}`} data-testid="contact-row" data-contact={c.id}>
          <button
            type="button"
            className="contact"
            aria-current={c.id === props.selectedId ? 'true' : undefined}
            onClick={() => props.onPick(c)}
            aria-label={t('contacts.choose', { name: contactName(c) })}
          >
            <span className="contact-name">{contactName(c)}</span>
            <span className="contact-meta">
              {t(`contacts.${c.kind}`)} · {c.city}
              {c.email ? ` · ${c.email}` : ''}
            </span>
            {c.deferredAuthorised && <span className="tag">{t('contacts.deferred')}</span>}
          </button>
          <CoinsBadge amountMinor={c.creditBalanceMinor} showAmount />
          <OverdraftFlag amountMinor={c.overdraftMinor} />
        </li>
      ))}
    </ul>
  );
}

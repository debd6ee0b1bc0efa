// Compte d'attente (seed 000, "écran Compte d'attente en Vente"): find the account by a
// contact's name or by an invoice number (or its payment reference), then its state,
// installments, invoices and history; new contacts; the institution's default for
// organisations (administrators).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ContactCreateDialog } from '../components/contact-create-dialog.tsx';
import { ContactList, useContactSearch } from '../components/contact-list.tsx';
import { DeferredAccountView } from '../components/deferred-account-view.tsx';
import { DeferredDefaultsPanel } from '../components/deferred-settings.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useFormat } from '../format.ts';
import { useAuth, useCan } from '../stores/auth-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useUi } from '../stores/ui-store.ts';
import type { Contact, DeferredAccount } from '../types.ts';

type Lookup = { contactId: string } | { invoiceNumber: string };

/** The invoice a typed number or payment reference names among the account's invoices. */
function invoiceNamed(account: DeferredAccount, typed: string): string | null {
  const number = typed.trim().toUpperCase();
  const reference = typed.replace(/\s/g, '');
  return account.invoices.find((i) => i.number === number || i.reference === reference)?.id ?? null;
}

function InvoiceLookup(props: { onFind: (number: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <form
      className="invoice-lookup"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() !== '') props.onFind(text.trim());
      }}
    >
      <label className="field">
        <span className="field-label">{t('deferred.byInvoice')}</span>
        <span className="input-with-button">
          <input className="input" autoComplete="off" placeholder={t('deferred.byInvoicePlaceholder')} value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit" className="button">
            {t('deferred.find')}
          </button>
        </span>
      </label>
    </form>
  );
}

export function DeferredScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const mayCreate = useCan('contact:create');
  const mayConfigure = useCan('admin:configure');
  const [query, setQuery] = useState('');
  const [searchKey, setSearchKey] = useState(0);
  const search = useContactSearch(query, 20, searchKey);
  const [account, setAccount] = useState<DeferredAccount | null>(null);
  const [invoiceId, setInvoiceId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isCreating, setCreating] = useState(false);
  const [created, setCreated] = useState<Contact | null>(null);

  const load = useCallback(async (lookup: Lookup) => {
    const result = await call('deferred.account', lookup);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setAccount(result.value);
    setInvoiceId('invoiceNumber' in lookup ? invoiceNamed(result.value, lookup.invoiceNumber) : null);
  }, []);

  // the settlement methods come with the catalogue; another screen may open an account here
  useEffect(() => {
    if (useCatalogue.getState().methods.length === 0 && useAuth.getState().permissions.includes('sale:read')) void useCatalogue.getState().load();
    const target = useUi.getState().takeTarget('deferred');
    if (target) void load({ contactId: target.contactId });
  }, [load]);

  const pick = (contact: Contact) => {
    setCreated(null);
    void load({ contactId: contact.id });
  };

  return (
    <main className="deferred-screen">
      <section className="panel deferred-contacts" aria-labelledby="deferred-title">
        <h1 id="deferred-title" className="panel-title">
          {t('deferred.title')}
        </h1>
        <input
          className="input input-search"
          type="search"
          aria-label={t('deferred.search')}
          placeholder={t('contacts.search')}
          value={query}
          autoFocus
          onChange={(event) => setQuery(event.target.value)}
        />
        <InvoiceLookup
          onFind={(invoiceNumber) => {
            setCreated(null);
            void load({ invoiceNumber });
          }}
        />
        <ErrorAlert error={search.error} />
        <ContactList contacts={search.contacts} selectedId={account?.contact.id ?? null} onPick={pick} />
        {mayCreate && (
          <div className="actions deferred-new-contact">
            <button type="button" className="button" onClick={() => setCreating(true)}>
              {t('contactForm.open')}
            </button>
          </div>
        )}
        {mayConfigure && <DeferredDefaultsPanel />}
      </section>
      <section className="panel deferred-account" aria-labelledby={account ? 'deferred-contact' : undefined} data-testid="deferred-account">
        <ErrorAlert error={error} testId="deferred-error" />
        {created && (
          <p className="alert alert-success" role="status" data-testid="contact-created">
            {created.deferredAuthorised
              ? t('contactForm.createdAuthorised', { limit: format.money(created.deferredLimitMinor) })
              : t('contactForm.createdNotAuthorised')}
          </p>
        )}
        {account ? (
          <DeferredAccountView
            key={account.contact.id}
            account={account}
            invoiceId={invoiceId}
            onChanged={(next) => {
              setSearchKey((k) => k + 1);
              if (next) setAccount(next);
              else void load({ contactId: account.contact.id });
            }}
          />
        ) : (
          <p className="empty">{t('deferred.choose')}</p>
        )}
      </section>
      {isCreating && (
        <ContactCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(contact) => {
            setCreating(false);
            setQuery(contact.name);
            setSearchKey((k) => k + 1);
            void load({ contactId: contact.id }).then(() => setCreated(contact));
          }}
        />
      )}
    </main>
  );
}

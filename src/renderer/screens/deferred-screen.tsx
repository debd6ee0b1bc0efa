// Compte d'attente (seed 000, "écran Compte d'attente en Vente"): find the account by a
// contact's name or by an invoice number (or its payment reference), then its state,
// installments, invoices and history; new contacts; the institution's default for
// organisations (administrators).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ContactCreateDialog } from '../components/contact-create-dialog.tsx';
import { ContactList, useContactSearch, type ContactSearch } from '../components/contact-list.tsx';
import { DeferredAccountView } from '../components/deferred-account-view.tsx';
import { DeferredDefaultsPanel } from '../components/deferred-settings.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useFormat } from '../format.ts';
import { useAuth, useCan } from '../stores/auth-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useSystem } from '../stores/system-store.ts';
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
  const tillId = useSystem((s) => s.info?.till.id ?? 'G1');
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
          <input className="input" autoComplete="off" placeholder={t('deferred.byInvoicePlaceholder', { tillId })} value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit" className="button">
            {t('deferred.find')}
          </button>
        </span>
      </label>
    </form>
  );
}

/** The account shown, found by contact or invoice number; one another screen asked for is opened at once. */
function useDeferredAccount() {
  const [account, setAccount] = useState<DeferredAccount | null>(null);
  const [invoiceId, setInvoiceId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

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
  return { account, setAccount, invoiceId, error, load };
}

/** The left panel: contacts by name, an account by invoice number, a new contact, the institution's default. */
function ContactsPanel(props: { query: string; onQuery: (q: string) => void; search: ContactSearch; selectedId: string | null; onPick: (c: Contact) => void; onInvoice: (number: string) => void; onCreate: () => void }) {
  const { t } = useTranslation();
  const mayCreate = useCan('contact:create');
  const mayConfigure = useCan('admin:configure');
  return (
    <section className="panel deferred-contacts" aria-labelledby="deferred-title">
      <h1 id="deferred-title" className="panel-title">
        {t('deferred.title')}
      </h1>
      <input
        className="input input-search"
        type="search"
        aria-label={t('deferred.search')}
        placeholder={t('contacts.search')}
        value={props.query}
        autoFocus
        onChange={(event) => props.onQuery(event.target.value)}
      />
      <InvoiceLookup onFind={props.onInvoice} />
      <ErrorAlert error={props.search.error} />
      <ContactList contacts={props.search.contacts} selectedId={props.selectedId} onPick={props.onPick} />
      {mayCreate && (
        <div className="actions deferred-new-contact">
          <button type="button" className="button" onClick={props.onCreate}>
            {t('contactForm.open')}
          </button>
        </div>
      )}
      {mayConfigure && <DeferredDefaultsPanel />}
    </section>
  );
}

function CreatedNotice({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="alert alert-success" role="status" data-testid="contact-created">
      {contact.deferredAuthorised ? t('contactForm.createdAuthorised', { limit: format.money(contact.deferredLimitMinor) }) : t('contactForm.createdNotAuthorised')}
    </p>
  );
}

export function DeferredScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [searchKey, setSearchKey] = useState(0);
  const search = useContactSearch(query, 20, searchKey);
  const { account, setAccount, invoiceId, error, load } = useDeferredAccount();
  const [isCreating, setCreating] = useState(false);
  const [created, setCreated] = useState<Contact | null>(null);

  const find = (lookup: Lookup) => {
    setCreated(null);
    void load(lookup);
  };

  return (
    <main className="deferred-screen">
      <ContactsPanel
        query={query}
        onQuery={setQuery}
        search={search}
        selectedId={account?.contact.id ?? null}
        onPick={(contact) => find({ contactId: contact.id })}
        onInvoice={(invoiceNumber) => find({ invoiceNumber })}
        onCreate={() => setCreating(true)}
      />
      <section className="panel deferred-account" aria-labelledby={account ? 'deferred-contact' : undefined} data-testid="deferred-account">
        <ErrorAlert error={error} testId="deferred-error" />
        {created && <CreatedNotice contact={created} />}
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

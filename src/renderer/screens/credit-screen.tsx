// Solde avoir (seed 003, "Menu Solde avoir"): find a contact, see the balance and every
// movement with the running balance; supervisors fund it or pay it out.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { CoinsBadge } from '../components/coins-badge.tsx';
import { OverdraftFlag } from '../components/overdraft-flag.tsx';
import { ContactList, contactName, useContactSearch, type ContactSearch } from '../components/contact-list.tsx';
import { CreditHistoryTable } from '../components/credit-history-table.tsx';
import { CreditOperationDialog, operationMethods, type CreditOperation, type CreditOperationResult } from '../components/credit-operation-dialog.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { AsOfLine } from '../components/as-of-line.tsx';
import type { AsOf } from '../accounts-as-of.ts';
import { Money } from '../components/money.tsx';
import { useFormat } from '../format.ts';
import { useCan } from '../stores/auth-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { Contact, CreditMovement } from '../types.ts';

function OperationButtons(props: { contact: Contact; onOpen: (operation: CreditOperation) => void }) {
  const { t } = useTranslation();
  const mayManage = useCan('credit:manage');
  const methods = useCatalogue((s) => s.methods);
  const fundMethods = operationMethods(methods, 'fund');
  const payOutMethods = operationMethods(methods, 'payOut');
  const hasBalance = props.contact.creditBalanceMinor > 0;
  const reasons = !mayManage
    ? [t('credit.supervisorOnly')]
    : [
        ...(fundMethods.length === 0 ? [t('credit.noFundMethods')] : []),
        ...(payOutMethods.length === 0 ? [t('credit.noPayOutMethods')] : []),
        ...(!hasBalance ? [t('credit.nothingToPayOut')] : []),
      ];
  return (
    <div className="credit-actions">
      <div className="actions">
        <button type="button" className="button button-primary" disabled={!mayManage || fundMethods.length === 0} onClick={() => props.onOpen('fund')}>
          {t('credit.fund')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!mayManage || payOutMethods.length === 0 || !hasBalance}
          onClick={() => props.onOpen('payOut')}
        >
          {t('credit.payOut')}
        </button>
      </div>
      {reasons.map((reason) => (
        <p key={reason} className="muted small credit-reason" data-testid="credit-reason">
          {reason}
        </p>
      ))}
    </div>
  );
}

function AccountHead({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <header className="credit-head">
      <div>
        <h2 id="credit-contact">{contactName(contact)}</h2>
        <p className="muted">
          {t(`contacts.${contact.kind}`)} · {contact.city}
          {contact.email ? ` · ${contact.email}` : ''}
        </p>
      </div>
      <div className="credit-balance">
        <span className="credit-balance-label">
          {t('credit.balance')} <CoinsBadge amountMinor={contact.creditBalanceMinor} testId="account-coins" />{' '}
          <OverdraftFlag amountMinor={contact.overdraftMinor} testId="account-overdraft" />
        </span>
        <Money minor={contact.creditBalanceMinor} testId="credit-balance" />
      </div>
    </header>
  );
}

/** The contact shown with their movements; the methods to fund with come with the catalogue. */
function useCreditAccount() {
  const [contact, setContact] = useState<Contact | null>(null);
  const [movements, setMovements] = useState<CreditMovement[]>([]);
  const [asOf, setAsOf] = useState<AsOf | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (contactId: string) => {
    const result = await call('credit.history', { contactId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setContact(result.value.contact);
    setMovements(result.value.movements);
    setAsOf(result.value.asOf);
  }, []);

  // the methods a supervisor may fund with come with the catalogue; make sure they are there
  useEffect(() => {
    if (useCatalogue.getState().methods.length === 0) void useCatalogue.getState().load();
  }, []);

  /** Shows a contact found by the search at once, then their history. */
  const show = (c: Contact) => {
    setContact(c);
    setMovements([]);
    setAsOf(null);
    void load(c.id);
  };
  return { contact, setContact, movements, asOf, error, load, show };
}

function CreditContactsPanel(props: { query: string; onQuery: (q: string) => void; search: ContactSearch; selectedId: string | null; onPick: (c: Contact) => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel credit-contacts" aria-labelledby="credit-title">
      <h1 id="credit-title" className="panel-title">
        {t('credit.title')}
      </h1>
      <input
        className="input input-search"
        type="search"
        aria-label={t('credit.search')}
        placeholder={t('credit.search')}
        value={props.query}
        autoFocus
        onChange={(event) => props.onQuery(event.target.value)}
      />
      <ErrorAlert error={props.search.error} />
      <ContactList contacts={props.search.contacts} selectedId={props.selectedId} onPick={props.onPick} />
    </section>
  );
}

export function CreditScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const [query, setQuery] = useState('');
  const [searchKey, setSearchKey] = useState(0);
  const search = useContactSearch(query, 20, searchKey);
  const { contact, setContact, movements, asOf, error, load, show } = useCreditAccount();
  const [operation, setOperation] = useState<CreditOperation | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const methods = useCatalogue((s) => s.methods);

  const onDone = (result: CreditOperationResult, amountMinor: number) => {
    setDone(t(operation === 'fund' ? 'credit.fundDone' : 'credit.payOutDone', { amount: format.money(amountMinor) }));
    setOperation(null);
    setContact(result.contact);
    setSearchKey((k) => k + 1);
    void load(result.contact.id);
  };

  return (
    <main className="credit-screen">
      <CreditContactsPanel
        query={query}
        onQuery={setQuery}
        search={search}
        selectedId={contact?.id ?? null}
        onPick={(c) => {
          setDone(null);
          show(c);
        }}
      />
      <section className="panel credit-account" aria-labelledby={contact ? 'credit-contact' : undefined}>
        <ErrorAlert error={error} />
        {contact ? (
          <>
            <AccountHead contact={contact} />
            <OperationButtons
              contact={contact}
              onOpen={(op) => {
                setDone(null);
                setOperation(op);
              }}
            />
            {done && (
              <p className="alert alert-success" role="status">
                {done}
              </p>
            )}
            <AsOfLine asOf={asOf} />
            <CreditHistoryTable movements={movements} />
            {operation && <CreditOperationDialog operation={operation} contact={contact} methods={operationMethods(methods, operation)} onDone={onDone} onClose={() => setOperation(null)} />}
          </>
        ) : (
          <p className="empty">{t('credit.choose')}</p>
        )}
      </section>
    </main>
  );
}

// Choosing a contact in a window: the buyer (F4) or a contact for a report. Typing
// searches by name, first name, e-mail or city; Enter takes the first match. Where the
// caller allows it, a contact nobody found is created here and taken (issue 17).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../types.ts';
import { ContactCreateDialog } from './contact-create-dialog.tsx';
import { ContactList, contactName, useContactSearch } from './contact-list.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Modal } from './modal.tsx';

export function ContactPicker(props: {
  onPick: (contact: Contact | null) => void;
  onClose: () => void;
  /** The window's title; the buyer's by default. */
  title?: string;
  /** Whether "stay anonymous" is offered (the buyer of a sale): true by default. */
  mayStayAnonymous?: boolean;
  /** Whether "new contact…" is offered (the buyer of a sale, for who may create one): false by default. */
  mayCreate?: boolean;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const { contacts, isCurrent, error } = useContactSearch(query);
  /** Enter pressed before the search answered: pick the first match when it does. */
  const [isPickPending, setPickPending] = useState(false);
  const [isCreating, setCreating] = useState(false);

  const { onPick } = props;
  useEffect(() => {
    if (!isPickPending || !isCurrent) return;
    setPickPending(false);
    if (contacts[0]) onPick(contacts[0]);
  }, [isPickPending, isCurrent, contacts, onPick]);

  return (
    <Modal title={props.title ?? t('contacts.title')} onClose={props.onClose} wide testId="contact-picker">
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
      <ContactList contacts={contacts} onPick={props.onPick} />
      <div className="modal-actions">
        {props.mayCreate && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('contactForm.open')}
          </button>
        )}
        {(props.mayStayAnonymous ?? true) && (
          <button type="button" className="button" onClick={() => props.onPick(null)}>
            {t('contacts.stayAnonymous')}
          </button>
        )}
        <button type="button" className="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      {isCreating && <ContactCreateDialog initialName={query} onClose={() => setCreating(false)} onCreated={(contact) => props.onPick(contact)} />}
    </Modal>
  );
}

export { contactName };

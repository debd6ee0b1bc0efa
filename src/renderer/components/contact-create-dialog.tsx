// A new contact (cashiers and supervisors): an organisation or a person, with the postal
// address invoices need. An organisation may pay on account from the start when the
// institution says so; the services decide and the answer says which.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useSystem } from '../stores/system-store.ts';
import { addressFields, contactInput, type TextField } from '../contact-input.ts';
import type { Contact, ContactDraft } from '../types.ts';
import { ErrorAlert } from './error-alert.tsx';
import { Modal } from './modal.tsx';

export function ContactCreateDialog(props: { onCreated: (contact: Contact) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const country = useSystem((s) => s.info?.institution.country ?? 'CH');
  const [kind, setKind] = useState<ContactDraft['kind']>('organization');
  const [fields, setFields] = useState<Record<TextField, string>>({ name: '', firstName: '', email: '', street: '', buildingNumber: '', postcode: '', city: '', country });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const field = (key: TextField, options: { autoFocus?: boolean; wide?: boolean } = {}) => (
    <label className={`field${options.wide ? ' field-wide' : ''}`} key={key}>
      <span className="field-label">{t(`contactForm.${key}`)}</span>
      <input
        className="input"
        autoComplete="off"
        data-autofocus={options.autoFocus ? true : undefined}
        maxLength={key === 'country' ? 2 : undefined}
        value={fields[key]}
        onChange={(event) => {
          setFields({ ...fields, [key]: event.target.value });
          setProblem(null);
          setError(null);
        }}
      />
    </label>
  );

  const submit = async () => {
    if (fields.name.trim() === '') return setProblem(t('contactForm.nameMissing'));
    if (!/^[A-Za-z]{2}$/.test(fields.country.trim())) return setProblem(t('contactForm.countryInvalid'));
    setBusy(true);
    const result = await call('contacts.create', contactInput(kind, fields));
    setBusy(false);
    if (!result.ok) return setError(result.error);
    props.onCreated(result.value);
  };

  return (
    <Modal title={t('contactForm.title')} onClose={props.onClose} isBusy={isBusy} wide testId="contact-create">
      <form
        className="contact-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="segmented" role="group" aria-label={t('contactForm.kind')}>
          {(['organization', 'individual'] as const).map((k) => (
            <button key={k} type="button" className="segment" aria-pressed={kind === k} onClick={() => setKind(k)}>
              {t(`contacts.${k}`)}
            </button>
          ))}
        </div>
        <div className="form-grid">
          {field('name', { autoFocus: true, wide: kind === 'organization' })}
          {kind === 'individual' && field('firstName')}
          {field('email', { wide: true })}
          {addressFields.map((key) => field(key))}
        </div>
        <p className="muted small">{t(kind === 'organization' ? 'contactForm.organizationHint' : 'contactForm.individualHint')}</p>
        {problem && (
          <p className="alert alert-error" role="alert">
            {problem}
          </p>
        )}
        <ErrorAlert error={error} />
        <div className="modal-actions">
          <button type="button" className="button" disabled={isBusy} onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={isBusy}>
            {t('contactForm.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

// A new contact (cashiers and supervisors): an organisation or a person, with the postal
// address invoices need. An organisation may pay on account from the start when the
// institution says so; the services decide and the answer says which.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useSystem } from '../stores/system-store.ts';
import { contactInput, type TextField } from '../contact-input.ts';
import type { Contact, ContactDraft } from '../types.ts';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';

export function ContactCreateDialog(props: { onCreated: (contact: Contact) => void; onClose: () => void; /** The name typed in a search that found nobody. */ initialName?: string }) {
  const { t } = useTranslation();
  const country = useSystem((s) => s.info?.institution.country ?? 'CH');
  const [kind, setKind] = useState<ContactDraft['kind']>('organization');
  const [fields, setFields] = useState<Record<TextField, string>>({ name: props.initialName?.trim() ?? '', firstName: '', email: '', street: '', buildingNumber: '', postcode: '', city: '', country });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  /** A field over 1, 2 or 3 columns of the form's grid. */
  const field = (key: TextField, span: 1 | 2 | 3, options: { autoFocus?: boolean } = {}) => (
    <label className={`field span-${span}`} key={key}>
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
        <div className="contact-grid">
          {field('name', kind === 'organization' ? 3 : 2, { autoFocus: true })}
          {kind === 'individual' && field('firstName', 1)}
          {field('email', 3)}
          {field('street', 2)}
          {field('buildingNumber', 1)}
          {field('postcode', 1)}
          {field('city', 2)}
          {field('country', 1)}
        </div>
        <p className="muted small">{t(kind === 'organization' ? 'contactForm.organizationHint' : 'contactForm.individualHint')}</p>
        <DialogFooter problem={problem} error={error} isBusy={isBusy} onCancel={props.onClose} submitLabel={t('contactForm.submit')} />
      </form>
    </Modal>
  );
}

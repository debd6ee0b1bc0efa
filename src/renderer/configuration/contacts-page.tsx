// The contacts page: find a contact, correct its name, kind, address, email and phone (an
// invoice's address must be correctable), add one, and import a CSV file (contacts-import).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ContactFields, type ContactDetail } from '../../shared/api/configuration-schemas.ts';
import type { Contact } from '../../shared/api/schemas.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, type Problems } from './config-form.ts';
import { Field, PageHead, Saved, SearchBox, TextField, useSave } from './config-ui.tsx';
import { ContactsImport } from './contacts-import.tsx';
import { useAuth } from '../stores/auth-store.ts';

type Detail = z.output<typeof ContactDetail>;
type Fields = z.input<typeof ContactFields>;
const fieldNames = ['name', 'firstName', 'email', 'phone', 'street', 'buildingNumber', 'postcode', 'city', 'country'] as const;
const emptyFields: Fields = { kind: 'individual', name: '', firstName: '', email: '', phone: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH' };

function fieldsOf(d: Detail): Fields {
  return { kind: d.kind, name: d.name, firstName: d.firstName, email: d.email, phone: d.phone, street: d.street, buildingNumber: d.buildingNumber, postcode: d.postcode, city: d.city, country: d.country };
}

/** Creates the contact (contacts.create has no phone: a phone given is written by an update after). */
async function createContact(fields: z.output<typeof ContactFields>) {
  const { phone, ...rest } = fields;
  const created = await call('contacts.create', rest);
  if (!created.ok || phone === '') return created;
  return call('contacts.update', { ...fields, contactId: created.value.id });
}

/** A contact's fields; read only for a user who may not correct contacts (contact:update), or create one (contact:create: the counter's roles). */
function ContactForm(props: { detail: Detail | null; mayEdit: boolean; onSaved: (name: string, id: string) => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Fields>(props.detail ? fieldsOf(props.detail) : emptyFields);
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const [createError, setCreateError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);
  const submit = async () => {
    const checked = check(ContactFields, fields);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    setCreateError(null);
    if (props.detail) {
      const answer = await save.run('contacts.update', { ...checked.value, contactId: props.detail.id });
      if (answer.ok) props.onSaved(answer.value.name, answer.value.id);
      return;
    }
    const answer = await createContact(checked.value);
    if (answer.ok) props.onSaved(answer.value.name, answer.value.id);
    else setCreateError(answer.error);
  };
  return (
    <form className="config-form" noValidate aria-label={t('config.contacts.form')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3 className="section-title">{props.detail ? props.detail.name : t('config.contacts.new')}</h3>
      {!props.mayEdit && <p className="muted small" data-testid="contact-read-only">{t('config.contacts.readOnly')}</p>}
      <fieldset className="plain-fieldset" disabled={!props.mayEdit}>
      <Field id="contact-kind" label={t('config.contacts.kind')}>
        <select id="contact-kind" className="input" value={fields.kind} onChange={(e) => setFields({ ...fields, kind: e.target.value as Fields['kind'] })}>
          <option value="individual">{t('config.contacts.individual')}</option>
          <option value="organization">{t('config.contacts.organization')}</option>
        </select>
      </Field>
      <div className="form-grid">
        {fieldNames.map((name) => (
          <TextField key={name} id={`contact-${name}`} label={t(`config.contacts.fields.${name}`)} value={fields[name] ?? ''} onChange={(value) => setFields({ ...fields, [name]: value })} problem={problems[name]} className={name === 'street' || name === 'email' ? 'span-2' : undefined} type={name === 'email' ? 'email' : 'text'} />
        ))}
      </div>
      </fieldset>
      <ErrorAlert error={save.error ?? createError} testId="config-error" />
      {props.mayEdit && <div className="actions"><button type="submit" className="button button-primary" disabled={save.isBusy}>{props.detail ? t('config.save') : t('config.contacts.create')}</button></div>}
    </form>
  );
}

function useContactSearch(query: string, version: number) {
  const [found, setFound] = useState<z.output<typeof Contact>[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      void call('contacts.search', { query, limit: 50 }).then((r) => r.ok && setFound(r.value));
    }, 150);
    return () => clearTimeout(timer);
  }, [query, version]);
  return found;
}

export function ContactsPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [version, setVersion] = useState(0);
  const [isImporting, setImporting] = useState(false);
  const found = useContactSearch(query, version);
  const mayCreate = useAuth((s) => s.permissions.includes('contact:create'));
  const mayCorrect = useAuth((s) => s.permissions.includes('contact:update'));
  const [selected, setSelected] = useState<{ key: number; detail: Detail | null }>({ key: 0, detail: null });
  const [error, setError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const open = async (contactId: string) => {
    const answer = await call('contacts.detail', { contactId });
    if (!answer.ok) return setError(answer.error);
    setError(null);
    setSelected((s) => ({ key: s.key + 1, detail: answer.value }));
  };
  return (
    <section className="config-page" data-testid="config-contacts">
      <PageHead title={t('config.pages.contacts')} intro={t('config.contacts.intro')}>
        {mayCreate && <button type="button" className="button button-small" onClick={() => { setImporting(false); setSaved(null); setSelected((s) => ({ key: s.key + 1, detail: null })); }}>{t('config.contacts.add')}</button>}
        <button type="button" className="button button-small" aria-pressed={isImporting} onClick={() => setImporting(!isImporting)}>{t('config.contacts.import')}</button>
      </PageHead>
      <ErrorAlert error={error} />
      <Saved text={saved} />
      {isImporting ? (
        <ContactsImport onImported={() => setVersion((v) => v + 1)} />
      ) : (
        <div className="config-split">
          <div className="config-list">
            <SearchBox id="contacts-search" value={query} onChange={setQuery} label={t('config.contacts.search')} />
            <ul className="config-cards" data-testid="contact-results">
              {found.map((c) => (
                <li key={c.id} className={`config-card${c.id === selected.detail?.id ? ' is-selected' : ''}`} data-name={c.name}>
                  <button type="button" className="link strong" onClick={() => { setSaved(null); void open(c.id); }}>{contactName(c)}</button>
                  <span className="muted small"> {c.city}{c.email && ` · ${c.email}`}</span>
                </li>
              ))}
            </ul>
            {found.length === 0 && <p className="empty">{query.trim() === '' ? t('config.contacts.typeToSearch') : t('config.noneFound')}</p>}
          </div>
          {selected.detail || mayCreate ? <ContactForm key={selected.key} detail={selected.detail} mayEdit={selected.detail ? mayCorrect : mayCreate} onSaved={(name, id) => { setSaved(t('config.savedName', { name })); setVersion((v) => v + 1); void open(id); }} /> : <p className="empty">{t('config.contacts.pick')}</p>}
        </div>
      )}
    </section>
  );
}

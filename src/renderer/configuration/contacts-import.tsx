// Importing contacts from a CSV file (UTF-8, ";" or ","): the file is read by the services
// without writing and shown row by row with what is wrong; the valid rows are then sent,
// checked again, and the report says what was made and which rows were rejected.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { z } from 'zod';
import type { ContactImportOutput, ContactImportPreview } from '../../shared/api/configuration-schemas.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useSave } from './config-ui.tsx';

type Preview = z.output<typeof ContactImportPreview>;
type Report = z.output<typeof ContactImportOutput>;

function PreviewTable(props: { preview: Preview }) {
  const { t } = useTranslation();
  return (
    <table className="table config-table" data-testid="import-preview">
      <caption>{t('config.import.summary', { valid: t('config.import.validRows', { count: props.preview.validCount }), invalid: t('config.import.rejectedRows', { count: props.preview.invalidCount }), delimiter: props.preview.delimiter })}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">{t('config.import.line')}</th>
          <th scope="col">{t('config.contacts.fields.name')}</th>
          <th scope="col">{t('config.contacts.fields.city')}</th>
          <th scope="col">{t('config.contacts.fields.email')}</th>
          <th scope="col">{t('config.import.problems')}</th>
        </tr>
      </thead>
      <tbody>
        {props.preview.rows.map((row) => (
          <tr key={row.line} className={row.errors.length > 0 ? 'is-rejected' : ''} data-line={row.line}>
            <td className="num">{row.line}</td>
            <td>{row.contact ? contactName(row.contact) : '—'}</td>
            <td>{row.contact?.city ?? ''}</td>
            <td>{row.contact?.email ?? ''}</td>
            <td className="field-problem">{row.errors.map((e) => e.message).join(' · ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportReport(props: { report: Report }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-success" role="status" data-testid="import-report">
      <p>{t('config.import.done', { count: props.report.importedCount })}</p>
      {props.report.rejected.length > 0 && (
        <ul className="import-rejected">
          {props.report.rejected.map((r) => (
            <li key={r.line}>{t('config.import.rejectedLine', { line: r.line })} {r.errors.map((e) => e.message).join(' · ')}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ContactsImport(props: { onImported: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const save = useSave();
  const read = async (file: File | undefined) => {
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
    setReport(null);
  };
  const showPreview = async () => {
    setReport(null);
    const answer = await save.run('contacts.importPreview', { csv });
    setPreview(answer.ok ? answer.value : null);
  };
  const valid = preview?.rows.flatMap((r) => (r.contact && r.errors.length === 0 ? [{ line: r.line, contact: r.contact }] : [])) ?? [];
  const runImport = async () => {
    const answer = await save.run('contacts.import', { requestId: ulid(), rows: valid });
    if (!answer.ok) return;
    setReport(answer.value);
    setPreview(null);
    props.onImported();
  };
  return (
    <div className="config-import" data-testid="contacts-import">
      <p className="muted small">{t('config.import.intro')}</p>
      <div className="form-inline-row">
        <label className="button button-small">
          {t('config.import.chooseFile')}
          <input type="file" accept=".csv,text/csv,text/plain" className="visually-hidden" data-testid="import-file" onChange={(e) => void read(e.target.files?.[0])} />
        </label>
        <button type="button" className="button button-small" disabled={csv.trim() === '' || save.isBusy} onClick={() => void showPreview()}>{t('config.import.preview')}</button>
        <button type="button" className="button button-small button-primary" disabled={valid.length === 0 || save.isBusy} onClick={() => void runImport()}>{t('config.import.run', { count: valid.length })}</button>
      </div>
      <label className="field-label" htmlFor="import-csv">{t('config.import.text')}</label>
      <textarea id="import-csv" className="input import-text" rows={6} value={csv} onChange={(e) => { setCsv(e.target.value); setPreview(null); }} spellCheck={false} />
      <ErrorAlert error={save.error} testId="config-error" />
      {report && <ImportReport report={report} />}
      {preview && <PreviewTable preview={preview} />}
    </div>
  );
}

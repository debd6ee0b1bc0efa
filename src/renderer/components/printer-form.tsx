// The technician's form for one printer: how it is reached (network, serial, USB, kernel
// file, virtual), paper width, code page, documents it prints, the drawer on it. Text that
// cannot be right is named field by field before anything is sent; the services check again.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { assertNever } from '../../shared/assert.ts';
import { baudRates, codePages, drawerSensors, flowControls, printerTransports, statusModes, ticketCodeKinds } from '../../shared/api/printing-schemas.ts';
import { call } from '../api-client.ts';
import { draftToInput, toggleDocument, withWidth, type DraftField, type DraftProblem, type Printer, type PrinterDraft } from '../printing-view.ts';
import { ErrorAlert } from './error-alert.tsx';

type Problems = Partial<Record<DraftField, DraftProblem>>;

function Field(props: { id: string; label: string; problem?: DraftProblem | undefined; hint?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field${props.problem ? ' has-problem' : ''}`}>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint && <span className="field-hint">{props.hint}</span>}
      {props.problem && (
        <span className="field-problem" role="alert" id={`${props.id}-problem`} data-testid="field-problem">
          {t(`printers.invalid.${props.problem}`)}
        </span>
      )}
    </div>
  );
}

function ConnectionFields(props: { draft: PrinterDraft; problems: Problems; set: (patch: Partial<PrinterDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, problems, set } = props;
  const invalid = (field: DraftField) => ({ 'aria-invalid': problems[field] ? true : undefined, 'aria-describedby': problems[field] ? `printer-${field}-problem` : undefined });
  switch (draft.transport) {
    case 'network':
      return (
        <div className="form-row">
          <Field id="printer-host" label={t('printers.fields.host')} problem={problems.host}>
            <input id="printer-host" className="input" value={draft.host} onChange={(e) => set({ host: e.target.value })} autoComplete="off" {...invalid('host')} />
          </Field>
          <Field id="printer-port" label={t('printers.fields.port')} problem={problems.port}>
            <input id="printer-port" className="input input-port" inputMode="numeric" value={draft.port} onChange={(e) => set({ port: e.target.value })} {...invalid('port')} />
          </Field>
        </div>
      );
    case 'serial':
      return (
        <div className="form-row">
          <Field id="printer-path" label={t('printers.fields.path')} problem={problems.path}>
            <input id="printer-path" className="input" placeholder={t('printers.fields.pathPlaceholder')} value={draft.path} onChange={(e) => set({ path: e.target.value })} {...invalid('path')} />
          </Field>
          <Field id="printer-baud" label={t('printers.fields.baudRate')}>
            <select id="printer-baud" className="input" value={draft.baudRate} onChange={(e) => set({ baudRate: Number(e.target.value) as PrinterDraft['baudRate'] })}>
              {baudRates.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </Field>
          <Field id="printer-flow" label={t('printers.fields.flowControl')}>
            <select id="printer-flow" className="input" value={draft.flowControl} onChange={(e) => set({ flowControl: e.target.value as PrinterDraft['flowControl'] })}>
              {flowControls.map((f) => (
                <option key={f} value={f}>
                  {t(`printers.flow.${f}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      );
    case 'usb':
      return (
        <div className="form-row">
          <Field id="printer-vendorId" label={t('printers.fields.vendorId')} problem={problems.vendorId}>
            <input id="printer-vendorId" className="input" value={draft.vendorId} onChange={(e) => set({ vendorId: e.target.value })} {...invalid('vendorId')} />
          </Field>
          <Field id="printer-productId" label={t('printers.fields.productId')} problem={problems.productId}>
            <input id="printer-productId" className="input" value={draft.productId} onChange={(e) => set({ productId: e.target.value })} {...invalid('productId')} />
          </Field>
          <Field id="printer-serialNumber" label={t('printers.fields.serialNumber')}>
            <input id="printer-serialNumber" className="input" value={draft.serialNumber} onChange={(e) => set({ serialNumber: e.target.value })} />
          </Field>
        </div>
      );
    case 'file':
      return (
        <Field id="printer-path" label={t('printers.fields.path')} problem={problems.path}>
          <input id="printer-path" className="input" placeholder={t('printers.fields.filePathPlaceholder')} value={draft.path} onChange={(e) => set({ path: e.target.value })} {...invalid('path')} />
        </Field>
      );
    case 'virtual':
      return null;
    default:
      return assertNever(draft.transport, 'transport');
  }
}

function PaperFields(props: { draft: PrinterDraft; set: (patch: Partial<PrinterDraft>) => void; onDraft: (draft: PrinterDraft) => void }) {
  const { t } = useTranslation();
  const { draft, set } = props;
  return (
    <div className="form-row">
      <fieldset className="field fieldset-inline">
        <legend className="field-label">{t('printers.fields.width')}</legend>
        {([58, 80] as const).map((w) => (
          <label key={w} className="check">
            <input type="radio" name="printer-width" checked={draft.widthMm === w} onChange={() => props.onDraft(withWidth(draft, w))} />
            {t(`printers.width.w${w}`)}
          </label>
        ))}
      </fieldset>
      <Field id="printer-codePage" label={t('printers.fields.codePage')} hint={t('printers.fields.codePageHint')}>
        <select id="printer-codePage" className="input" value={draft.codePage} onChange={(e) => set({ codePage: e.target.value as PrinterDraft['codePage'], codePageNumber: '' })}>
          {codePages.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

function DocumentAndDrawerFields(props: { draft: PrinterDraft; set: (patch: Partial<PrinterDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, set } = props;
  return (
    <>
      <fieldset className="field fieldset-inline">
        <legend className="field-label">{t('printers.fields.documents')}</legend>
        {(['receipt', 'ticket', 'report'] as const).map((d) => (
          <label key={d} className="check">
            <input type="checkbox" checked={draft.documents.includes(d)} onChange={() => set({ documents: toggleDocument(draft.documents, d) })} />
            {t(`printers.documents.${d}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <Field id="printer-ticketCode" label={t('printers.fields.ticketCode')}>
          <select id="printer-ticketCode" className="input" value={draft.ticketCode} onChange={(e) => set({ ticketCode: e.target.value as PrinterDraft['ticketCode'] })}>
            {ticketCodeKinds.map((k) => (
              <option key={k} value={k}>
                {t(`printers.ticketCodes.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="printer-drawerPin" label={t('printers.fields.drawerPin')}>
          <select
            id="printer-drawerPin"
            className="input"
            value={draft.drawerPin === null ? 'none' : String(draft.drawerPin)}
            onChange={(e) => set({ drawerPin: e.target.value === '2' ? 2 : e.target.value === '5' ? 5 : null })}
          >
            <option value="none">{t('printers.drawerPins.none')}</option>
            <option value="2">{t('printers.drawerPins.pin2')}</option>
            <option value="5">{t('printers.drawerPins.pin5')}</option>
          </select>
        </Field>
        <Field id="printer-drawerSensor" label={t('printers.fields.drawerSensor')}>
          <select
            id="printer-drawerSensor"
            className="input"
            value={draft.drawerSensor}
            disabled={draft.drawerPin === null}
            onChange={(e) => set({ drawerSensor: e.target.value as PrinterDraft['drawerSensor'] })}
          >
            {drawerSensors.map((s) => (
              <option key={s} value={s}>
                {t(`printers.sensors.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </>
  );
}

function AdvancedFields(props: { draft: PrinterDraft; problems: Problems; set: (patch: Partial<PrinterDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, problems, set } = props;
  return (
    <details className="advanced" open={problems.columns !== undefined || problems.codePageNumber !== undefined ? true : undefined}>
      <summary>{t('printers.fields.advanced')}</summary>
      <div className="form-row">
        <Field id="printer-columns" label={t('printers.fields.columns')} hint={t('printers.fields.columnsHint')} problem={problems.columns}>
          <input id="printer-columns" className="input" inputMode="numeric" value={draft.columns} onChange={(e) => set({ columns: e.target.value })} />
        </Field>
        <Field id="printer-codePageNumber" label={t('printers.fields.codePageNumber')} hint={t('printers.fields.codePageNumberHint')} problem={problems.codePageNumber}>
          <input id="printer-codePageNumber" className="input" inputMode="numeric" value={draft.codePageNumber} onChange={(e) => set({ codePageNumber: e.target.value })} />
        </Field>
        <Field id="printer-statusMode" label={t('printers.fields.statusMode')}>
          <select id="printer-statusMode" className="input" value={draft.statusMode} onChange={(e) => set({ statusMode: e.target.value as PrinterDraft['statusMode'] })}>
            {statusModes.map((m) => (
              <option key={m} value={m}>
                {t(`printers.statusModes.${m}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </details>
  );
}

export function PrinterForm(props: { draft: PrinterDraft; onDraft: (draft: PrinterDraft) => void; onSaved: (printer: Printer) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { draft, onDraft } = props;
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const set = (patch: Partial<PrinterDraft>) => onDraft({ ...draft, ...patch });

  const submit = async () => {
    const input = draftToInput(draft);
    setError(null);
    if (!input.ok) return setProblems(input.problems);
    setProblems({});
    setBusy(true);
    const result = await call('printers.save', input.value);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    props.onSaved(result.value);
  };

  return (
    <form
      className="panel printer-form"
      aria-labelledby="printer-form-title"
      data-testid="printer-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 id="printer-form-title" className="panel-title">
        {draft.id ? t('printers.editTitle', { name: draft.name }) : t('printers.newTitle')}
      </h2>
      <div className="form-row">
        <Field id="printer-name" label={t('printers.fields.name')} problem={problems.name}>
          <input id="printer-name" className="input" placeholder={t('printers.fields.namePlaceholder')} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-autofocus />
        </Field>
        <Field id="printer-transport" label={t('printers.fields.transport')}>
          <select id="printer-transport" className="input" value={draft.transport} onChange={(e) => set({ transport: e.target.value as PrinterDraft['transport'] })}>
            {printerTransports.map((tr) => (
              <option key={tr} value={tr}>
                {t(`printers.transports.${tr}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ConnectionFields draft={draft} problems={problems} set={set} />
      <PaperFields draft={draft} set={set} onDraft={onDraft} />
      <DocumentAndDrawerFields draft={draft} set={set} />
      <AdvancedFields draft={draft} problems={problems} set={set} />
      <label className="check">
        <input type="checkbox" checked={draft.isActive} onChange={(e) => set({ isActive: e.target.checked })} />
        {t('printers.fields.isActive')}
      </label>
      <ErrorAlert error={error} testId="printer-save-error" />
      <div className="actions">
        <button type="button" className="button" onClick={props.onCancel} disabled={isBusy}>
          {t('printers.cancelEdit')}
        </button>
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('printers.save')}
        </button>
      </div>
    </form>
  );
}

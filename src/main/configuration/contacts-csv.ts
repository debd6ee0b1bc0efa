// A CSV file of contacts read for the import's preview (issue 16): UTF-8 (a BOM forgiven),
// `;` or `,` found from the header, quoted fields with "" inside, a header line naming the
// columns in French or English. Nothing is written: each row is shown valid, or with its
// errors, and the import writes only the rows the administrator sends back.
import type { z } from 'zod';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { ContactFields } from '../../shared/api/configuration-schemas.ts';
import { contactsImportRowsMax } from '../../shared/limits.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { institutionOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import type { Env } from '../kernel/methods.ts';
import { rowError, rowProblems } from './contacts-config.ts';

type Fields = z.infer<typeof ContactFields>;
type FieldName = keyof Fields;

/** Header words (accents, case, spaces and punctuation aside) to the field they feed. */
const headerFields: Record<string, FieldName> = {
  nom: 'name', name: 'name', lastname: 'name', raisonsociale: 'name', organisation: 'name', organization: 'name',
  prenom: 'firstName', firstname: 'firstName',
  type: 'kind', kind: 'kind', genre: 'kind',
  email: 'email', mail: 'email', courriel: 'email',
  telephone: 'phone', tel: 'phone', phone: 'phone', mobile: 'phone', natel: 'phone',
  rue: 'street', street: 'street', adresse: 'street', address: 'street',
  numero: 'buildingNumber', no: 'buildingNumber', buildingnumber: 'buildingNumber', number: 'buildingNumber',
  npa: 'postcode', codepostal: 'postcode', cp: 'postcode', postcode: 'postcode', zip: 'postcode', plz: 'postcode',
  ville: 'city', localite: 'city', city: 'city', ort: 'city',
  pays: 'country', country: 'country', land: 'country',
};

/** "Code postal" → "codepostal", "Prénom" → "prenom". */
const headerKey = (header: string) => header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

const kindWords: Record<string, Fields['kind']> = {
  individual: 'individual', individu: 'individual', personne: 'individual', person: 'individual', particulier: 'individual', i: 'individual', p: 'individual',
  organization: 'organization', organisation: 'organization', structure: 'organization', entreprise: 'organization', company: 'organization', o: 'organization', s: 'organization',
};

/** The file's lines split into fields; a quote left open is malformed at the line it opened. */
export function parseCsv(text: string, delimiter: ';' | ','): Result<{ line: number; fields: string[] }[]> {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (ch === '"') isQuoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') isQuoted = true;
    else if (ch === delimiter) fields.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      (fields = []), (field = ''), (line += 1), (rowLine = line);
    } else field += ch;
  }
  if (isQuoted) return refuse('csv_malformed', { line: rowLine, reason: 'guillemet non fermé / quote not closed' });
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
  return ok(rows);
}

/** `;` unless the header has more commas than semicolons. */
function delimiterOf(headerLine: string): ';' | ',' {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

/** One row's fields as a contact would hold them, or its errors. */
function rowContact(ctx: Ctx, env: Env, columns: (FieldName | null)[], values: string[], country: string): { contact: Fields | null; errors: ReturnType<typeof rowError>[] } {
  const raw: Partial<Record<FieldName, string>> = {};
  columns.forEach((field, i) => {
    if (field && raw[field] === undefined) raw[field] = (values[i] ?? '').trim();
  });
  const errors: ReturnType<typeof rowError>[] = [];
  const kindText = headerKey(raw.kind ?? '');
  const kind = kindText === '' ? ((raw.firstName ?? '') !== '' ? 'individual' : 'organization') : kindWords[kindText];
  if (!kind) errors.push(rowError(ctx, env, 'kind', 'csv_field_invalid', { value: (raw.kind ?? '').slice(0, 80) }));
  if ((raw.name ?? '') === '') errors.push(rowError(ctx, env, 'name', 'csv_field_required'));
  const candidate = { kind: kind ?? 'individual', name: raw.name ?? '', firstName: raw.firstName ?? '', email: raw.email ?? '', phone: raw.phone ?? '', street: raw.street ?? '', buildingNumber: raw.buildingNumber ?? '', postcode: raw.postcode ?? '', city: raw.city ?? '', country: raw.country || country };
  const parsed = ContactFields.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field !== 'name' || candidate.name !== '') errors.push(rowError(ctx, env, field, 'csv_field_invalid', { value: String(candidate[field as FieldName] ?? '').slice(0, 80) }));
    }
  }
  return { contact: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}

/**
 * Reads the file without writing. Refused: an empty file or one without rows
 * (csv_empty), a header without a name column (csv_header_invalid), a quote left open
 * (csv_malformed), more rows than one import takes (csv_too_many_rows).
 */
export function previewContactImport(ctx: Ctx, input: ParsedInputOf<'contacts.importPreview'>, env: Env): Result<OutputOf<'contacts.importPreview'>> {
  const text = input.csv.replace(/^\uFEFF/, '');
  const delimiter = delimiterOf(text.split(/\r?\n/, 1)[0] ?? '');
  const parsed = parseCsv(text, delimiter);
  if (!parsed.ok) return parsed;
  const [header, ...lines] = parsed.value;
  if (!header || lines.length === 0) return refuse('csv_empty');
  const columns = header.fields.map((h) => headerFields[headerKey(h)] ?? null);
  if (!columns.includes('name')) return refuse('csv_header_invalid', { headers: header.fields.map((h) => h.trim()).slice(0, 20) });
  if (lines.length > contactsImportRowsMax) return refuse('csv_too_many_rows', { max: contactsImportRowsMax });
  const country = institutionOf(ctx.db).country;
  const seen = new Set<string>();
  const rows = lines.map(({ line, fields }) => {
    const read = rowContact(ctx, env, columns, fields, country);
    const errors = read.contact ? rowProblems(ctx, env, read.contact, seen) : read.errors;
    return { line, contact: errors.length === 0 ? read.contact : null, errors };
  });
  const validCount = rows.filter((r) => r.errors.length === 0).length;
  return ok({ delimiter, columns: header.fields.map((h, i) => ({ header: h.trim(), field: columns[i] ?? null })), rows, validCount, invalidCount: rows.length - validCount });
}

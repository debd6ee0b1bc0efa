// A new contact as the form holds it (every field a text) and as the services take it.
import type { ContactDraft } from './types.ts';

export type TextField = 'name' | 'firstName' | 'email' | 'street' | 'buildingNumber' | 'postcode' | 'city' | 'country';

/** The draft as the services take it: empty optional fields left out. */
export function contactInput(kind: ContactDraft['kind'], fields: Record<TextField, string>): ContactDraft {
  const draft: ContactDraft = { kind, name: fields.name.trim() };
  for (const key of ['firstName', 'email', 'street', 'buildingNumber', 'postcode', 'city'] as const) {
    const value = fields[key].trim();
    if (value !== '' && !(key === 'firstName' && kind === 'organization')) draft[key] = value;
  }
  const country = fields.country.trim().toUpperCase();
  if (country !== '') draft.country = country;
  return draft;
}

// The one name formatter (issue 17 point 7): first name then name, an organisation by its
// name; lists still sort by name then first name.
import { describe, expect, it } from 'vitest';
import { byNameThenFirstName, contactName } from './contact-name.ts';
import { byContactName } from './account-movements.ts';

describe('contactName', () => {
  it('names a person first name first and an organisation by its name alone', () => {
    expect(contactName({ name: 'Dupont', firstName: 'Marie' })).toBe('Marie Dupont');
    expect(contactName({ name: 'École du Bois-Gentil', firstName: '' })).toBe('École du Bois-Gentil');
  });
});

describe('the order of contacts', () => {
  it('is by name, then first name, in French collation, not by the shown name', () => {
    const people = [
      { contactId: 'c3', name: 'Favre', firstName: 'Élodie' },
      { contactId: 'c2', name: 'Dupont', firstName: 'Marie' },
      { contactId: 'c1', name: 'Dupont', firstName: 'Anne' },
      { contactId: 'c4', name: 'école', firstName: '' },
    ];
    expect([...people].sort(byNameThenFirstName).map(contactName)).toEqual(['Anne Dupont', 'Marie Dupont', 'école', 'Élodie Favre']);
    expect([...people, { contactId: 'c0', name: 'Dupont', firstName: 'Anne' }].sort(byContactName).map((p) => p.contactId)).toEqual(['c0', 'c1', 'c2', 'c4', 'c3']);
  });
});

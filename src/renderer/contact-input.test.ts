// The new-contact form's draft: trimmed, empty fields left out, a first name only for a person.
import { describe, expect, it } from 'vitest';
import { contactInput } from './contact-input.ts';

const blank = { name: '', firstName: '', email: '', street: '', buildingNumber: '', postcode: '', city: '', country: '' };

describe('a new contact’s draft', () => {
  it('keeps what was typed, trimmed, and leaves empty fields out', () => {
    expect(contactInput('individual', { ...blank, name: ' Martin ', firstName: 'Paul', city: 'Lausanne ', country: 'ch' })).toEqual({
      kind: 'individual',
      name: 'Martin',
      firstName: 'Paul',
      city: 'Lausanne',
      country: 'CH',
    });
  });

  it('gives an organisation no first name, even one typed before the kind was changed', () => {
    expect(contactInput('organization', { ...blank, name: 'Crèche Les Lutins', firstName: 'Paul', street: 'Rue des Bains', buildingNumber: '4', postcode: '1205' })).toEqual({
      kind: 'organization',
      name: 'Crèche Les Lutins',
      street: 'Rue des Bains',
      buildingNumber: '4',
      postcode: '1205',
    });
  });
});

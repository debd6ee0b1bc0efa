// French elision of "de" before a name (issue 17 point 7).
import { describe, expect, it } from 'vitest';
import { elide } from './elision.ts';

describe('French elision', () => {
  it('elides "de" before a capitalised vowel or h, and only there', () => {
    expect(elide('Solde avoir de École des Bois')).toBe('Solde avoir d’École des Bois');
    expect(elide('Code PIN de Hélène Martin')).toBe('Code PIN d’Hélène Martin');
    expect(elide('De Olivier')).toBe('D’Olivier');
    expect(elide('Solde avoir de Marie Dupont')).toBe('Solde avoir de Marie Dupont');
    expect(elide('Quantité de billets')).toBe('Quantité de billets');
    expect(elide('Code de 8 caractères')).toBe('Code de 8 caractères');
    expect(elide('Monde Ouvert')).toBe('Monde Ouvert');
  });
});


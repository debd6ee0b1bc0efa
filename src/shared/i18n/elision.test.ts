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

describe('the UI’s translations', () => {
  it('elide in French and leave English alone', async () => {
    const { initI18n } = await import('../../renderer/i18n.ts');
    const i18n = initI18n('fr');
    expect(i18n.t('payment.creditOf', { name: 'École des Bois' })).toBe('Solde avoir d’École des Bois');
    await i18n.changeLanguage('en');
    expect(i18n.t('payment.creditOf', { name: 'École des Bois' })).toBe('Store credit of École des Bois');
  });
});

describe('plurals through i18next (issue 17 point 7)', () => {
  it('says one and many without “(s)”, in French (0 and 1 singular) and in English', async () => {
    const { initI18n } = await import('../../renderer/i18n.ts');
    const i18n = initI18n('fr');
    await i18n.changeLanguage('fr');
    expect([0, 1, 2].map((count) => i18n.t('printQueue.attempts', { count }))).toEqual(['0 essai', '1 essai', '2 essais']);
    expect(i18n.t('deferred.invoicing.checkedCount', { count: 2, total: 3 })).toBe('2 dossiers cochés sur 3.');
    await i18n.changeLanguage('en');
    expect([0, 1, 2].map((count) => i18n.t('printQueue.attempts', { count }))).toEqual(['0 attempts', '1 attempt', '2 attempts']);
  });
});

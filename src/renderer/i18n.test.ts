// The UI's translations (issue 17 point 7): French elision after interpolation, and plurals
// through i18next's rules instead of "(s)".
import { describe, expect, it } from 'vitest';
import { initI18n } from './i18n.ts';

describe('the UI’s translations', () => {
  it('elide in French and leave English alone', async () => {
    const i18n = initI18n('fr');
    expect(i18n.t('payment.creditOf', { name: 'École des Bois' })).toBe('Solde avoir d’École des Bois');
    await i18n.changeLanguage('en');
    expect(i18n.t('payment.creditOf', { name: 'École des Bois' })).toBe('Store credit of École des Bois');
  });
});

describe('plurals through i18next (issue 17 point 7)', () => {
  it('says one and many without “(s)”, in French (0 and 1 singular) and in English', async () => {
    const i18n = initI18n('fr');
    await i18n.changeLanguage('fr');
    expect([0, 1, 2].map((count) => i18n.t('printQueue.attempts', { count }))).toEqual(['0 essai', '1 essai', '2 essais']);
    expect(i18n.t('deferred.invoicing.checkedCount', { count: 2, total: 3 })).toBe('2 dossiers cochés sur 3.');
    await i18n.changeLanguage('en');
    expect([0, 1, 2].map((count) => i18n.t('printQueue.attempts', { count }))).toEqual(['0 attempts', '1 attempt', '2 attempts']);
  });
});

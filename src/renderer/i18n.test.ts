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

  it('says the rows shown, the catalogue’s counts and the CSV import’s summary without “(s)”', async () => {
    const i18n = initI18n('fr');
    await i18n.changeLanguage('fr');
    expect([1, 2].map((count) => i18n.t('accountReports.rows', { count, total: 5 }))).toEqual(['1 ligne affichée sur 5', '2 lignes affichées sur 5']);
    const counts = (tariffs: number, performances: number) => i18n.t('config.catalogue.counts', { tariffs: i18n.t('config.catalogue.tariffCount', { count: tariffs }), performances: i18n.t('config.catalogue.performanceCount', { count: performances }) });
    expect([counts(1, 0), counts(2, 3)]).toEqual(['1 tarif, 0 représentation', '2 tarifs, 3 représentations']);
    const summary = (valid: number, invalid: number) => i18n.t('config.import.summary', { valid: i18n.t('config.import.validRows', { count: valid }), invalid: i18n.t('config.import.rejectedRows', { count: invalid }), delimiter: ';' });
    expect([summary(1, 1), summary(3, 2)]).toEqual(['1 ligne valide, 1 refusée ; séparateur « ; »', '3 lignes valides, 2 refusées ; séparateur « ; »']);
    await i18n.changeLanguage('en');
    expect([1, 2].map((count) => i18n.t('accountReports.rows', { count, total: 5 }))).toEqual(['Showing 1 row of 5', 'Showing 2 rows of 5']);
    expect([counts(1, 0), counts(2, 1)]).toEqual(['1 tariff, 0 performances', '2 tariffs, 1 performance']);
    expect(summary(1, 2)).toBe('1 valid row, 2 rejected; delimiter “;”');
  });

  it('names the characters an enrolment code cannot hold in the singular or the plural', async () => {
    const i18n = initI18n('fr');
    await i18n.changeLanguage('fr');
    const says = (characters: string) => i18n.t('sync.screen.codeProblems.characters', { characters, count: characters.split(' ').length });
    expect(says('U')).toMatch(/^Caractère impossible dans un code d’enrôlement : U\./);
    expect(says('U Ç')).toMatch(/^Caractères impossibles dans un code d’enrôlement : U Ç\./);
  });
});

// i18next set up with the two UI catalogues; French is the default and the fallback.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { elisionProcessorName, frenchElision } from '../shared/i18n/elision.ts';
import { uiEn } from '../shared/i18n/ui-en.ts';
import { uiFr, type UiCatalogue } from '../shared/i18n/ui-fr.ts';
import type { UiLanguage } from '../shared/money/format.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: UiCatalogue };
  }
}

export const uiLanguages: readonly UiLanguage[] = ['fr', 'en'];

export function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'fr' || value === 'en';
}

export function initI18n(language: UiLanguage): typeof i18next {
  void i18next.use(initReactI18next).use(frenchElision).init({
    resources: { fr: { translation: uiFr }, en: { translation: uiEn } },
    lng: language,
    fallbackLng: 'fr',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    // "de École" → "d’École" in French (shared/i18n/elision.ts)
    postProcess: [elisionProcessorName],
  });
  return i18next;
}

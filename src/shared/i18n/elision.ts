// French elision (issue 17): "de" before a word that starts with a vowel or a mute h is
// "d’" — "le solde avoir d’École des Bois", not "de École". The catalogues write "de {{name}}"
// once; the name decides. Applied to every French string the UI translates (i18next post-
// processor, renderer/i18n.ts). Only a capitalised word is elided: a catalogue's own words
// are written right, a name or a title starts with a capital.
export const elisionProcessorName = 'frenchElision';

const beforeVowel = /(^|[\s(«“'’])([Dd])e (?=[AEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ])/gu;

/** The text with "de X" elided to "d’X" where X is a capitalised word starting with a vowel or h. */
export function elide(text: string): string {
  return text.replace(beforeVowel, (_, before: string, d: string) => `${before}${d}’`);
}

/** The i18next post-processor: French only. */
export const frenchElision = {
  type: 'postProcessor' as const,
  name: elisionProcessorName,
  process(value: string, _key: string | string[], _options: unknown, translator: { language?: string }): string {
    return translator.language === 'fr' ? elide(value) : value;
  },
};

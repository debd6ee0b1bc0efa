// As of when an account screen or report counts, in the UI's words (fr and en): nothing on a
// standalone till; "synchronisé il y a 2 min" on an enrolled one; offline, this till only
// since the last sync; not yet synced; the ledger server's own answer.
import { describe, expect, it } from 'vitest';
import { uiEn } from '../shared/i18n/ui-en.ts';
import { uiFr } from '../shared/i18n/ui-fr.ts';
import { asOfLine, type AsOf } from './accounts-as-of.ts';
import { makeFormatters } from './format.ts';

const catalogues = { fr: uiFr, en: uiEn };
/** The catalogue's sentence with its values put in, as i18next does ({{name}}). */
const translator = (language: 'fr' | 'en') => (key: string, values: Record<string, string> = {}) => {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogues[language]) as string;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name]!);
};
const syncedAtMs = Date.UTC(2026, 11, 6, 2, 40, 0);
const nowMs = syncedAtMs + 2 * 60_000 + 30_000;
/** The line with Intl's narrow and no-break spaces read as spaces. */
const line = (asOf: AsOf, language: 'fr' | 'en' = 'fr', atMs = nowMs) => {
  const said = asOfLine(asOf, atMs, makeFormatters(language, 'CHF', 'CH', 'Europe/Zurich'), translator(language));
  return said && { ...said, text: said.text.replace(/[\u00a0\u202f]/g, ' ') };
};

describe('as of when the accounts count', () => {
  it('says nothing on a standalone till: its ledger is the box office', () => {
    expect(line({ scope: 'till', syncedAtMs: null, isOffline: false })).toBeNull();
  });

  it('online, every channel as of the last sync, in fr and en', () => {
    expect(line({ scope: 'box_office', syncedAtMs, isOffline: false })).toEqual({ state: 'boxOffice', text: 'Toute la billetterie (postes et vente en ligne) · synchronisé il y a 2 min' });
    expect(line({ scope: 'box_office', syncedAtMs, isOffline: false }, 'en')).toEqual({ state: 'boxOffice', text: 'The whole box office (tills and web shop) · synced 2 min ago' });
    expect(line({ scope: 'box_office', syncedAtMs, isOffline: false }, 'fr', syncedAtMs + 3000)!.text).toMatch(/synchronisé à l’instant$/);
  });

  it('offline, this till only since the last sync, with its date and time', () => {
    const offline = line({ scope: 'box_office', syncedAtMs, isOffline: true })!;
    expect(offline.state).toBe('offline');
    expect(offline.text).toMatch(/^Hors ligne : ce poste seulement depuis le 6 déc\. 2026,? 03:40 \(il y a 2 min\) ; les autres postes et la vente en ligne jusque-là$/);
    expect(line({ scope: 'box_office', syncedAtMs, isOffline: true }, 'en')!.text).toMatch(/^Offline: this till only since 6 Dec 2026,? 03:40 \(2 min ago\); the other tills and the web shop up to then$/);
  });

  it('enrolled but never synced: this till only', () => {
    expect(line({ scope: 'box_office', syncedAtMs: null, isOffline: true })).toEqual({ state: 'notYet', text: 'Ce poste seulement : pas encore synchronisé avec le serveur' });
  });

  it("the ledger server's answer: when it was made", () => {
    expect(line({ scope: 'server', syncedAtMs, isOffline: false })!.text).toMatch(/^Serveur de billetterie, au 6 déc\. 2026,? 03:40$/);
  });
});

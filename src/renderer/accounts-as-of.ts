// As of when an account screen or report counts (issue 15 point 4), in words: a standalone
// till says nothing (its ledger is the box office); an enrolled one says it counts every
// channel as of its last sync ("synchronisé il y a 2 min"), or, offline, this till only
// since then; the ledger server's answer says when it was made.
import type { z } from 'zod';
import type { AccountsAsOf } from '../shared/api/account-schemas.ts';
import { assertNever } from '../shared/assert.ts';
import type { Formatters } from './format.ts';
import { formatRelativeTime } from './sync-view.ts';

export type AsOf = z.infer<typeof AccountsAsOf>;
export type AsOfState = 'boxOffice' | 'notYet' | 'offline' | 'server';

type Translate = (key: `accountReports.asOf.${AsOfState | 'justNow'}`, values?: Record<string, string>) => string;

/** Which sentence, and its words; null for a standalone till. */
export function asOfLine(asOf: AsOf, nowMs: number, format: Pick<Formatters, 'locale' | 'dateTime'>, t: Translate): { state: AsOfState; text: string } | null {
  const when = (atMs: number) => formatRelativeTime(nowMs - atMs, format.locale, t('accountReports.asOf.justNow'));
  switch (asOf.scope) {
    case 'till':
      return null;
    case 'server':
      return { state: 'server', text: t('accountReports.asOf.server', { at: format.dateTime(asOf.syncedAtMs ?? nowMs) }) };
    case 'box_office': {
      const synced = asOf.syncedAtMs;
      if (synced === null) return { state: 'notYet', text: t('accountReports.asOf.notYet') };
      if (asOf.isOffline) return { state: 'offline', text: t('accountReports.asOf.offline', { at: format.dateTime(synced), when: when(synced) }) };
      return { state: 'boxOffice', text: t('accountReports.asOf.boxOffice', { when: when(synced) }) };
    }
    default:
      return assertNever(asOf.scope, 'scope');
  }
}

// What the sync indicator and the administrator's sync screen show, as pure functions:
// the state in one word, "il y a 2 min", and the checks of an enrolment form before it is
// sent (the services check again).
import { isErrorCode } from '../shared/api/errors.ts';
import type { SyncStatus } from '../shared/api/sync-contract.ts';
import { errorCatalogues } from '../shared/i18n/messages.ts';
import type { Formatters } from './format.ts';

/** The indicator's state: what the till can do with the ledger server right now. */
export type SyncState = 'notEnrolled' | 'enrolling' | 'online' | 'offline';

export function syncStateOf(status: SyncStatus): SyncState {
  if (!status.enrolled && !status.enrolling) return 'notEnrolled';
  if (status.enrolled && status.online) return 'online';
  // a code waits and the server has not been tried yet (or answered nothing so far)
  if (status.enrolling && status.lastError === null) return 'enrolling';
  return 'offline';
}

const secondMs = 1000;
const minuteMs = 60 * secondMs;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
/** Below this, "à l'instant": a sync every few seconds should not read as a ticking clock. */
export const justNowMaxMs = 10 * secondMs;

export type RelativeTime = { kind: 'justNow' } | { kind: 'ago'; value: number; unit: 'second' | 'minute' | 'hour' | 'day' };

/** How long ago, in the largest whole unit (floored: "2 min" until the third minute is full). */
export function relativeTime(elapsedMs: number): RelativeTime {
  // a clock a little behind the till's (or the other way) is "just now", never "in 3 s"
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < justNowMaxMs) return { kind: 'justNow' };
  if (elapsed < minuteMs) return { kind: 'ago', value: Math.floor(elapsed / secondMs), unit: 'second' };
  if (elapsed < hourMs) return { kind: 'ago', value: Math.floor(elapsed / minuteMs), unit: 'minute' };
  if (elapsed < dayMs) return { kind: 'ago', value: Math.floor(elapsed / hourMs), unit: 'hour' };
  return { kind: 'ago', value: Math.floor(elapsed / dayMs), unit: 'day' };
}

/** "il y a 2 min" / "2 min ago" in the locale; `justNow` is the catalogue's own words. */
export function formatRelativeTime(elapsedMs: number, locale: string, justNow: string): string {
  const relative = relativeTime(elapsedMs);
  if (relative.kind === 'justNow') return justNow;
  return new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'always' }).format(-relative.value, relative.unit);
}

/**
 * The last error in the UI language. An unreachable server's reason is the client's own
 * words, put in the catalogue's sentence; a sentence with no details is the catalogue's
 * own; a refusal with its details (kept since ADR 0011) is the catalogue's sentence with
 * them; an older one without is the server's sentence as it was given.
 */
export function syncErrorText(error: NonNullable<SyncStatus['lastError']>, format: Formatters): string {
  if (!isErrorCode(error.code)) return error.message || error.code;
  if (error.code === 'sync_server_unreachable') return format.error({ code: error.code, message: error.message, details: { reason: error.message } });
  // a refusal whose details the till kept: the catalogue's sentence in the UI's language
  if (error.details) return format.error({ code: error.code, message: error.message, details: error.details });
  const hasDetails = /\{\{/.test(errorCatalogues[format.language][error.code]);
  return hasDetails && error.message ? error.message : format.error({ code: error.code, message: error.message });
}

// ---- the enrolment form ----------------------------------------------------------------

/** Crockford's base 32, as the server draws codes: no I, L, O or U. */
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const enrolmentCodeLength = 16;
export const enrolmentCodePattern = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

export type CodeProblem = 'empty' | 'length' | 'characters';
export type CodeCheck = { ok: true; code: string } | { ok: false; problem: CodeProblem; badCharacters: string };

/**
 * A code as typed (lower case, spaces, no dashes, O for 0, I or L for 1, as Crockford
 * reads them) in its one written form "XXXX-XXXX-XXXX-XXXX", or what is wrong with it.
 */
export function checkEnrolmentCode(text: string): CodeCheck {
  const squeezed = text.toUpperCase().replace(/[\s\-–—_.]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (squeezed === '') return { ok: false, problem: 'empty', badCharacters: '' };
  const bad = [...new Set([...squeezed].filter((c) => !codeAlphabet.includes(c)))].join(' ');
  if (bad !== '') return { ok: false, problem: 'characters', badCharacters: bad };
  if (squeezed.length !== enrolmentCodeLength) return { ok: false, problem: 'length', badCharacters: '' };
  const code = squeezed.match(/.{4}/g)!.join('-');
  if (!enrolmentCodePattern.test(code)) throw new Error(`checkEnrolmentCode built ${code}`);
  return { ok: true, code };
}

export type UrlProblem = 'empty' | 'invalid' | 'scheme';
export type UrlCheck = { ok: true; url: string } | { ok: false; problem: UrlProblem };

/** The server's address: an http(s) URL; "serveur:8787" is read as http://serveur:8787. */
export function checkServerUrl(text: string): UrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  if (url.hostname === '') return { ok: false, problem: 'invalid' };
  // the address as typed, without the slash URL adds to a bare host
  return { ok: true, url: url.pathname === '/' && !trimmed.endsWith('/') ? url.origin : url.href };
}

// E2E fixture: a till in web mode on a fresh data folder, and headless Debian Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startWebMode, type WebMode } from '../src/main/http/server.ts';
import type { Clock } from '../src/main/kernel/context.ts';

export const chromiumPath = process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface WebTill {
  web: WebMode;
  browser: Browser;
  dataDir: string;
  /** A new browser window (its own storage, so its own login) on the till. */
  newContext(): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/** A clock to move forward in a test (due dates passing): the system clock plus a shift. */
/**
 * The till's own methods as one user, for setting a scene as an administrator or supervisor
 * would (the screens under test are driven through the browser); a refusal throws.
 */
export function dispatcherAs(till: WebTill, userId: string, pin: string): (method: string, input: unknown) => Record<string, unknown> {
  const login = till.web.till.dispatch('auth.login', { userId, pin }, null);
  if (!login.ok) throw new Error(login.error.code);
  const token = (login.value as { token: string }).token;
  return (method, input) => {
    const result = till.web.till.dispatch(method, input, token);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
    return result.value as Record<string, unknown>;
  };
}

export class ShiftedClock implements Clock {
  shiftMs = 0;
  nowMs(): number {
    return Date.now() + this.shiftMs;
  }
}

/** `demo: false` starts as a new venue would (GUICHET_DEMO=0): no catalogue, no user, the set-up first. */
export async function startWebTill(options: { clock?: Clock; demo?: boolean } = {}): Promise<WebTill> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-'));
  const web = await startWebMode({ dataDir, port: 0, staticDir: 'dist/renderer', demo: options.demo ?? true, language: 'fr', ...(options.clock ? { clock: options.clock } : {}) });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return {
    web,
    browser,
    dataDir,
    async newContext() {
      return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-CH' });
    },
    async stop() {
      await browser.close();
      await web.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

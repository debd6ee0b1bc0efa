// E2E fixture: a till in web mode on a fresh data folder, and headless Debian Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startWebMode, type WebMode } from '../src/main/http/server.ts';

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

/**
 * Whether the HTTP door refuses the browser's own origin. (It computed its allowed
 * origins before it knew its port, so every same-origin POST was refused; reported.)
 */
async function refusesOwnOrigin(web: WebMode): Promise<boolean> {
  const response = await fetch(`${web.url}api/system.info`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(web.url).origin },
    body: '{}',
  });
  const body = (await response.json()) as { ok: boolean; error?: { code: string } };
  return !body.ok && body.error?.code === 'cross_origin_refused';
}

export async function startWebTill(): Promise<WebTill> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-'));
  const web = await startWebMode({ dataDir, port: 0, staticDir: 'dist/renderer', demo: true, language: 'fr' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const stripOrigin = await refusesOwnOrigin(web);
  if (stripOrigin) console.warn('[e2e] the HTTP door refuses its own origin: API calls are relayed without the Origin header');
  return {
    web,
    browser,
    dataDir,
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-CH' });
      if (stripOrigin) {
        await context.route('**/api/**', async (route) => {
          const headers = { ...route.request().headers() };
          delete headers.origin;
          await route.fulfill({ response: await route.fetch({ headers }) });
        });
      }
      return context;
    },
    async stop() {
      await browser.close();
      await web.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

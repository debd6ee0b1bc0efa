// One till in web mode and its headless Chromium per e2e test: started before each test on
// a fresh data folder, stopped after it, with a screenshot of every page it opened when the
// test failed (.tmp/e2e-<name>-failure-<n>.png). Every e2e file starts its till this way.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import type { Clock } from '../src/main/kernel/context.ts';
import { TillPage } from './till-page.ts';
import { startWebTill, type WebTill } from './web-till.ts';

/** docs/screenshots is refreshed on demand (GUICHET_SCREENSHOTS=1), so a test run leaves the tree clean. */
export const screenshots = process.env.GUICHET_SCREENSHOTS === '1' ? 'docs/screenshots' : '.tmp/screenshots';

export interface TillSession {
  /** The running till of the current test. */
  readonly till: WebTill;
  /** A new browser window (its own login) on the till, at its first screen. */
  newTillPage(): Promise<TillPage>;
  /** Rows of the till's own database, to assert what was written. */
  rows<T>(sql: string, ...params: unknown[]): T[];
  one<T>(sql: string, ...params: unknown[]): T;
}

export function useTillSession(name: string, options: { clock?: () => Clock; demo?: boolean } = {}): TillSession {
  let till: WebTill | null = null;
  let pages: Page[] = [];
  beforeEach(async () => {
    till = await startWebTill({ ...(options.clock ? { clock: options.clock() } : {}), ...(options.demo === false ? { demo: false } : {}) });
    mkdirSync(screenshots, { recursive: true });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync('.tmp', { recursive: true });
      for (const [i, page] of pages.entries()) await page.screenshot({ path: `.tmp/e2e-${name}-failure-${i}.png`, fullPage: true }).catch(() => undefined);
    }
    pages = [];
    await till?.stop();
    till = null;
  });
  const current = (): WebTill => {
    if (!till) throw new Error('no till outside a test');
    return till;
  };
  return {
    get till() {
      return current();
    },
    async newTillPage() {
      const context = await current().newContext();
      const page: Page = await context.newPage();
      pages.push(page);
      page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
      await page.goto(current().web.url);
      return new TillPage(page);
    },
    rows: <T>(sql: string, ...params: unknown[]) => current().web.till.context.db.prepare(sql).all(...params) as T[],
    one: <T>(sql: string, ...params: unknown[]) => current().web.till.context.db.prepare(sql).get(...params) as T,
  };
}

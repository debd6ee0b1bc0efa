// The Configuration screens on a till enrolled with the ledger server (issue 16 point 7), in
// headless Chromium against web mode and a ledger server in this process (PGlite in memory):
// a change made on a screen at till A goes to the server first and is kept there with its
// history; till B (G2, a second till in this process) shows it after its pull; with the
// server gone, the same form says the change needs the server and nothing changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebMode, type WebMode } from '../src/main/http/server.ts';
import { admin, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { screenshots, useTillSession } from './session.ts';
import { TillPage } from './till-page.ts';

const session = useTillSession('configuration-enrolled');
const { newTillPage, one } = session;
let server: RunningServer | null = null;
/** A second till of the box office (G2), its own data folder, in this process. */
let tillB: { web: WebMode; dataDir: string } | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
  await tillB?.web.close();
  if (tillB) rmSync(tillB.dataDir, { recursive: true, force: true });
  tillB = null;
});

async function startTillB(): Promise<TillPage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-b-'));
  const web = await startWebMode({ dataDir, port: 0, staticDir: 'dist/renderer', demo: true, tillId: 'G2', language: 'fr' });
  tillB = { web, dataDir };
  const context = await session.till.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-CH' });
  const page = await context.newPage();
  await page.goto(web.url);
  return new TillPage(page);
}

async function openMethods(till: TillPage): Promise<void> {
  await till.page.keyboard.press('Alt+G');
  await till.page.locator('.config-nav').getByRole('button', { name: 'Modes de règlement', exact: true }).click();
  await till.page.getByRole('heading', { name: 'Modes de règlement', level: 2 }).waitFor();
}

async function saveMethod(till: TillPage, name: string): Promise<void> {
  await till.button('Nouveau mode').click();
  const form = till.page.getByRole('form', { name: 'Mode de règlement' });
  await form.getByLabel('Nom', { exact: true }).fill(name);
  await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Carte' });
  await form.getByRole('button', { name: 'Enregistrer' }).click();
}

describe('configuration on an enrolled till', () => {
  it('sends a change to the server first, shows it on till B after its pull, and refuses one offline with its message', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const created = await admin(started.url, 'POST', '/enrolment-codes', { tillId: session.till.web.till.context.tillId, tillName: 'Guichet 1' });
    expect(created.ok).toBe(true);
    const till = await newTillPage();
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.login('Alex Administrateur', '456789');
    await till.enrol(started.url, created.value.code as string);

    // online: the new method is the server's, with its history there
    await openMethods(till);
    await saveMethod(till, 'Twint');
    await till.page.getByTestId('config-saved').filter({ hasText: 'Twint' }).waitFor();
    const method = one<{ id: string }>("SELECT id FROM payment_methods WHERE name = 'Twint'");
    const history = await admin(started.url, 'GET', `/configuration/history?kind=method&id=${method.id}`);
    expect(history.ok).toBe(true);
    expect((history.value as { tillId: string; after: { name: string } }[]).map((c) => [c.tillId, c.after.name])).toEqual([[session.till.web.till.context.tillId, 'Twint']]);

    // till B of the same box office has it after its pull
    const codeB = await admin(started.url, 'POST', '/enrolment-codes', { tillId: 'G2', tillName: 'Guichet 2' });
    const b = await startTillB();
    await b.login('Alex Administrateur', '456789');
    await b.enrol(started.url, codeB.value.code as string);
    await b.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await openMethods(b);
    await b.page.getByTestId('methods-table').locator('[data-name="Twint"]').waitFor();
    const onB = tillB!.web.till.context.db.prepare('SELECT id, type, active FROM payment_methods WHERE name = ?').get('Twint');
    expect(onB).toEqual({ id: method.id, type: 'card', active: 1 });

    // offline: the server is gone; the form says why and nothing is written
    await started.close();
    server = null;
    await saveMethod(till, 'Reka');
    const refused = till.page.locator('[data-testid="config-error"][data-code="configuration_offline"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Le serveur central est injoignable : sur un poste inscrit, la configuration ne se change qu’en ligne. Réessayez quand le poste est en ligne.');
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM payment_methods WHERE name = 'Reka'").n).toBe(0);
    await till.page.screenshot({ path: `${screenshots}/config-offline.png` });
  });
});

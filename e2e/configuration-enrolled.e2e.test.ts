// The Configuration screens on a till enrolled with the ledger server (issue 16 point 7), in
// headless Chromium against web mode and a ledger server in this process (PGlite in memory):
// a change made on a screen goes to the server first and is kept there with its history;
// with the server gone, the same form says the change needs the server and nothing changes.
import { afterEach, describe, expect, it } from 'vitest';
import { admin, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { screenshots, useTillSession } from './session.ts';
import type { TillPage } from './till-page.ts';

const session = useTillSession('configuration-enrolled');
const { newTillPage, one } = session;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function enrol(till: TillPage, url: string, code: string): Promise<void> {
  await till.page.keyboard.press('Alt+N');
  const form = till.page.getByTestId('sync-enrol-panel');
  await form.getByLabel('Adresse du serveur central').fill(url);
  await form.getByLabel('Code d’enrôlement').fill(code);
  await form.getByRole('button', { name: 'Enrôler' }).click();
  await till.page.locator('[data-testid="sync-indicator"][data-state="online"]').waitFor();
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
  it('sends a change to the server first, and refuses one offline with its message', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const created = await admin(started.url, 'POST', '/enrolment-codes', { tillId: session.till.web.till.context.tillId, tillName: 'Guichet 1' });
    expect(created.ok).toBe(true);
    const till = await newTillPage();
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.login('Alex Administrateur', '456789');
    await enrol(till, started.url, created.value.code as string);

    // online: the new method is the server's, with its history there
    await openMethods(till);
    await saveMethod(till, 'Twint');
    await till.page.getByTestId('config-saved').filter({ hasText: 'Twint' }).waitFor();
    const method = one<{ id: string }>("SELECT id FROM payment_methods WHERE name = 'Twint'");
    const history = await admin(started.url, 'GET', `/configuration/history?kind=method&id=${method.id}`);
    expect(history.ok).toBe(true);
    expect((history.value as { tillId: string; after: { name: string } }[]).map((c) => [c.tillId, c.after.name])).toEqual([[session.till.web.till.context.tillId, 'Twint']]);

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

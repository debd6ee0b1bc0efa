// Sync with the ledger server at the counter (issue 7, DESIGN C13), in headless Chromium
// against web mode on a fresh data folder: the header's indicator (not enrolled, offline
// with the error, events waiting going up with a sale), the administrator's enrolment
// form and its checks, the overdraft report and the contact's flag; and, with the ledger
// server started in this process (PGlite in memory), enrolment by a one-time code, a sale
// pushed (nothing waiting, online) and the server holding the till's whole journal.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { download, parseCsv } from './files.ts';
import { plainSpaces, TillPage } from './till-page.ts';
import { screenshots, useTillSession } from './session.ts';

const session = useTillSession('sync');
const { newTillPage } = session;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** A loopback port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Waits until the header's indicator is in `state`; answers its events waiting. */
async function indicator(page: Page, state: 'notEnrolled' | 'enrolling' | 'online' | 'offline'): Promise<number> {
  const locator = page.locator(`[data-testid="sync-indicator"][data-state="${state}"]`);
  await locator.waitFor();
  return Number(await locator.getAttribute('data-waiting'));
}

/** Waits until the indicator shows exactly `count` events waiting. */
async function waiting(page: Page, count: number): Promise<void> {
  await page.locator(`[data-testid="sync-indicator"][data-waiting="${count}"]`).waitFor();
}

function journalHead(): number {
  return (session.till.web.till.context.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM journal').get() as { seq: number }).seq;
}

async function sellAProgramme(cashier: TillPage): Promise<void> {
  await cashier.addItem('Programme de salle');
  await cashier.pay('Espèces');
  await cashier.checkout();
  await cashier.saleDone().waitFor();
}

async function openSyncScreen(page: Page): Promise<void> {
  await page.keyboard.press('Alt+N');
  await page.getByRole('heading', { name: 'Synchronisation', level: 1 }).waitFor();
}

describe('the sync indicator and the enrolment screen', () => {
  it('shows "non enrôlée", checks the code, goes offline with the error on a closed port, and counts a sale waiting', async () => {
    const page = (await newTillPage()).page;
    const tp = new TillPage(page);
    // ---- before any login: the header already says where the till stands
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    const before = await indicator(page, 'notEnrolled');
    expect(before).toBe(journalHead());
    expect(plainSpaces((await page.getByTestId('sync-state').textContent()) ?? '')).toBe('Non enrôlée');
    expect(plainSpaces((await page.getByTestId('sync-when').textContent()) ?? '')).toBe('jamais synchronisée');

    // ---- the administrator's screen; the form refuses what is not a code before sending it
    await tp.login('Alex Administrateur', '456789');
    await openSyncScreen(page);
    const form = page.getByTestId('sync-enrol-panel');
    const url = form.getByLabel('Adresse du serveur central');
    const code = form.getByLabel('Code d’enrôlement');
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await form.getByRole('alert').filter({ hasText: 'Indiquez l’adresse du serveur central.' }).waitFor();
    await form.getByRole('alert').filter({ hasText: 'Saisissez le code d’enrôlement.' }).waitFor();
    const port = await closedPort();
    await url.fill(`ftp://127.0.0.1:${port}`);
    await code.fill('ABCD-EFGH-JKMN');
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await form.getByRole('alert').filter({ hasText: 'L’adresse du serveur doit commencer par http:// ou https://.' }).waitFor();
    await form.getByRole('alert').filter({ hasText: 'Le code d’enrôlement compte 16 caractères (4 groupes de 4), tirets non compris.' }).waitFor();
    await code.fill('ABCD-EFGH-JKMN-PQRU');
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await form.getByRole('alert').filter({ hasText: 'Caractère impossible dans un code d’enrôlement : U.' }).waitFor();
    expect(session.till.web.till.context.db.prepare('SELECT server_url, pending_code FROM sync_state').get()).toEqual({ server_url: null, pending_code: null });

    // ---- a well-formed code typed loosely, to a server that is not there
    await url.fill(`http://127.0.0.1:${port}`);
    await code.fill('abcd efgh jkmn pqrs');
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await indicator(page, 'offline');
    expect(session.till.web.till.context.db.prepare('SELECT server_url, pending_code FROM sync_state').get()).toEqual({ server_url: `http://127.0.0.1:${port}`, pending_code: 'ABCD-EFGH-JKMN-PQRS' });
    const screenError = page.getByTestId('sync-error');
    expect(await screenError.getAttribute('data-code')).toBe('sync_server_unreachable');
    expect(plainSpaces((await screenError.textContent()) ?? '')).toMatch(/^Serveur central injoignable : fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\.$/);
    await page.getByTestId('sync-enrol-retrying').waitFor();
    expect(await page.getByTestId('sync-screen-state').getAttribute('data-state')).toBe('offline');
    expect(await page.getByTestId('sync-server-url').textContent()).toBe(`http://127.0.0.1:${port}`);
    expect(await page.getByTestId('sync-enrolled').textContent()).toBe('Non');

    // the error on hover of the indicator, and on focus (keyboard)
    const button = page.getByTestId('sync-indicator');
    await button.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.getByTestId('sync-last-error').waitFor();
    expect(plainSpaces((await tooltip.textContent()) ?? '')).toContain('Dernière erreur : Serveur central injoignable');
    expect(plainSpaces((await tooltip.textContent()) ?? '')).toContain(`Serveur : http://127.0.0.1:${port}`);
    await page.mouse.move(0, 600);
    await tooltip.waitFor({ state: 'detached' });
    await button.focus();
    await tooltip.waitFor();
    expect(await button.getAttribute('aria-describedby')).toBe(await tooltip.getAttribute('id'));
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'detached' });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.getByRole('status').filter({ hasText: /^Hors ligne, \d+ événements? en attente$/ }).waitFor();
    await page.setViewportSize({ width: 1440, height: 760 });
    await page.screenshot({ path: `${screenshots}/sync-enrol-error.png` });
    await page.setViewportSize({ width: 1440, height: 900 });

    // ---- a cashier sells while offline: one more event waits, at once
    await tp.logout();
    await indicator(page, 'offline');
    await tp.login('Camille Caissière', '123456');
    await tp.openTill({ '20.–': 5 }, 10000);
    const afterOpening = journalHead();
    await waiting(page, afterOpening);
    await sellAProgramme(tp);
    expect(journalHead()).toBeGreaterThan(afterOpening);
    await waiting(page, journalHead());
    expect(await indicator(page, 'offline')).toBe(journalHead());
    expect(plainSpaces((await page.getByTestId('sync-waiting').textContent()) ?? '')).toBe(`${journalHead()} en attente`);
    // a click asks for a sync now: the server is still not there
    await tp.nextSale();
    const lastAttemptMs = () => (session.till.web.till.context.db.prepare('SELECT last_attempt_ms FROM sync_state').get() as { last_attempt_ms: number }).last_attempt_ms;
    const attemptedMs = lastAttemptMs();
    await page.getByTestId('sync-indicator').click();
    // the client tries again at once (not at the end of its backoff); the indicator says so
    await expect.poll(lastAttemptMs, { timeout: 10_000 }).toBeGreaterThan(attemptedMs);
    await page.locator('[data-testid="sync-indicator"][data-state="offline"]:not([aria-busy])').waitFor();
    await page.getByTestId('sync-indicator').hover();
    await page.getByRole('tooltip').getByTestId('sync-last-error').waitFor();
    await page.screenshot({ path: `${screenshots}/sync-offline.png`, clip: { x: 0, y: 0, width: 1440, height: 330 } });
  });
});

describe('overdrafts flagged by the ledger server', () => {
  it('lists them in the account reports and flags the contact', async () => {
    const now = Date.now();
    const insert = session.till.web.till.context.db.prepare('INSERT INTO overdrafts (id, account_id, kind, contact_id, excess_minor, event_id, till_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('od-1', 'credit:c-dupont', 'credit', 'c-dupont', 1250, '01KAW3Z8J6Q5V7R2N4M8P0T9XY', 'G2', now - 3 * 3_600_000);
    insert.run('od-2', 'deferred:c-ecole', 'deferred', 'c-ecole', 48000, '01KAW41C2D3E4F5G6H7J8K9M0N', 'G3', now - 26 * 3_600_000);
    insert.run('od-3', 'credit:c-dupont', 'credit', 'c-dupont', 500, '01KAW5AAAABBBBCCCCDDDDEEEE', 'G3', now - 600_000);

    const supervisor = await newTillPage();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.go('Rapports clients');
    await supervisor.page.getByRole('tab', { name: 'Découverts' }).click();
    const panel = supervisor.page.getByTestId('report-overdrafts');
    await panel.getByTestId('overdrafts-table').waitFor();
    const rows = panel.getByTestId('overdrafts-table-row');
    expect(await rows.count()).toBe(3);
    // newest first
    expect(plainSpaces((await rows.nth(0).textContent()) ?? '')).toContain('Marie Dupont');
    expect(plainSpaces((await rows.nth(2).textContent()) ?? '')).toContain('École du Bois-Gentil');
    expect(plainSpaces((await rows.nth(2).textContent()) ?? '')).toContain('Compte d’attente');
    // sorted by excess, largest first (a second click)
    await panel.locator('button[data-column="excess"]').click();
    await panel.locator('button[data-column="excess"]').click();
    expect(await rows.nth(0).locator('[data-minor]').getAttribute('data-minor')).toBe('48000');
    // filtered by name
    await panel.getByLabel('Filtrer les lignes').fill('dupont');
    await supervisor.text('overdrafts-count', '2 lignes affichées sur 3');
    await panel.getByLabel('Filtrer les lignes').fill('');
    await panel.getByLabel('Filtrer les lignes').blur();
    await supervisor.page.setViewportSize({ width: 1440, height: 780 });
    await supervisor.page.screenshot({ path: `${screenshots}/overdraft-report.png` });
    await supervisor.page.setViewportSize({ width: 1440, height: 900 });
    // the same report as a file
    const csv = await download(supervisor.page, panel.getByRole('button', { name: 'Télécharger en CSV' }));
    expect(csv.name).toMatch(/^decouverts-.*\.csv$/);
    const records = parseCsv(csv.bytes.toString('utf8'));
    expect(records[0]).toEqual(['Date', 'Contact', 'Compte', 'Dépassement (CHF)', 'Caisse', 'Événement']);
    expect(records.slice(1).map((r) => r[3])).toEqual(['5.00', '12.50', '480.00']);

    // ---- the contact's flag, with the amount in its tooltip: in the list and on the account screens
    await supervisor.go('Solde avoir');
    await supervisor.page.getByLabel('Rechercher un contact (nom, prénom, e-mail ou ville)').fill('dupont');
    const listFlag = supervisor.page.locator('[data-testid="contact-row"][data-contact="c-dupont"] [data-testid="overdraft-flag"]');
    expect(await listFlag.getAttribute('data-minor')).toBe('1750');
    expect(plainSpaces((await listFlag.textContent()) ?? '')).toBe('Découvert');
    await listFlag.hover();
    expect(plainSpaces((await supervisor.page.getByRole('tooltip').textContent()) ?? '')).toBe(
      'Découvert signalé par le serveur central : 17.50 CHF au-delà du solde ou de l’encours autorisé.',
    );
    await supervisor.button('Choisir Marie Dupont').click();
    expect(await supervisor.page.getByTestId('account-overdraft').getAttribute('data-minor')).toBe('1750');
    await supervisor.go('Compte d’attente');
    await supervisor.openDeferredAccount('bois', 'École du Bois-Gentil');
    expect(await supervisor.page.getByTestId('deferred-overdraft').getAttribute('data-minor')).toBe('48000');
    // a contact with no overdraft has no flag
    await supervisor.openDeferredAccount('mairie', 'Mairie de Carouge');
    expect(await supervisor.page.getByTestId('deferred-overdraft').count()).toBe(0);
  });
});

describe('with the ledger server', () => {
  it('enrols by a one-time code, pushes a sale and shows nothing waiting, online', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const created = await admin(started.url, 'POST', '/enrolment-codes', { tillId: session.till.web.till.context.tillId, tillName: 'Guichet 1' });
    expect(created.ok).toBe(true);
    const code = created.value.code as string;

    // ---- a sale before the till is enrolled: its events wait
    const tp = await newTillPage();
    const page = tp.page;
    await tp.login('Camille Caissière', '123456');
    await tp.openTill({ '20.–': 5 }, 10000);
    await sellAProgramme(tp);
    await waiting(page, journalHead());
    expect(await indicator(page, 'notEnrolled')).toBeGreaterThan(0);
    await tp.nextSale();
    await tp.logout();

    // ---- the administrator enrols the till with the code: everything waiting goes up
    await tp.login('Alex Administrateur', '456789');
    await openSyncScreen(page);
    const form = page.getByTestId('sync-enrol-panel');
    await form.getByLabel('Adresse du serveur central').fill(started.url);
    // a well-formed code the server never gave: refused by its code, in French, and forgotten
    await form.getByLabel('Code d’enrôlement').fill('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await form.getByRole('button', { name: 'Enrôler' }).click();
    const refused = page.locator('[data-testid="sync-error"][data-code="enrolment_code_invalid"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Code d’enrôlement inconnu, déjà utilisé ou expiré.');
    await page.getByTestId('sync-enrol-failed').waitFor();
    await indicator(page, 'notEnrolled');
    expect(session.till.web.till.context.db.prepare('SELECT pending_code, token FROM sync_state').get()).toEqual({ pending_code: null, token: null });
    // a code made for another till: this one has sold, so it keeps its id and says so in French, naming both (ADR 0011)
    const tillId = session.till.web.till.context.tillId;
    const other = (await admin(started.url, 'POST', '/enrolment-codes', { tillId: 'G9', tillName: 'Guichet 9' })).value.code as string;
    await form.getByLabel('Code d’enrôlement').fill(other);
    await form.getByRole('button', { name: 'Enrôler' }).click();
    const mismatch = page.locator('[data-testid="sync-error"][data-code="enrolment_till_mismatch"]');
    await mismatch.waitFor();
    expect(plainSpaces((await mismatch.textContent()) ?? '')).toMatch(new RegExp(`^Ce code est pour la caisse G9, pas pour la caisse ${tillId}\\.`));
    expect(session.till.web.till.context.tillId).toBe(tillId);
    expect(session.till.web.till.context.db.prepare('SELECT pending_code, token FROM sync_state').get()).toEqual({ pending_code: null, token: null });
    // the code the administrator made
    await form.getByLabel('Code d’enrôlement').fill(code.toLowerCase());
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await indicator(page, 'online');
    await waiting(page, 0);
    await page.getByTestId('sync-enrol-done').filter({ hasText: `Caisse enrôlée auprès de ${started.url}.` }).waitFor();
    expect(await page.getByTestId('sync-enrolled').textContent()).toBe('Oui');
    await page.getByTestId('sync-acked-seq').filter({ hasText: new RegExp(`^${journalHead()}$`) }).waitFor();
    expect(await page.getByTestId('sync-waiting-events').textContent()).toBe('0');
    expect(Number(await page.getByTestId('sync-offline-cap').getAttribute('data-minor'))).toBeGreaterThan(0);
    expect(plainSpaces((await page.getByTestId('sync-when').textContent()) ?? '')).toMatch(/^synchro (à l’instant|il y a \d+ s)$/);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.setViewportSize({ width: 1440, height: 760 });
    await page.screenshot({ path: `${screenshots}/sync-admin.png` });
    await page.setViewportSize({ width: 1440, height: 900 });

    // ---- the next sale goes to the server: nothing waits, the server's head is the till's
    await tp.logout();
    await tp.login('Camille Caissière', '123456');
    const beforeSale = journalHead();
    await sellAProgramme(tp);
    expect(journalHead()).toBeGreaterThan(beforeSale);
    await indicator(page, 'online');
    await waiting(page, 0);
    const tills = await admin(started.url, 'GET', '/tills');
    const head = (tills.value as { tillId: string; head: { seq: number } }[]).find((t) => t.tillId === session.till.web.till.context.tillId)!.head.seq;
    expect(head).toBe(journalHead());
  });
});

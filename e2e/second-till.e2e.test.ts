// A second till joins the box office from its own screens (issue 15, Tests), in headless
// Chromium against web mode and a ledger server in this process (PGlite in memory): till A
// (the demo, G1) is enrolled; till B starts bare (GUICHET_DEMO=0) on its own data folder,
// is set up, then enrolled with a code the administrator made for "G2 Guichet 2" — it takes
// that id, never G1, and till A's configuration arrives. A school orders on account on the
// web shop; at till B a supervisor sees the order on the school's Compte d'attente,
// invoices it in B's own series and settles it by transfer; the account shows nothing
// outstanding, and the server reads the installments paid and the balance 0. At till A,
// B's invoice opens as the PDF B archived (its document fetched from the server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Page } from 'playwright-core';
import { startWebMode, type WebMode } from '../src/main/http/server.ts';
import { admin, call, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { screenshots, useTillSession } from './session.ts';
import { TillPage } from './till-page.ts';
import { download, pdfText } from './files.ts';

const session = useTillSession('second-till');
const { newTillPage } = session;
let server: RunningServer | null = null;
/** Till B: a bare install (no demo data), its own data folder, in this process. */
let tillB: { web: WebMode; dataDir: string } | null = null;
let pageB: Page | null = null;

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await pageB?.screenshot({ path: '.tmp/e2e-second-till-failure-b.png' }).catch(() => undefined);
  pageB = null;
  await tillB?.web.close();
  if (tillB) rmSync(tillB.dataDir, { recursive: true, force: true });
  tillB = null;
  await server?.close();
  server = null;
});

async function startBareTillB(): Promise<TillPage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-second-'));
  const web = await startWebMode({ dataDir, port: 0, staticDir: 'dist/renderer', demo: false, language: 'fr' });
  tillB = { web, dataDir };
  const context = await session.till.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-CH' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page B] ${error.message}`));
  await page.goto(web.url);
  pageB = page;
  return new TillPage(page);
}

const dbB = () => tillB!.web.till.context.db;

/** The first-start set-up of a bare till: the institution, this till (its provisional id kept) and its administrator. */
async function setUp(b: TillPage): Promise<string> {
  const { page } = b;
  await page.getByRole('heading', { name: 'Mise en service de la caisse' }).waitFor();
  const institution = page.getByRole('group', { name: 'Institution' });
  await institution.getByLabel('Nom', { exact: true }).fill('Théâtre du Lac');
  await institution.getByLabel('Rue', { exact: true }).fill('Quai du Lac');
  await institution.getByLabel('N°', { exact: true }).fill('12');
  await institution.getByLabel('NPA', { exact: true }).fill('1003');
  await institution.getByLabel('Localité', { exact: true }).fill('Lausanne');
  const provisional = await page.getByLabel('Identifiant de la caisse', { exact: true }).inputValue();
  await page.getByLabel('Nom de la caisse', { exact: true }).fill('Guichet 2');
  await page.getByLabel('Point de vente', { exact: true }).fill('Billetterie');
  await page.locator('#setup-admin').fill('Dominique Admin');
  await page.locator('#setup-pin').fill('864213');
  await page.locator('#setup-pin-again').fill('864213');
  await b.button('Mettre en service').click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  return provisional;
}

/** Opens a page of the Configuration area (Alt+G). */
async function configPage(till: TillPage, name: string): Promise<void> {
  await till.page.keyboard.press('Alt+G');
  await till.page.locator('.config-nav').getByRole('button', { name, exact: true }).click();
  await till.page.getByRole('heading', { name, level: 2 }).waitFor();
}

/**
 * What the account panel cuts off at this window's size: a figure wider than its tile, or
 * the open installments' last columns past the panel's edge.
 */
async function clipped(till: TillPage): Promise<string[]> {
  return till.page.evaluate(() => {
    const cut: string[] = [];
    for (const figure of document.querySelectorAll('.deferred-figures .figure')) {
      if (figure.scrollWidth > figure.clientWidth) cut.push(`figure: ${figure.textContent ?? ''}`);
    }
    const panel = document.querySelector('[data-testid="deferred-account"]')!.getBoundingClientRect();
    const schedule = document.querySelector('[data-testid="deferred-open-items"]')!.getBoundingClientRect();
    if (schedule.right > panel.right) cut.push(`open installments: ${Math.round(schedule.right)} > ${Math.round(panel.right)}`);
    return cut;
  });
}

describe('a second till of the box office', () => {
  it('is enrolled from its screens under the id the administrator named, and its supervisor invoices and settles a web order on account', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;

    // till A (G1, the demo) enrolled, its configuration on the server
    const tillIdA = session.till.web.till.context.tillId;
    const codeA = await admin(started.url, 'POST', '/enrolment-codes', { tillId: tillIdA, tillName: 'Guichet 1' });
    const a = await newTillPage();
    await a.login('Alex Administrateur', '456789');
    await a.enrol(started.url, codeA.value.code as string);

    // the box office's supervisor, made at till A: on an enrolled till a user is the server's
    await configPage(a, 'Utilisateurs');
    await a.button('Nouvel utilisateur').click();
    await a.page.locator('#user-name').fill('Sam Superviseur');
    await a.page.locator('#user-role').selectOption({ label: 'Supervision' });
    await a.page.locator('#user-pin').fill('135790');
    await a.page.locator('#user-pin-again').fill('135790');
    await a.button('Créer l’utilisateur').click();
    await a.page.getByTestId('config-saved').filter({ hasText: 'Sam Superviseur' }).waitFor();

    // the administrator names the new till: G2, "Guichet 2"
    const codeB = await admin(started.url, 'POST', '/enrolment-codes', { tillId: 'G2', tillName: 'Guichet 2' });
    expect(codeB.ok).toBe(true);

    // till B: bare, set up with its provisional id, then enrolled from the Synchronisation screen
    const b = await startBareTillB();
    const provisional = await setUp(b);
    expect(provisional).toMatch(/^T[0-9A-Z]{4}$/);
    await b.login('Dominique Admin', '864213');
    await b.enrol(started.url, codeB.value.code as string);
    await b.page.getByTestId('sync-enrol-done').waitFor();
    await b.page.getByTestId('sync-till-id').filter({ hasText: 'G2' }).waitFor();
    expect(tillB!.web.till.context.tillId).toBe('G2');
    const tills = (await admin(started.url, 'GET', '/tills')).value as { tillId: string; revoked?: boolean }[];
    expect(tills.map((t) => t.tillId).sort()).toEqual([tillIdA, 'G2']);

    await b.page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await b.page.screenshot({ path: `${screenshots}/second-till-enrolled.png` });

    // the box office's configuration arrives: its methods and tariffs on B's Configuration screens, its staff
    await b.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await configPage(b, 'Modes de règlement');
    await b.page.getByTestId('methods-table').locator('[data-name="Compte d’attente (3 échéances)"]').waitFor();
    await b.page.getByTestId('methods-table').locator('[data-name="Virement"]').waitFor();
    const tariffs = (db: WebMode['till']['context']['db']) => db.prepare('SELECT id, name, price_minor FROM tariffs ORDER BY id').all();
    // the pull may bring the records over several pages: wait for the last of them
    await expect.poll(() => tariffs(dbB()), { timeout: 10_000 }).toEqual(tariffs(session.till.web.till.context.db));
    // the box office's institution replaces what the set-up typed (its name and invoicing are the server's)
    const institutionB = () => (JSON.parse((dbB().prepare("SELECT value FROM settings WHERE key = 'institution'").get() as { value: string }).value) as { name: string }).name;
    await expect.poll(institutionB, { timeout: 10_000 }).toBe('Théâtre du Léman');
    await expect.poll(() => dbB().prepare("SELECT role, active FROM users WHERE name = 'Sam Superviseur'").get(), { timeout: 10_000 }).toEqual({ role: 'supervisor', active: 1 });

    // the web shop: a school orders 12 programmes on account (3 installments)
    const shopKey = (await admin(started.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
    const web = await call(started.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-amis', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] },
    });
    expect(web.ok).toBe(true);
    const webNumber = web.value.number as string;

    // at till B a supervisor (PIN) sees it on the school's account after the pull
    await b.logout();
    await b.login('Sam Superviseur', '135790');
    await b.page.getByTestId('sync-indicator').click();
    await expect.poll(() => (dbB().prepare("SELECT COUNT(*) AS n FROM known_orders WHERE payer_contact_id = 'c-amis'").get() as { n: number }).n, { timeout: 10_000 }).toBe(1);
    await b.go('Compte d’attente');
    await b.page.getByRole('heading', { name: 'Compte d’attente', level: 1 }).waitFor();
    const amis = 'Association Les Amis du Théâtre';
    await b.openDeferredAccount('amis', amis);
    await b.page.getByTestId('deferred-open-items').getByText(webNumber).first().waitFor();
    await b.page.getByPlaceholder('F-G2-000001').waitFor();
    expect(await clipped(b)).toEqual([]);
    await b.page.screenshot({ path: `${screenshots}/second-till-web-order.png` });

    // invoiced in B's own series
    await b.button('Facturer…').click();
    const invoicing = b.page.getByTestId('invoice-dialog');
    await invoicing.getByTestId('invoice-order').first().waitFor();
    await invoicing.getByRole('button', { name: 'Émettre la facture' }).click();
    await b.page.getByTestId('invoice-done').getByText('Facture F-G2-000001 émise : 60.00 CHF.').waitFor();

    // settled by transfer
    await b.button('Régler…').click();
    const settle = b.page.getByTestId('settle-dialog');
    await settle.getByLabel('Reçu par').selectOption({ label: 'Virement' });
    await settle.getByLabel('Référence').fill('VIR 2026-12');
    await settle.getByLabel('Montant reçu').fill('60');
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    await b.page.getByTestId('settle-confirm').getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await b.text('settle-done', 'Règlement enregistré : 3 échéances réglées en tout ou en partie.');
    expect(await b.amount('deferred-outstanding', 0)).toBe('0.00 CHF');

    // the server: the installments paid, the school's deferred balance 0
    await b.page.getByTestId('sync-indicator').click();
    await expect
      .poll(async () => (await started.store.db.selectFrom('installments').select(['paid_minor']).where('contact_id', '=', 'c-amis').orderBy('seq').execute()).map((i) => Number(i.paid_minor)), { timeout: 10_000 })
      .toEqual([2000, 2000, 2000]);
    const invoices = await started.store.db.selectFrom('events').select(['till_id', 'payload']).where('type', '=', 'invoice_issued').execute();
    expect(invoices.map((e) => [e.till_id, (JSON.parse(e.payload) as { number: string; totalMinor: number }).number, (JSON.parse(e.payload) as { totalMinor: number }).totalMinor])).toEqual([['G2', 'F-G2-000001', 6000]]);
    const balance = await started.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'deferred:c-amis').executeTakeFirstOrThrow();
    expect(Number(balance.balance_minor)).toBe(0);

    // at till A, B's invoice on the school's account: issued elsewhere, no receipt copy before its document is here; its PDF is
    // the document B archived, fetched from the server and kept with the SHA-256 B's entry seals
    const dbA = session.till.web.till.context.db;
    // the supervisor, who may print (the administrator may not: no copy button for them anywhere)
    await a.logout();
    await a.login('Sam Superviseur', '135790');
    await a.page.getByTestId('sync-indicator').click();
    await expect.poll(() => (dbA.prepare("SELECT COUNT(*) AS n FROM known_installments WHERE invoice_number = 'F-G2-000001'").get() as { n: number }).n, { timeout: 10_000 }).toBe(3);
    await a.go('Compte d’attente');
    await a.page.getByRole('heading', { name: 'Compte d’attente', level: 1 }).waitFor();
    await a.openDeferredAccount('amis', amis);
    const invoiceB = a.page.getByTestId('invoice-row').filter({ hasText: 'F-G2-000001' });
    await invoiceB.getByTestId('invoice-elsewhere').filter({ hasText: 'Émise à un autre poste ou en ligne' }).waitFor();
    expect(await invoiceB.getByRole('button', { name: 'Copie ticket de la facture F-G2-000001 : aperçu et impression' }).count()).toBe(0);
    const pdf = await download(a.page, invoiceB.getByRole('button', { name: 'Ouvrir la facture F-G2-000001 en PDF' }));
    expect(pdf.name).toBe('F-G2-000001.pdf');
    expect(pdfText(pdf.bytes)).toContain('F-G2-000001');
    const sealedAtB = dbB().prepare('SELECT d.sha256 FROM invoice_documents d JOIN invoices i ON i.id = d.invoice_id WHERE i.number = ?').get('F-G2-000001');
    expect(dbA.prepare('SELECT sha256 FROM known_invoice_documents WHERE number = ?').get('F-G2-000001')).toEqual(sealedAtB);
    // kept here now: its receipt copy is offered at once, without reading the account again
    await invoiceB.getByRole('button', { name: 'Copie ticket de la facture F-G2-000001 : aperçu et impression' }).waitFor();
  });
});

// Issue 7's e2e: a till in Chromium loses its ledger server (stopped), keeps selling on a
// contact's credit balance and on an organisation's account within its offline allowance,
// is refused beyond it with what is left, and, once the server is back on its port, sends
// everything: the header says online with nothing waiting and the server's balances are
// the till's own, account by account.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../sync/src/server.ts';
import { admin, testAdminKey } from '../sync/src/testing/harness.ts';
import { TillPage } from './till-page.ts';
import { dispatcherAs, startWebTill, type WebTill } from './web-till.ts';

const screenshots = process.env.GUICHET_SCREENSHOTS === '1' ? 'docs/screenshots' : '.tmp/screenshots';
const misanthrope = 'Le Misanthrope — Molière';

describe('a till in Chromium through a server outage', () => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-e2e-server-'));
  let server: RunningServer;
  let port = 0;
  let till: WebTill;
  const start = async () => {
    server = await startServer({ dataDir: folder, port, adminKey: testAdminKey, log: () => {} });
    port = server.port;
  };
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    await start();
    till = await startWebTill();
  }, 60_000);
  afterAll(async () => {
    await till?.stop();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** The till's own methods, for setting the scene as the administrator and supervisor would. */
  const as = (userId: string, pin: string) => dispatcherAs(till, userId, pin);
  const status = () => till.web.till.dispatch('sync.status', {}, null) as { ok: true; value: { online: boolean; waitingEvents: number; offlineCapMinor: number } };
  const until = async (probe: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('sells on credit and on account within its offline allowance, is refused beyond it, and the server ends with its balances', async () => {
    // ---- enrolled, 100.– on Marie Dupont's balance, an offline cap of 60.– for this till
    const tillId = till.web.till.context.tillId;
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: 'Guichet 1' });
    as('u-admin', '456789')('sync.enrol', { serverUrl: server.url, code: code.value.code });
    expect((await admin(server.url, 'PUT', `/tills/${tillId}`, { offlineCapMinor: 6000 })).ok).toBe(true);

    const context = await till.newContext();
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    await page.goto(till.web.url);
    const cashier = new TillPage(page);
    await cashier.login('Camille Caissière', '123456');
    await cashier.openTill({ '20.–': 5 }, 10000);
    as('u-supervisor', '234567')('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000 });
    await until(() => status().value.online && status().value.waitingEvents === 0 && status().value.offlineCapMinor === 6000, 'the till to be synced');
    await page.locator('[data-testid="sync-indicator"][data-state="online"][data-waiting="0"]').waitFor();

    // ---- the server goes away
    await server.close();
    await page.locator('[data-testid="sync-indicator"][data-state="offline"]').waitFor({ timeout: 20_000 });

    const sellPlein = async (buyerSearch: string, buyer: string) => {
      await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
      await cashier.addTariff('Plein tarif');
      await cashier.chooseBuyer(buyerSearch, buyer);
      await cashier.amount('basket-total', 4500);
    };
    const refused = async (code: string) => {
      const atEntry = page.locator(`[data-testid="payment-error"][data-code="${code}"]`);
      await atEntry.or(page.getByTestId('tenders')).first().waitFor();
      if (!(await atEntry.isVisible())) await cashier.checkout();
      return cashier.alert(code, 'payment-error');
    };

    // 45.– of Marie Dupont's balance: within the 60.– this till may commit offline
    await sellPlein('dupont', 'Marie Dupont');
    await cashier.pay('Solde avoir', '45');
    await cashier.checkout();
    await cashier.saleDone().waitFor();
    await cashier.nextSale();

    // 45.– more is refused with the 15.– left; 15.– of the balance and the rest in cash goes through
    await sellPlein('dupont', 'Marie Dupont');
    // the credit offer says what this till may still commit offline, not the 55.– balance
    await page.getByTestId('credit-offer-offline').waitFor();
    const offline = (await page.getByTestId('credit-offer-offline').textContent()) ?? '';
    expect(offline.replace(/\s/g, ' ')).toMatch(/^hors ligne : au plus (CHF 15\.00|15\.00 CHF) sur ce poste$/);
    await page.screenshot({ path: `${screenshots}/sync-offline-credit-offer.png` });
    await cashier.pay('Solde avoir', '45');
    expect(await refused('offline_cap_exceeded')).toBe('Hors ligne, ce poste ne peut pas engager plus de 15.00 CHF sur ce compte (plafond hors ligne).');
    await page.locator('[data-testid="sync-indicator"][data-state="offline"]').hover();
    await page.screenshot({ path: `${screenshots}/sync-offline-refusal.png` });
    await cashier.button('Vider le panier').click();
    await page.getByRole('dialog', { name: 'Vider le panier' }).getByRole('button', { name: 'Vider le panier' }).click();
    await page.getByTestId('tenders').waitFor({ state: 'detached' });
    await sellPlein('dupont', 'Marie Dupont');
    await cashier.pay('Solde avoir', '15');
    await cashier.pay('Espèces', '30');
    await cashier.checkout();
    await cashier.saleDone().waitFor();
    await cashier.nextSale();

    // on account for the school: 45.– goes, 45.– more is refused with the 15.– left
    await sellPlein('bois', 'École du Bois-Gentil');
    await cashier.payWith('Compte d’attente');
    await cashier.checkout();
    await cashier.saleDone().waitFor();
    await cashier.nextSale();
    await sellPlein('bois', 'École du Bois-Gentil');
    await cashier.payWith('Compte d’attente');
    expect(await refused('offline_cap_exceeded')).toBe('Hors ligne, ce poste ne peut pas engager plus de 15.00 CHF sur ce compte (plafond hors ligne).');
    const waitingOffline = Number(await page.getByTestId('sync-indicator').getAttribute('data-waiting'));
    expect(waitingOffline).toBe(3); // the three sales made offline

    // ---- the server is back on its port: everything goes up, nothing waits
    await start();
    // the client may be deep in its backoff (up to 30 s): the cashier asks for a sync now
    await page.getByTestId('sync-indicator').click();
    await page.locator('[data-testid="sync-indicator"][data-state="online"][data-waiting="0"]').waitFor({ timeout: 30_000 });
    const local = till.web.till.context.db.prepare('SELECT account_id, balance_minor FROM account_balances ORDER BY account_id').all() as { account_id: string; balance_minor: number }[];
    const remote = await server.store.db.selectFrom('balances').select(['account_id', 'balance_minor']).orderBy('account_id').execute();
    const remoteById = new Map(remote.map((r) => [r.account_id, Number(r.balance_minor)]));
    expect(local.filter((l) => l.balance_minor !== 0).map((l) => [l.account_id, remoteById.get(l.account_id) ?? 0])).toEqual(local.filter((l) => l.balance_minor !== 0).map((l) => [l.account_id, l.balance_minor]));
    expect(remoteById.get('credit:c-dupont')).toBe(-10_000 + 4500 + 1500);
    expect(remoteById.get('deferred:c-ecole')).toBe(4500);
    await context.close();
  }, 120_000);
});

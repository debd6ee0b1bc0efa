// A gift voucher spent twice across channels, on a supervisor's screen (issue 15 point 2,
// ADR 0013), in headless Chromium against web mode and a ledger server in this process
// (PGlite in memory): the till sells a 50.– voucher and pushes it; its line to the server
// cut, the web shop spends the voucher in full online while the till, offline, takes 30.–
// of it within its offline cap. The line mended, the server keeps both sales and flags
// the voucher overspent by 30.–; after the pull, Rapports clients → Bons dépassés (reached
// by the keyboard from Découverts) shows it: code, sold where and when, value, spent, the
// excess, this till's share and the other channels', as of the last sync. At 1024×768,
// photographed (docs/screenshots/overspent-vouchers.png with GUICHET_SCREENSHOTS=1).
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { admin, call, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { screenshots, useTillSession } from './session.ts';
import { plainSpaces } from './till-page.ts';
import { dispatcherAs } from './web-till.ts';

const session = useTillSession('overspent-vouchers');
const { newTillPage, one } = session;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];
const byVoucher = (code: string, amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an overspent gift voucher', () => {
  it('spent online while the till was offline and again at the till, is shown to a supervisor beside the overdrafts', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const web = session.till.web.till;
    const tillId = web.context.tillId;
    const as = (userId: string, pin: string) => dispatcherAs(session.till, userId, pin);
    const status = () => (web.dispatch('sync.status', {}, null) as { ok: true; value: { online: boolean; waitingEvents: number; offlineCapMinor: number } }).value;
    const enrolment = await admin(started.url, 'POST', '/enrolment-codes', { tillId, tillName: 'Guichet 1' });
    as('u-admin', '456789')('sync.enrol', { serverUrl: started.url, code: enrolment.value.code });
    expect((await admin(started.url, 'PUT', `/tills/${tillId}`, { offlineCapMinor: 6000 })).ok).toBe(true);
    const shopKey = (await admin(started.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;

    // the till sells a 50.– voucher; the server publishes it, the till pulls it back
    as('u-supervisor', '234567')('sessions.open', { float: [] });
    const cashier = as('u-cashier', '123456');
    const sold = cashier('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    const { id: voucherId, code } = (sold.vouchers as { id: string; code: string }[])[0]!;
    await until(() => status().online && status().waitingEvents === 0 && status().offlineCapMinor === 6000, 'the till to be synced');
    await until(() => one<{ n: number }>('SELECT COUNT(*) AS n FROM known_vouchers WHERE id = ?', voucherId).n === 1, 'the till to pull its voucher');

    // the till's line cut (as a cable): it goes offline, the server stays up for the web shop
    const client = web.context.sync as unknown as { options: { fetch: typeof fetch } };
    const realFetch = client.options.fetch;
    client.options.fetch = () => Promise.reject(new TypeError('fetch failed'));
    as('u-supervisor', '234567')('sync.now', {});
    await until(() => !status().online, 'the till to see the cut');

    // the web shop spends it in full online; the till, offline, still believes 50.– are left and takes 30.– (its cap: 60.–)
    const online = await call(started.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-favre', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 10 }], payments: [byVoucher(code, 5000)] },
    });
    expect(online.ok, JSON.stringify(online.error)).toBe(true);
    cashier('sales.checkout', { requestId: ulid(), lines: programme(6), buyerContactId: null, payments: [byVoucher(code, 3000)] });

    // the line mended: the server keeps the till's sale and flags the voucher; the till pulls the flag
    client.options.fetch = realFetch;
    as('u-supervisor', '234567')('sync.now', {});
    await until(() => one<{ overspent: number }>('SELECT overspent_minor AS overspent FROM known_vouchers WHERE id = ?', voucherId).overspent === 3000, 'the till to pull the flag');
    await until(() => status().online && status().waitingEvents === 0, 'the till to be synced again');

    const supervisor = await newTillPage();
    await supervisor.page.setViewportSize({ width: 1024, height: 768 });
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.go('Rapports clients');
    // by the keyboard: from the overdrafts' tab, the next one
    await supervisor.page.getByRole('tab', { name: 'Découverts' }).click();
    await supervisor.page.keyboard.press('ArrowRight');
    const tab = supervisor.page.getByRole('tab', { name: 'Bons dépassés' });
    await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
    expect(await tab.evaluate((element) => element === document.activeElement)).toBe(true);

    const panel = supervisor.page.getByTestId('report-overspentVouchers');
    await panel.getByRole('heading', { name: 'Bons cadeaux dépassés signalés par le serveur central' }).waitFor();
    const row = panel.getByTestId('overspent-table').locator('tbody tr').filter({ hasText: code });
    await row.waitFor();
    expect(await panel.getByTestId('overspent-table').locator('tbody tr').count()).toBe(1);
    await row.locator('[data-testid="overspent-value"][data-minor="5000"]').waitFor();
    await row.locator('[data-testid="overspent-spent"][data-minor="8000"]').waitFor();
    await row.locator('[data-testid="overspent-excess"][data-minor="3000"]').waitFor();
    const cells = (await row.locator('td').allTextContents()).map(plainSpaces);
    expect(cells[0]).toBe(code);
    expect(cells[1]).toMatch(/^Guichet 1, le \d{1,2} \S+ \d{4}, \d{2}:\d{2}$/);
    expect(cells.slice(2, 5)).toEqual(['50.00', '80.00', '30.00']);
    expect(plainSpaces((await row.getByTestId('overspent-spent-by').innerText()).replace(/\n/g, ' | '))).toMatch(
      /^ce poste \(Guichet 1\) : (30\.00 CHF|CHF 30\.00) \| autres postes et vente en ligne : (50\.00 CHF|CHF 50\.00)$/,
    );
    expect(plainSpaces((await panel.getByTestId('accounts-as-of').textContent()) ?? '')).toMatch(/^Toute la billetterie \(postes et vente en ligne\) · synchronisé /);
    // fits the window: nothing scrolls sideways
    expect(await supervisor.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await supervisor.page.screenshot({ path: `${screenshots}/overspent-vouchers.png` });
  });
});

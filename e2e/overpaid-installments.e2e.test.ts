// An installment collected twice, on a supervisor's screen (issue 15 point 2, ADR 0013), in
// headless Chromium against web mode and a ledger server in this process (PGlite in
// memory): a school orders 60.– online on account in three installments; the till pulls
// them; its line to the server cut, the school pays the first one online while the till,
// offline, settles it again by cheque. The line mended, the server keeps both payments and
// moves the 20.– paid twice to the school's credit balance (its own installment_overpaid
// entry); after the pull, Rapports clients → Échéances payées deux fois (reached by the
// keyboard from Bons dépassés) shows the installment, the payer, what was paid, the excess
// and when it went to credit, and the credit history shows the movement. At 1024×768,
// photographed (docs/screenshots/overpaid-installments.png with GUICHET_SCREENSHOTS=1).
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { admin, call, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { screenshots, useTillSession } from './session.ts';
import { plainSpaces } from './till-page.ts';
import { dispatcherAs } from './web-till.ts';

const session = useTillSession('overpaid-installments');
const { newTillPage, one } = session;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an installment collected twice', () => {
  it('paid online while the till was offline and again at the till by cheque, is shown to a supervisor moved to the payer’s credit balance', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const web = session.till.web.till;
    const tillId = web.context.tillId;
    const as = (userId: string, pin: string) => dispatcherAs(session.till, userId, pin);
    const status = () => (web.dispatch('sync.status', {}, null) as { ok: true; value: { online: boolean; waitingEvents: number } }).value;
    const enrolment = await admin(started.url, 'POST', '/enrolment-codes', { tillId, tillName: 'Guichet 1' });
    as('u-admin', '456789')('sync.enrol', { serverUrl: started.url, code: enrolment.value.code });
    const shopKey = (await admin(started.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
    const shop = (method: string, path: string, body?: unknown) => call(started.url, method, path, { token: shopKey, body });

    // the school orders 60.– online on account, in three installments; the till pulls them
    const order = await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-ecole', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] });
    expect(order.ok, JSON.stringify(order.error)).toBe(true);
    const listed = (await shop('GET', '/v1/shop/contacts/c-ecole/installments')).value as { id: string; seq: number; orderId: string }[];
    const first = listed.filter((i) => i.orderId === order.value.orderId).sort((a, b) => a.seq - b.seq)[0]!;
    const supervisorCalls = as('u-supervisor', '234567');
    supervisorCalls('sessions.open', { float: [] });
    await until(() => status().online && status().waitingEvents === 0, 'the till to be synced');
    await until(() => one<{ n: number }>('SELECT COUNT(*) AS n FROM known_installments WHERE id = ?', first.id).n === 1, 'the till to pull the installments');

    // the till's line cut: it goes offline; the school pays the first installment online; the till settles it again by cheque
    const client = web.context.sync as unknown as { options: { fetch: typeof fetch } };
    const realFetch = client.options.fetch;
    client.options.fetch = () => Promise.reject(new TypeError('fetch failed'));
    supervisorCalls('sync.now', {});
    await until(() => !status().online, 'the till to see the cut');
    expect((await shop('POST', `/v1/shop/installments/${first.id}/pay`, { requestId: ulid(), methodId: 'pm-card' })).ok).toBe(true);
    supervisorCalls('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, reference: 'CHQ 1042', installmentIds: [first.id], excessToCredit: false });

    // the line mended: the server moves the excess to the school's credit balance; the till pulls the movement
    client.options.fetch = realFetch;
    supervisorCalls('sync.now', {});
    await until(() => one<{ n: number }>("SELECT COUNT(*) AS n FROM known_movements WHERE entry_type = 'installment_overpaid' AND contact_id = 'c-ecole'").n === 2, 'the till to pull the moved excess');
    await until(() => status().online && status().waitingEvents === 0, 'the till to be synced again');

    const supervisor = await newTillPage();
    await supervisor.page.setViewportSize({ width: 1024, height: 768 });
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.go('Rapports clients');
    // by the keyboard: from the overspent vouchers' tab, the next one
    await supervisor.page.getByRole('tab', { name: 'Bons dépassés' }).click();
    await supervisor.page.keyboard.press('ArrowRight');
    const tab = supervisor.page.getByRole('tab', { name: 'Échéances payées deux fois' });
    await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');

    const panel = supervisor.page.getByTestId('report-overpaidInstallments');
    await panel.getByRole('heading', { name: 'Échéances encaissées deux fois signalées par le serveur central' }).waitFor();
    const row = panel.getByTestId('overpaid-table').locator('tbody tr').first();
    await row.locator('[data-testid="overpaid-excess"][data-minor="2000"]').waitFor();
    expect(await panel.getByTestId('overpaid-table').locator('tbody tr').count()).toBe(1);
    const cells = (await row.locator('td').allTextContents()).map(plainSpaces);
    expect(cells[0]).toBe(`1/3 de ${order.value.number as string} (Vente en ligne)`);
    expect(cells[1]).toBe('École du Bois-Gentil');
    expect(cells.slice(2, 5)).toEqual(['20.00', '40.00', '20.00']);
    expect(cells[5]).toMatch(/^(20\.00 CHF|CHF 20\.00) le \d{1,2} \S+ \d{4}, \d{2}:\d{2}$/);
    expect(plainSpaces((await panel.getByTestId('accounts-as-of').textContent()) ?? '')).toMatch(/^Toute la billetterie \(postes et vente en ligne\) · synchronisé /);
    expect(await supervisor.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await supervisor.page.screenshot({ path: `${screenshots}/overpaid-installments.png` });
  });
});

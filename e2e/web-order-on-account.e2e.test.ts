// A web order on account at an enrolled till (issue 15 point 3, D3), in headless Chromium
// against web mode and a ledger server in this process (PGlite in memory): a school orders
// on account on the web shop; after the till's pull a supervisor sees its installments in
// the Compte d'attente, invoices it in the till's own series (Facturer…) and settles it by
// transfer (Régler…, a hold taken on the server first); the server then reads it paid.
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { admin, call, startTestServer } from '../sync/src/testing/harness.ts';
import type { RunningServer } from '../sync/src/server.ts';
import { useTillSession } from './session.ts';
import type { TillPage } from './till-page.ts';

const session = useTillSession('web-order-on-account');
const { newTillPage, one } = session;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a web order on account at a till', () => {
  it('is shown to a supervisor after the pull, invoiced in the till’s series and settled by transfer; the server reads it paid', async () => {
    const started = await startTestServer({ engine: 'pglite', clock: { nowMs: () => Date.now() } });
    server = started;
    const tillId = session.till.web.till.context.tillId;
    const code = await admin(started.url, 'POST', '/enrolment-codes', { tillId, tillName: 'Guichet 1' });
    const administrator = await newTillPage();
    await administrator.login('Alex Administrateur', '456789');
    await administrator.enrol(started.url, code.value.code as string);

    const shopKey = (await admin(started.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
    const web = await call(started.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-amis', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] },
    });
    expect(web.ok).toBe(true);
    const webNumber = web.value.number as string;

    const supervisor = await newTillPage();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.page.getByTestId('sync-indicator').click();
    await expect.poll(() => one<{ n: number }>("SELECT COUNT(*) AS n FROM known_orders WHERE payer_contact_id = 'c-amis'").n, { timeout: 10_000 }).toBe(1);
    await supervisor.page.keyboard.press('Alt+A');
    await supervisor.page.getByRole('heading', { name: 'Compte d’attente', level: 1 }).waitFor();
    const amis = 'Association Les Amis du Théâtre';
    await supervisor.openDeferredAccount('amis', amis);
    await supervisor.page.getByTestId('deferred-open-items').getByText(webNumber).first().waitFor();

    await supervisor.button('Facturer…').click();
    const invoicing = supervisor.page.getByTestId('invoice-dialog');
    await invoicing.getByTestId('invoice-order').first().waitFor();
    await invoicing.getByRole('button', { name: 'Émettre la facture' }).click();
    await supervisor.page.getByTestId('invoice-done').getByText(`Facture F-${tillId}-000001 émise : 60.00 CHF.`, { exact: false }).waitFor();
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM known_installments WHERE invoice_number = 'F-${tillId}-000001'`).n).toBe(3);

    await supervisor.button('Régler…').click();
    const settle = supervisor.page.getByTestId('settle-dialog');
    await settle.getByLabel('Reçu par').selectOption({ label: 'Virement' });
    await settle.getByLabel('Référence').fill('VIR 2026-12');
    await settle.getByLabel('Montant reçu').fill('60');
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    const confirmSettle = supervisor.page.getByTestId('settle-confirm');
    await confirmSettle.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await supervisor.text('settle-done', 'Règlement enregistré : 3 échéances réglées en tout ou en partie.');

    await supervisor.page.getByTestId('sync-indicator').click();
    await expect
      .poll(async () => (await started.store.db.selectFrom('installments').select(['paid_minor']).where('contact_id', '=', 'c-amis').orderBy('seq').execute()).map((i) => Number(i.paid_minor)), { timeout: 10_000 })
      .toEqual([2000, 2000, 2000]);
  });
});

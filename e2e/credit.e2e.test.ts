// The credit balance (solde avoir, issue 4, seed 003 paths 3–9) at the counter, in
// headless Chromium against web mode on a fresh data folder: funding, the coins sign,
// spending in a split tender, the refusal above the balance, a voucher's remainder,
// a refund to credit, a pay-out, the history and the three reports with their files.
// Amounts are asserted on screen and in the database.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportFiles } from './files.ts';
import { plainSpaces } from './till-page.ts';
import { screenshots, useTillSession } from './session.ts';

const misanthrope = 'Le Misanthrope — Molière';
const plein = `${misanthrope} — Plein tarif`;
const dupont = 'Marie Dupont';
const creditAccount = 'credit:c-dupont';

const session = useTillSession('credit');
const { newTillPage, rows, one } = session;
/** The ledger's view of Marie Dupont's balance: a liability, negative when she is owed. */
function ledgerBalance(): number {
  return one<{ balance_minor: number }>('SELECT balance_minor FROM account_balances WHERE account_id = ?', creditAccount).balance_minor;
}

function ledgerMovements(): { entry_type: string; amount_minor: number; balance_after_minor: number }[] {
  return rows('SELECT entry_type, amount_minor, balance_after_minor FROM account_movements WHERE account_id = ? ORDER BY at_ms, rowid', creditAccount);
}

/** The report's CSV, parsed back; and its PDF, whose text names the contact. */
async function checkFiles(page: Page, panel: Locator, expectedRows: number): Promise<string[][]> {
  const { records, text } = await reportFiles(page, panel);
  expect(records.length - 1, 'data rows under the header').toBe(expectedRows);
  expect(records.some((r) => r.some((f) => f.includes('Dupont')))).toBe(true);
  expect(text).toContain('Dupont');
  return records;
}

describe('the credit balance at the counter', () => {
  it('funds, shows the coins, spends in a split tender, refuses beyond the balance, takes a voucher remainder, refunds to credit, pays out, and reports', async () => {
    // ---- path 3: a supervisor funds Marie Dupont's balance with 100.00 by card
    const supervisor = await newTillPage();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.openTill({ '20.–': 5 }, 10000);
    await supervisor.page.keyboard.press('Alt+S');
    await supervisor.page.getByRole('heading', { name: 'Solde avoir', level: 1 }).waitFor();
    await supervisor.openCreditAccount('dupont', dupont);
    expect(await supervisor.amount('credit-balance', 0)).toBe('0.00 CHF');
    await expect(supervisor.page.getByTestId('account-coins').count()).resolves.toBe(0);
    expect(await supervisor.button('Rembourser le solde…').isDisabled()).toBe(true);
    await supervisor.page.getByTestId('credit-reason').filter({ hasText: 'Le solde est nul : rien à rembourser.' }).waitFor();

    await supervisor.creditOperation('fund', 'Carte bancaire', '100', 'TPE 4411');
    await supervisor.page.getByRole('status').filter({ hasText: 'Solde avoir alimenté de 100.00 CHF.' }).waitFor();
    expect(await supervisor.amount('credit-balance', 10000)).toBe('100.00 CHF');
    expect(ledgerBalance()).toBe(-10000);
    expect(ledgerMovements()).toEqual([{ entry_type: 'credit_fund', amount_minor: -10000, balance_after_minor: -10000 }]);

    // ---- path 2 of the issue: the coins sign and its tooltip, by pointer and by keyboard
    const accountCoins = supervisor.page.getByTestId('account-coins');
    expect(plainSpaces((await accountCoins.getAttribute('aria-label')) ?? '')).toBe('Solde avoir : 100.00 CHF');
    expect(await supervisor.coinsTooltip(accountCoins)).toBe('Solde avoir : 100.00 CHF');
    await supervisor.page.mouse.move(0, 0);
    await supervisor.page.getByRole('tooltip').waitFor({ state: 'detached' });
    const listCoins = supervisor.page.locator('[data-testid="contact-row"][data-contact="c-dupont"] [data-testid="coins"]');
    await listCoins.focus();
    expect(plainSpaces((await supervisor.page.getByRole('tooltip').textContent()) ?? '')).toBe('Solde avoir : 100.00 CHF');
    await supervisor.page.keyboard.press('Escape');
    await supervisor.page.getByRole('tooltip').waitFor({ state: 'detached' });

    // ---- a cashier may read a balance, not fund it nor pay it out
    const cashier = await newTillPage();
    await cashier.login('Camille Caissière', '123456');
    await cashier.go('Solde avoir');
    await cashier.openCreditAccount('dupont', dupont);
    expect(await cashier.button('Alimenter…').isDisabled()).toBe(true);
    expect(await cashier.button('Rembourser le solde…').isDisabled()).toBe(true);
    await cashier.page.getByTestId('credit-reason').filter({ hasText: 'Réservé aux superviseurs' }).waitFor();

    // ---- path 4: 2 × plein (90.00), 60.00 from the balance, the rest in cash
    await cashier.go('Vente');
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.addTariff('Plein tarif');
    expect(await cashier.amount('basket-total', 9000)).toBe('90.00 CHF');
    await cashier.chooseBuyer('dupont', dupont);
    expect(await cashier.coinsTooltip(cashier.page.getByTestId('buyer-coins'))).toBe('Solde avoir : 100.00 CHF');
    expect(await cashier.amount('credit-offer-balance', 10000)).toBe('100.00 CHF');
    await cashier.page.getByLabel('Montant reçu (F8)').fill('60');
    await cashier.button('Payer avec le solde avoir').click();
    expect(await cashier.amount('pay-remaining', 3000)).toBe('30.00 CHF');
    await cashier.page.getByTestId('credit-offer').filter({ hasText: 'encore disponible : 40.00 CHF' }).waitFor();
    await cashier.pay('Espèces');
    await cashier.amount('pay-remaining', 0);
    await cashier.checkout();
    await cashier.saleDone().waitFor();
    expect(await cashier.saleDone().getByTestId('order-number').textContent()).toBe('Dossier G1-000001');
    await cashier.nextSale();
    const firstOrder = one<{ id: string }>("SELECT id FROM orders WHERE number = 'G1-000001'");
    expect(rows('SELECT method_id, amount_minor FROM payments WHERE order_id = ? ORDER BY seq', firstOrder.id)).toEqual([
      { method_id: 'pm-credit', amount_minor: 6000 },
      { method_id: 'pm-cash', amount_minor: 3000 },
    ]);
    expect(ledgerBalance()).toBe(-4000);

    // ---- spending more than the balance is refused with what is available, nothing written
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.chooseBuyer('dupont', dupont);
    await cashier.amount('credit-offer-balance', 4000);
    await cashier.pay('Solde avoir', '45');
    const refusedAtEntry = cashier.page.locator('[data-testid="payment-error"][data-code="credit_insufficient"]');
    await refusedAtEntry.or(cashier.page.getByTestId('tenders')).first().waitFor();
    // sales.quote does not check the balance yet (reported): then the checkout refuses it
    if (!(await refusedAtEntry.isVisible())) await cashier.checkout();
    expect(await cashier.alert('credit_insufficient', 'payment-error')).toBe('Solde avoir insuffisant : disponible 40.00 CHF.');
    await cashier.button('Vider le panier').click();
    await cashier.page.getByRole('dialog', { name: 'Vider le panier' }).getByRole('button', { name: 'Vider le panier' }).click();
    await cashier.basketLines().first().waitFor({ state: 'detached' });
    await cashier.page.getByTestId('tenders').waitFor({ state: 'detached' });
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM orders').n).toBe(1);

    // ---- path 5: a gift voucher of 50.– bought earlier, anonymously (the emptied basket has no buyer), in cash
    await cashier.button('Bons cadeaux').click();
    await cashier.page.getByRole('group', { name: 'Bons cadeaux' }).getByRole('button', { name: /^Bon cadeau 50/ }).click();
    await cashier.text('buyer', 'Anonyme');
    await cashier.amount('basket-total', 5000);
    await cashier.pay('Espèces');
    await cashier.checkout();
    const voucherCode = (await cashier.saleDone().getByTestId('voucher-code').textContent()) ?? '';
    expect(voucherCode).not.toBe('');
    await cashier.nextSale();

    // it pays a programme and a poster (17.00): without a buyer the till says so at once
    await cashier.addItem('Programme de salle');
    await cashier.addItem('Affiche de la saison');
    expect(await cashier.amount('basket-total', 1700)).toBe('17.00 CHF');
    await cashier.page.getByLabel('Référence').fill(voucherCode);
    await cashier.pay('Bon cadeau', '50');
    expect(await cashier.alert('buyer_required', 'payment-error')).toBe(
      'Le bon dépasse le dû de 33.00 CHF : ce reste ira sur le solde avoir de l’acheteur. Choisissez l’acheteur, puis saisissez le bon à nouveau.Choisir l’acheteur (F4)',
    );
    // the refusal's own button opens the buyer picker; the voucher typed is still there
    await cashier.button('Choisir l’acheteur (F4)').click();
    const picker = cashier.page.getByTestId('contact-picker');
    await picker.getByLabel('Nom, prénom, e-mail ou ville').fill('dupont');
    await picker.getByRole('button', { name: `Choisir ${dupont}` }).click();
    await cashier.page.getByTestId('buyer').filter({ hasText: dupont }).waitFor();
    await cashier.pay('Bon cadeau');
    expect(await cashier.amount('pay-to-credit', 3300)).toBe('33.00 CHF');
    await cashier.checkout();
    expect(await cashier.amount('sale-to-credit', 3300)).toBe('33.00 CHF');
    expect(await cashier.saleDone().getByTestId('order-number').textContent()).toBe('Dossier G1-000003');
    await cashier.nextSale();
    expect(ledgerBalance()).toBe(-7300);

    // ---- path 6: one ticket of the first order refunded to the balance
    await cashier.openOrder('G1-000001');
    expect(await cashier.coinsTooltip(cashier.page.getByTestId('order-buyer-coins'))).toBe('Solde avoir : 73.00 CHF');
    await cashier.page.getByLabel(`Quantité à rembourser — ${plein}`).fill('1');
    expect(await cashier.amount('refund-total', 4500)).toBe('45.00 CHF');
    await cashier.button('Tout sur le solde avoir').click();
    expect(await cashier.page.getByLabel(/^Sur le solde avoir de Marie Dupont/).inputValue()).toBe('45.00');
    expect(await cashier.page.getByLabel('Sur Espèces').inputValue()).toBe('0.00');
    await cashier.page.getByLabel('Motif du remboursement').fill('Échange contre une autre date');
    await cashier.button('Rembourser…').click();
    await cashier.page.getByRole('dialog', { name: 'Confirmer le remboursement' }).getByRole('button', { name: 'Rembourser', exact: true }).click();
    await cashier.page.getByRole('status').filter({ hasText: 'Remboursement enregistré.' }).waitFor();
    await cashier.page.locator('[data-testid="order-buyer-coins"][data-minor="11800"]').waitFor();
    expect(rows("SELECT method_id, amount_minor FROM refund_payments")).toEqual([{ method_id: 'pm-credit', amount_minor: 4500 }]);
    expect(ledgerBalance()).toBe(-11800);

    // ---- path 7: the supervisor pays 18.00 of it back in cash, after a confirmation
    await supervisor.openCreditAccount('dupont', dupont);
    expect(await supervisor.amount('credit-balance', 11800)).toBe('118.00 CHF');
    await supervisor.button('Rembourser le solde…').click();
    const payOut = supervisor.page.getByTestId('credit-payOut');
    expect(await payOut.getByLabel('Montant').inputValue()).toBe('118.00');
    await payOut.getByRole('button', { name: 'Annuler' }).click();
    await supervisor.creditOperation('payOut', 'Espèces', '18');
    await supervisor.page.getByRole('status').filter({ hasText: '18.00 CHF remboursé du solde avoir.' }).waitFor();
    expect(await supervisor.amount('credit-balance', 10000)).toBe('100.00 CHF');
    expect(ledgerBalance()).toBe(-10000);

    // ---- path 8: the history lists every movement, newest first, with the running balance
    const history = supervisor.page.getByTestId('credit-movement');
    await supervisor.page.locator('[data-testid="credit-movement"][data-kind="paid_out"]').waitFor();
    expect(await history.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')))).toEqual([
      'paid_out',
      'refunded_to_credit',
      'voucher_overflow',
      'spent',
      'funded',
    ]);
    expect(await history.getByTestId('movement-amount').allTextContents()).toEqual(['-18.00', '+45.00', '+33.00', '-60.00', '+100.00']);
    expect(await history.getByTestId('movement-balance').allTextContents()).toEqual(['100.00', '118.00', '73.00', '40.00', '100.00']);
    const orderCells = await history.evaluateAll((trs) => trs.map((tr) => tr.children[3]?.textContent ?? ''));
    expect(orderCells).toEqual(['', 'G1-000001', 'G1-000003', 'G1-000001', '']);
    expect(ledgerMovements()).toEqual([
      { entry_type: 'credit_fund', amount_minor: -10000, balance_after_minor: -10000 },
      { entry_type: 'sale', amount_minor: 6000, balance_after_minor: -4000 },
      { entry_type: 'sale', amount_minor: -3300, balance_after_minor: -7300 },
      { entry_type: 'refund', amount_minor: -4500, balance_after_minor: -11800 },
      { entry_type: 'credit_payout', amount_minor: 1800, balance_after_minor: -10000 },
    ]);
    await supervisor.coinsTooltip(listCoins);
    await supervisor.page.screenshot({ path: `${screenshots}/credit-balance.png` });
    await supervisor.page.mouse.move(0, 0);

    // ---- path 10 of the issue: the X report's customer-account column and credit lines
    await supervisor.go('Rapport X');
    await supervisor.page.getByTestId('x-report').waitFor();
    await supervisor.amount('accounts-pm-card', 10000);
    await supervisor.amount('accounts-pm-cash', -1800);
    // signed as the balances moved: + they grew, − they shrank (the printed X says the same)
    await supervisor.amount('report-creditFunded', 10000);
    await supervisor.amount('report-creditSpent', -6000);
    await supervisor.amount('report-creditRefunded', 4500);
    await supervisor.amount('report-creditPaidOut', -1800);
    await supervisor.amount('report-creditFromVouchers', 3300);
    await supervisor.amount('report-creditNet', 10000 - 6000 + 4500 - 1800 + 3300);

    // ---- path 9: the three reports, on screen, as CSV and as PDF
    await supervisor.page.keyboard.press('Alt+R');
    await supervisor.page.getByRole('heading', { name: 'Rapports des comptes clients' }).waitFor();

    // Bordereau: every till over the current month, shown as soon as the screen opens
    const slip = supervisor.page.getByTestId('report-creditSlip');
    const slipRows = slip.getByTestId('creditSlip-table-row');
    await supervisor.text('creditSlip-count', '5 lignes affichées sur 5');
    expect(await supervisor.amount('creditSlip-credited', 17800)).toBe('178.00 CHF');
    expect(await supervisor.amount('creditSlip-debited', 7800)).toBe('78.00 CHF');
    expect(await supervisor.amount('creditSlip-net', 10000)).toBe('100.00 CHF');
    // a click on a header sorts by it, a second click the other way
    const amountHeader = slip.locator('th').filter({ has: supervisor.page.locator('[data-column="amount"]') });
    await slip.locator('[data-column="amount"]').click();
    expect(await amountHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(plainSpaces((await slipRows.first().locator('td').last().textContent()) ?? '')).toBe('-60.00');
    await slip.locator('[data-column="amount"]').click();
    expect(await amountHeader.getAttribute('aria-sort')).toBe('descending');
    expect(plainSpaces((await slipRows.first().locator('td').last().textContent()) ?? '')).toBe('+100.00');
    // the filter keeps the rows that say every word typed
    await slip.getByLabel('Filtrer les lignes').fill('remboursement');
    await supervisor.text('creditSlip-count', '2 lignes affichées sur 5');
    await slip.getByLabel('Filtrer les lignes').fill('REMBOURSEMENT especes');
    await supervisor.text('creditSlip-count', '1 ligne affichée sur 5');
    expect(plainSpaces((await slipRows.first().locator('td').last().textContent()) ?? '')).toBe('-18.00');
    await slip.getByLabel('Filtrer les lignes').fill('');
    await supervisor.text('creditSlip-count', '5 lignes affichées sur 5');
    await checkFiles(supervisor.page, slip, 5);

    // Suivi des comptes: Marie Dupont from 0.00 to 100.00 over the month
    await supervisor.page.getByRole('tab', { name: 'Suivi des comptes d’avoir' }).click();
    const accounts = supervisor.page.getByTestId('report-creditAccounts');
    await supervisor.text('creditAccounts-count', '1 ligne affichée sur 1');
    // the services name contacts "Name First name" in reports, sorted by family name
    const dupontRow = accounts.getByTestId('creditAccounts-table-row').filter({ hasText: 'Dupont' });
    expect((await dupontRow.locator('td').allTextContents()).map(plainSpaces)).toEqual(['Marie Dupont', '0.00', '178.00', '78.00', '100.00']);
    expect(await supervisor.amount('creditAccounts-closing', 10000)).toBe('100.00');
    await checkFiles(supervisor.page, accounts, 1);

    // Suivi des mouvements: the contacts picked by search
    await supervisor.page.getByRole('tab', { name: 'Suivi des mouvements des comptes d’avoir' }).click();
    const movements = supervisor.page.getByTestId('report-creditMovements');
    // the period in French order (a date input would follow the browser's locale), typed so too
    const today = new Date();
    const monthStart = `01.${String(today.getMonth() + 1).padStart(2, '0')}.${today.getFullYear()}`;
    expect(await movements.getByTestId('period-from').inputValue()).toBe(monthStart);
    expect(await movements.getByTestId('period-to').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    await movements.getByTestId('period-from').fill(`1.${today.getMonth() + 1}.${today.getFullYear()}`);
    await movements.getByRole('button', { name: 'Afficher' }).click();
    await movements.getByRole('alert').filter({ hasText: 'Ajoutez au moins un contact.' }).waitFor();
    await movements.getByRole('button', { name: 'Ajouter un contact…' }).click();
    const reportPicker = supervisor.page.getByTestId('contact-picker');
    await reportPicker.getByLabel('Nom, prénom, e-mail ou ville').fill('dupont');
    await reportPicker.getByRole('button', { name: `Choisir ${dupont}` }).click();
    await movements.getByTestId('report-contact').filter({ hasText: dupont }).waitFor();
    await movements.getByRole('button', { name: 'Afficher' }).click();
    await supervisor.text('creditMovements-count', '5 lignes affichées sur 5');
    const balances = await movements.getByTestId('creditMovements-table-row').evaluateAll((trs) => trs.map((tr) => tr.lastElementChild?.textContent ?? ''));
    expect(balances.map(plainSpaces)).toEqual(['100.00', '40.00', '73.00', '118.00', '100.00']);
    await checkFiles(supervisor.page, movements, 5);

    // the report scrolls inside the window: make the window as tall as the report
    await supervisor.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reportHeight = await supervisor.page.locator('main.account-reports').evaluate((element) => element.scrollHeight);
    await supervisor.page.setViewportSize({ width: 1440, height: reportHeight + 170 });
    await supervisor.page.screenshot({ path: `${screenshots}/credit-report.png` });
    await supervisor.page.setViewportSize({ width: 1440, height: 900 });
  });
});

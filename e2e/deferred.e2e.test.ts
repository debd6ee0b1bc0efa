// The compte d'attente (issue 5, seed 000) at the counter, in headless Chromium against web
// mode on a fresh data folder: the seed's five steps end to end — (1) an organisation pays
// on account, with installments, and gets its tickets; (2) a supervisor follows the
// accounts in the two reports, on screen and as files; (3) invoices one order, then many;
// (4–5) records a cheque and settles part of the account, then the rest — plus the payer
// change before invoicing, the billing-contact change after it, a refund on account, the
// X report's lines, new contacts and who may pay on account. Amounts are asserted on
// screen and in the database.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellTexts, download, pdfText, reportFiles } from './files.ts';
import { deferredData, ecoleAccount, names } from './deferred-data.ts';
import { screenshots, useTillSession } from './session.ts';
import { ShiftedClock } from './web-till.ts';

const { misanthrope, quatuor, contes, ecole, amis, mairie, tracked, onAccount } = names;
let clock = new ShiftedClock();
const session = useTillSession('deferred', { clock: () => (clock = new ShiftedClock()) });
const { newTillPage, rows, one } = session;

/** What the ledger says École du Bois-Gentil owes (a receivable: positive when it owes). */
function ecoleOutstanding(): number {
  return one<{ balance_minor: number } | undefined>('SELECT balance_minor FROM account_balances WHERE account_id = ?', ecoleAccount)?.balance_minor ?? 0;
}

const { orderId, installments } = deferredData(session);

describe('the compte d’attente at the counter', () => {
  it('pays on account with installments, reports, invoices one order then many, changes payer and billing contact, refunds, and settles by cheque in two parts', async () => {
    const supervisor = await newTillPage();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.openTill({ '20.–': 5 }, 10000);
    const cashier = await newTillPage();
    await cashier.login('Camille Caissière', '123456');

    // ---- step 1: École du Bois-Gentil pays 4 × plein (180.00) on account in 3 installments
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    for (let i = 0; i < 4; i += 1) await cashier.addTariff('Plein tarif');
    expect(await cashier.amount('basket-total', 18000)).toBe('180.00 CHF');
    // paying on account needs a buyer: the refusal says so as the payment is entered, with its button
    await cashier.payWith(tracked);
    expect(await cashier.alert('buyer_required', 'payment-error')).toContain('Un contact acheteur est requis pour ce paiement.');
    await cashier.page.getByTestId('payment-error').getByRole('button', { name: 'Choisir l’acheteur (F4)' }).click();
    await cashier.pickContact('dupont', 'Marie Dupont');
    // a person is not authorised (the buyer's line says nothing of an account they may not use)
    await expect(cashier.page.getByTestId('deferred-offer').count()).resolves.toBe(0);
    await cashier.payWith(tracked);
    expect(await cashier.alert('deferred_not_authorised', 'payment-error')).toBe('Ce contact n’est pas autorisé à payer par compte d’attente.');
    await cashier.chooseBuyer('bois', ecole);
    await cashier.text('deferred-offer', 'Compte d’attente : encours 0.00 CHF sur 2 000.00 CHF autorisés');
    const first = await cashier.sellPaying(() => cashier.payWith(tracked));
    expect(first).toBe('G1-000001');
    // the schedule on the confirmation: three installments of 60.00, a month apart
    const schedule = cashier.saleDone().getByTestId('deferred-item');
    await expect(schedule.count()).resolves.toBe(3);
    expect(await cashier.saleDone().getByTestId('item-amount').allTextContents()).toEqual(['60.00', '60.00', '60.00']);
    expect((await schedule.first().locator('td').first().textContent()) ?? '').toBe('1 / 3');
    await cashier.saleDone().getByText('Payé sur le compte d’attente d’École du Bois-Gentil').waitFor();
    // and its tickets, sold like any others
    expect(await cashier.barcodes()).toHaveLength(4);
    await cashier.nextSale();
    const dueDates = rows<{ due_date: string }>('SELECT due_date FROM deferred_items WHERE order_id = ? ORDER BY seq', orderId(first)).map((r) => r.due_date);
    expect(new Set(dueDates).size).toBe(3);
    expect(installments(first)).toEqual([
      [1, 3, 6000, 6000, 'c-ecole'],
      [2, 3, 6000, 6000, 'c-ecole'],
      [3, 3, 6000, 6000, 'c-ecole'],
    ]);
    expect(rows('SELECT COUNT(*) AS n FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ?', orderId(first))).toEqual([{ n: 4 }]);
    expect(ecoleOutstanding()).toBe(18000);

    // above the limit: refused as the payment is entered, with the headroom left
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.setQuantity(`${misanthrope} — Plein tarif`, 45);
    await cashier.amount('basket-total', 202500);
    await cashier.chooseBuyer('bois', ecole);
    await cashier.payWith(onAccount);
    expect(await cashier.alert('deferred_limit_exceeded', 'payment-error')).toBe('Encours maximum dépassé : disponible 1 820.00 CHF.');
    await cashier.button('Vider le panier').click();
    await cashier.page.getByRole('dialog', { name: 'Vider le panier' }).getByRole('button', { name: 'Vider le panier' }).click();
    await cashier.basketLines().first().waitFor({ state: 'detached' });

    // a split tender: 65.00, 20.00 in cash and the rest on account (one installment, no schedule)
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Tarif réduit');
    await cashier.addTariff('Tarif réduit');
    await cashier.addItem('Programme de salle');
    await cashier.amount('basket-total', 6500);
    await cashier.chooseBuyer('bois', ecole);
    const second = await cashier.sellPaying(async () => {
      await cashier.pay('Espèces', '20');
      await cashier.amount('pay-remaining', 4500);
      await cashier.payWith(onAccount);
    });
    expect(second).toBe('G1-000002');
    expect(await cashier.saleDone().getByTestId('item-amount').allTextContents()).toEqual(['45.00']);
    await cashier.nextSale();

    // 5 × Quatuor plein (190.00) on account
    await cashier.choosePerformance(quatuor, 'e-quatuor-p1');
    for (let i = 0; i < 5; i += 1) await cashier.addTariff('Plein tarif');
    await cashier.chooseBuyer('bois', ecole);
    const third = await cashier.sellPaying(() => cashier.payWith(onAccount));
    expect(third).toBe('G1-000003');
    await cashier.nextSale();

    // the basket setting: invoice each payment on account as it is made
    await cashier.page.getByLabel('Facturer automatiquement chaque paiement différé').check();
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.chooseBuyer('bois', ecole);
    const fourth = await cashier.sellPaying(() => cashier.payWith(onAccount));
    expect(fourth).toBe('G1-000004');
    await cashier.text('sale-invoice', 'Facture F-G1-000001 émisePDF');
    await cashier.nextSale();
    await cashier.page.getByLabel('Facturer automatiquement chaque paiement différé').uncheck();

    // a small order charged to the school by mistake: its payer changes before invoicing
    await cashier.choosePerformance(contes, 'e-contes-p1');
    await cashier.addTariff('Enfant');
    await cashier.chooseBuyer('bois', ecole);
    const fifth = await cashier.sellPaying(() => cashier.payWith(onAccount));
    expect(fifth).toBe('G1-000005');
    await cashier.nextSale();
    expect(ecoleOutstanding()).toBe(18000 + 4500 + 19000 + 4500 + 950);

    await supervisor.openOrder(fifth);
    await supervisor.text('order-payer-name', ecole);
    await supervisor.button('Changer le payeur…').click();
    await supervisor.pickContact('amis', amis);
    await supervisor.page.getByRole('dialog', { name: 'Changer le payeur' }).getByRole('button', { name: 'Changer le payeur' }).click();
    await supervisor.text('order-payer-name', amis);
    expect(installments(fifth)).toEqual([[1, 1, 950, 950, 'c-amis']]);
    const outstanding = 18000 + 4500 + 19000 + 4500;
    expect(ecoleOutstanding()).toBe(outstanding);

    // ---- step 2: the supervisor follows the accounts in the reports
    await supervisor.page.keyboard.press('Alt+R');
    await supervisor.page.getByRole('heading', { name: 'Rapports des comptes clients' }).waitFor();
    await supervisor.page.getByRole('tab', { name: 'Suivi des comptes d’attente' }).click();
    const accounts = supervisor.page.getByTestId('report-deferredAccounts');
    await supervisor.text('deferredAccounts-count', '3 lignes affichées sur 3');
    await accounts.getByLabel('Encours minimum').fill('100');
    await accounts.getByRole('button', { name: 'Afficher' }).click();
    await supervisor.text('deferredAccounts-count', '1 ligne affichée sur 1');
    expect(await cellTexts(accounts.getByTestId('deferredAccounts-table-row'))).toEqual([ecole, 'Oui', '2 000.00', '460.00', '0.00', '1 540.00']);
    expect(await supervisor.amount('deferredAccounts-outstanding', outstanding)).toBe('460.00');
    const accountFiles = await reportFiles(supervisor.page, accounts);
    expect(accountFiles.records).toHaveLength(2);
    expect(accountFiles.records[1]!.some((f) => f.includes('Bois-Gentil'))).toBe(true);
    expect(accountFiles.text).toContain('Bois-Gentil');

    await supervisor.page.getByRole('tab', { name: 'Mouvements du compte d’attente' }).click();
    const movements = supervisor.page.getByTestId('report-deferredMovements');
    // the current month, every status: five charges and the payer change's two movements
    await supervisor.text('deferredMovements-count', '7 lignes affichées sur 7');
    await movements.getByLabel('Statut').selectOption({ label: 'Ouverts' });
    await movements.getByLabel('Ajouter un produit…').selectOption({ label: quatuor });
    await movements.getByTestId('report-product').filter({ hasText: quatuor }).waitFor();
    await movements.getByRole('button', { name: 'Ajouter un contact…' }).click();
    await supervisor.pickContact('bois', ecole);
    await movements.getByRole('button', { name: 'Afficher' }).click();
    await supervisor.text('deferredMovements-count', '1 ligne affichée sur 1');
    const quatuorRow = await cellTexts(movements.getByTestId('deferredMovements-table-row'));
    // the outstanding after it: the first two orders and this one
    expect(quatuorRow.slice(1)).toEqual([ecole, 'Guichet 1', 'Camille Caissière', third, 'Paiement différé', onAccount, 'ouvert', '+190.00', '415.00']);
    expect(await supervisor.amount('deferredMovements-charged', 19000)).toBe('190.00 CHF');
    const movementFiles = await reportFiles(supervisor.page, movements);
    expect(movementFiles.records).toHaveLength(2);
    expect(movementFiles.records[1]!.some((f) => f.includes(third))).toBe(true);
    expect(movementFiles.text).toContain(third);

    // ---- step 3: one order invoiced from its detail, then the others together
    await supervisor.openOrder(first);
    expect(await supervisor.page.getByTestId('order-schedule').getByTestId('item-amount').allTextContents()).toEqual(['60.00', '60.00', '60.00']);
    await supervisor.button('Facturer ce dossier').click();
    await supervisor.page.getByTestId('order-invoice').filter({ hasText: 'Facturé : F-G1-000002' }).waitFor();
    expect(await supervisor.page.getByTestId('order-schedule').getByTestId('item-invoice').allTextContents()).toEqual(['F-G1-000002', 'F-G1-000002', 'F-G1-000002']);
    // invoiced: the payer is no longer changed, the billing contact is
    await expect(supervisor.button('Changer le payeur…').count()).resolves.toBe(0);

    await supervisor.page.keyboard.press('Alt+A');
    await supervisor.page.getByRole('heading', { name: 'Compte d’attente', level: 1 }).waitFor();
    await supervisor.openDeferredAccount('bois', ecole);
    expect(await supervisor.amount('deferred-outstanding', outstanding)).toBe('460.00 CHF');
    expect(await supervisor.amount('deferred-headroom', 200000 - outstanding)).toBe('1 540.00 CHF');
    await supervisor.button('Facturer…').click();
    const invoicing = supervisor.page.getByTestId('invoice-dialog');
    expect(await invoicing.getByTestId('invoice-order').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order')))).toEqual([second, third]);
    await invoicing.getByRole('button', { name: 'Tout décocher' }).click();
    await expect(invoicing.getByRole('button', { name: 'Émettre la facture' }).isDisabled()).resolves.toBe(true);
    // the orders of a period (the current quarter): both were charged today
    await invoicing.getByRole('button', { name: 'Cocher ceux de la période' }).click();
    await invoicing.getByText('2 dossiers cochés sur 2.').waitFor();
    await invoicing.getByRole('button', { name: 'Émettre la facture' }).click();
    await supervisor.text('invoice-done', 'Facture F-G1-000003 émise : 235.00 CHF.PDF');
    const invoice3 = supervisor.page.locator('[data-testid="invoice-row"][data-number="F-G1-000003"]');
    await invoice3.waitFor();
    expect(await cellTexts(invoice3)).toEqual(expect.arrayContaining(['F-G1-000003', 'Facture', '235.00', '235.00']));

    // the invoice as the customer gets it: an A4 PDF with its payment QR code
    const pdf = await download(supervisor.page, invoice3.getByRole('button', { name: 'Ouvrir la facture F-G1-000003 en PDF' }));
    expect(pdf.name).toMatch(/\.pdf$/);
    const invoiceText = pdfText(pdf.bytes);
    expect(invoiceText).toContain('F-G1-000003');
    expect(invoiceText).toContain(ecole);
    expect(invoiceText).toContain('235.00');
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/deferred-invoice.pdf', pdf.bytes);
    execFileSync('pdftoppm', ['-r', '100', '-png', '-f', '1', '-l', '1', '-singlefile', '.tmp/deferred-invoice.pdf', `${screenshots}/deferred-invoice`]);

    // and its receipt copy, previewed as the receipt printer would print it
    await invoice3.getByRole('button', { name: 'Copie ticket de la facture F-G1-000003 : aperçu et impression' }).click();
    const copy = supervisor.page.getByRole('dialog', { name: 'Copie ticket de la facture F-G1-000003' });
    await copy.getByRole('button', { name: 'Texte' }).click();
    const copyText = (await copy.getByTestId('receipt-text').textContent()) ?? '';
    expect(copyText).toContain('FACTURE N° F-G1-000003');
    expect(copyText).toContain(ecole);
    expect(copyText).toMatch(/TOTAL FACTURE\s+235\.00 CHF/);
    await copy.getByRole('button', { name: 'Fermer', exact: true }).click();
    await copy.waitFor({ state: 'detached' });

    // ---- after invoicing, the billing contact of the fourth order changes: a cancellation and a new invoice
    await supervisor.openOrder(fourth);
    await supervisor.page.getByTestId('order-invoice').filter({ hasText: 'Facturé : F-G1-000001' }).getByRole('button', { name: 'Changer le contact de facturation…' }).click();
    await supervisor.pickContact('carouge', mairie);
    const billing = supervisor.page.getByRole('dialog', { name: 'Changer le contact de facturation' });
    await billing.getByText('Émettre une facture d’annulation de F-G1-000001 et une nouvelle facture au nom de Mairie de Carouge ?', { exact: false }).waitFor();
    await billing.getByRole('button', { name: 'Émettre les deux factures' }).click();
    await supervisor.page.getByTestId('billing-done').getByText('Facture d’annulation F-G1-000004 et nouvelle facture F-G1-000005 au nom de Mairie de Carouge émises.').waitFor();
    await supervisor.page.getByTestId('order-invoice').filter({ hasText: 'Facturé : F-G1-000005' }).waitFor();
    expect(rows('SELECT number, kind, contact_id, total_minor, (SELECT number FROM invoices c WHERE c.id = i.cancels_invoice_id) AS cancels FROM invoices i ORDER BY seq')).toEqual([
      { number: 'F-G1-000001', kind: 'invoice', contact_id: 'c-ecole', total_minor: 4500, cancels: null },
      { number: 'F-G1-000002', kind: 'invoice', contact_id: 'c-ecole', total_minor: 18000, cancels: null },
      { number: 'F-G1-000003', kind: 'invoice', contact_id: 'c-ecole', total_minor: 23500, cancels: null },
      { number: 'F-G1-000004', kind: 'cancellation', contact_id: 'c-ecole', total_minor: -4500, cancels: 'F-G1-000001' },
      { number: 'F-G1-000005', kind: 'invoice', contact_id: 'c-mairie', total_minor: 4500, cancels: null },
    ]);
    expect(ecoleOutstanding()).toBe(outstanding - 4500);

    // ---- steps 4–5: a cheque of 100.00 arrives for invoice F-G1-000003: found by its number, it is paid first
    await supervisor.go('Compte d’attente');
    await supervisor.findDeferredByInvoice('f-g1-000003', ecole);
    expect(await supervisor.amount('deferred-outstanding', 41500)).toBe('415.00 CHF');
    await supervisor.page.locator('[data-testid="invoice-row"][data-number="F-G1-000001"]').getByText('annulée par F-G1-000004').waitFor();
    await supervisor.page.locator('[data-testid="invoice-row"][data-number="F-G1-000004"]').getByText('annule F-G1-000001').waitFor();
    await supervisor.button('Régler…').click();
    const settle = supervisor.page.getByTestId('settle-dialog');
    expect(await settle.getByLabel('Facture à régler d’abord').inputValue()).toBe(one<{ id: string }>("SELECT id FROM invoices WHERE number = 'F-G1-000003'").id);
    expect(await settle.getByLabel('Montant reçu').inputValue()).toBe('235.00');
    await settle.getByLabel('Reçu par').selectOption({ label: 'Chèque' });
    // a cheque without its number is not recorded: the dialog says why, under the field
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    await settle.getByTestId('reference-problem').getByText('Un règlement par Chèque demande sa référence', { exact: false }).waitFor();
    expect(await settle.getByLabel('Référence').getAttribute('aria-invalid')).toBe('true');
    await settle.getByLabel('Référence').fill('CHQ 1001');
    expect(await settle.getByTestId('reference-problem').count()).toBe(0);
    await settle.getByLabel('Montant reçu').fill('100');
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    const confirmSettle = supervisor.page.getByTestId('settle-confirm');
    await confirmSettle.getByText('Enregistrer Chèque (CHQ 1001) de 100.00 CHF pour École du Bois-Gentil', { exact: false }).waitFor();
    await confirmSettle.getByText('La facture F-G1-000003 est réglée en premier.').waitFor();
    await confirmSettle.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await supervisor.text('settle-done', 'Règlement enregistré : 2 échéances réglées en tout ou en partie.');
    expect(await supervisor.amount('deferred-outstanding', 31500)).toBe('315.00 CHF');
    // the invoice's oldest installments first: the second order's 45.00, then 55.00 of the third's
    expect(installments(second)).toEqual([[1, 1, 4500, 0, 'c-ecole']]);
    expect(installments(third)).toEqual([[1, 1, 19000, 13500, 'c-ecole']]);
    expect(installments(first).map((i) => i[3])).toEqual([6000, 6000, 6000]);
    expect(ecoleOutstanding()).toBe(31500);
    await supervisor.page.locator('[data-testid="deferred-movement"][data-kind="settled"]').waitFor();

    // the account screen as a supervisor sees it mid-way: open installments, invoices, history (the window as tall as the account)
    await supervisor.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const accountHeight = await supervisor.page.getByTestId('deferred-account').evaluate((element) => element.getBoundingClientRect().top + element.scrollHeight + 16);
    await supervisor.page.setViewportSize({ width: 1440, height: Math.ceil(accountHeight) });
    await supervisor.page.screenshot({ path: `${screenshots}/deferred-account.png` });
    // on a 1024×768 till the account's tables fit its panel: nothing to scroll sideways
    await supervisor.page.setViewportSize({ width: 1024, height: 768 });
    const overflow = await supervisor.page.getByTestId('deferred-account').evaluate((panel) => panel.scrollWidth - panel.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await supervisor.page.setViewportSize({ width: 1440, height: 900 });

    // a cashier reads the account but neither settles nor invoices it
    await cashier.page.keyboard.press('Alt+A');
    await cashier.openDeferredAccount('bois', ecole);
    await cashier.amount('deferred-outstanding', 31500);
    expect(await cashier.button('Régler…').isDisabled()).toBe(true);
    expect(await cashier.button('Facturer…').isDisabled()).toBe(true);
    await cashier.page.getByTestId('deferred-reason').filter({ hasText: 'Réservé aux superviseurs' }).waitFor();

    // ---- C8: the third order refunded; the account takes back only what is still open on it (135.00), the rest goes to credit
    await supervisor.openOrder(third);
    await supervisor.page.getByLabel(`Quantité à rembourser — ${quatuor} — Plein tarif`).fill('5');
    expect(await supervisor.amount('refund-total', 19000)).toBe('190.00 CHF');
    const toAccount = supervisor.page.getByLabel(/^Sur Compte d’attente/);
    expect(await toAccount.inputValue()).toBe('135.00');
    await supervisor.page.getByText('au plus 135.00 CHF (encore dû sur le compte d’attente)').waitFor();
    // asking the account for more than is open is refused, nothing written
    await toAccount.fill('190');
    await supervisor.page.getByLabel('Motif du remboursement').fill('Concert annulé');
    await supervisor.button('Rembourser…').click();
    const confirmRefund = supervisor.page.getByRole('dialog', { name: 'Confirmer le remboursement' });
    await confirmRefund.getByRole('button', { name: 'Rembourser', exact: true }).click();
    expect(await supervisor.alert('refund_exceeds_paid')).toBe('Remboursement supérieur au montant payé par ce mode : au plus 135.00 CHF.');
    await confirmRefund.getByRole('button', { name: 'Annuler' }).click();
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM refunds').n).toBe(0);
    await toAccount.fill('135');
    await supervisor.page.getByLabel('Sur le solde avoir d’École du Bois-Gentil').fill('55');
    await supervisor.button('Rembourser…').click();
    await confirmRefund.getByRole('button', { name: 'Rembourser', exact: true }).click();
    await supervisor.page.getByRole('status').filter({ hasText: 'Remboursement enregistré.' }).waitFor();
    expect(installments(third)).toEqual([[1, 1, 19000, 0, 'c-ecole']]);
    expect(ecoleOutstanding()).toBe(18000);

    // ---- the rest: a second cheque of 200.00 for the 180.00 still owed, oldest installments first
    await supervisor.go('Compte d’attente');
    await supervisor.openDeferredAccount('bois', ecole);
    expect(await supervisor.amount('deferred-outstanding', 18000)).toBe('180.00 CHF');
    await supervisor.button('Régler…').click();
    expect(await settle.getByLabel('Montant reçu').inputValue()).toBe('180.00');
    await settle.getByLabel('Reçu par').selectOption({ label: 'Chèque' });
    await settle.getByLabel('Référence').fill('CHQ 1002');
    await settle.getByLabel('Montant reçu').fill('200');
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    await confirmSettle.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    // more than is owed: refused unless the surplus goes to the credit balance
    expect(await supervisor.alert('settlement_exceeds_outstanding', 'settle-error')).toBe(
      'Le règlement dépasse l’encours de 20.00 CHF : cochez « verser le surplus sur le solde avoir » ou corrigez le montant (encours 180.00 CHF).',
    );
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM settlements').n).toBe(1);
    await settle.getByLabel('Verser le surplus sur le solde avoir du contact').check();
    await settle.getByRole('button', { name: 'Enregistrer le règlement…' }).click();
    await confirmSettle.getByText('Ce qui dépasse l’encours ira sur le solde avoir du contact.').waitFor();
    await confirmSettle.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await supervisor.text('settle-done', 'Règlement enregistré : 3 échéances réglées en tout ou en partie. 20.00 CHF versés sur le solde avoir.');
    expect(await supervisor.amount('deferred-outstanding', 0)).toBe('0.00 CHF');
    await supervisor.page.getByText('Aucune échéance ouverte.').waitFor();
    expect(ecoleOutstanding()).toBe(0);
    expect(installments(first).map((i) => i[3])).toEqual([0, 0, 0]);
    expect(rows('SELECT method_id, amount_minor, to_credit_minor, reference FROM settlements ORDER BY created_at_ms')).toEqual([
      { method_id: 'pm-cheque', amount_minor: 10000, to_credit_minor: 0, reference: 'CHQ 1001' },
      { method_id: 'pm-cheque', amount_minor: 20000, to_credit_minor: 2000, reference: 'CHQ 1002' },
    ]);
    expect(one<{ balance_minor: number }>("SELECT balance_minor FROM account_balances WHERE account_id = 'credit:c-ecole'").balance_minor).toBe(-7500);
    expect(rows("SELECT COALESCE(SUM(open_minor), 0) AS open FROM deferred_item_state WHERE payer_contact_id = 'c-ecole'")).toEqual([{ open: 0 }]);
    // the history: every movement, newest first (the two payer changes moved receivables out)
    expect(await supervisor.page.getByTestId('deferred-movement').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')))).toEqual([
      'settled',
      'refunded',
      'settled',
      'moved_out',
      'moved_out',
      'charged',
      'charged',
      'charged',
      'charged',
      'charged',
    ]);

    // ---- the X report: the account's lines next to the credit lines
    await supervisor.go('Rapport X');
    await supervisor.page.getByTestId('x-report').waitFor();
    await supervisor.amount('report-deferredCharged', 18000 + 4500 + 19000 + 4500 + 950);
    await supervisor.amount('report-deferredRefunded', -13500);
    const settledMinor = one<{ n: number }>("SELECT COALESCE(SUM(amount_minor - to_credit_minor), 0) AS n FROM settlements").n;
    expect(settledMinor).toBe(28000);
    await supervisor.amount('report-deferredSettled', -settledMinor);

    // ---- the movements report of the month, every account (as it opens), for the screenshot:
    // five charges, the payer and billing changes (out of one account, into another), two settlements, a refund
    await supervisor.page.keyboard.press('Alt+R');
    await supervisor.page.getByRole('tab', { name: 'Mouvements du compte d’attente' }).click();
    await supervisor.text('deferredMovements-count', '12 lignes affichées sur 12');
    expect(await supervisor.amount('deferredMovements-net', 950 + 4500)).toBe('54.50 CHF');
    await supervisor.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reportHeight = await supervisor.page.locator('main.account-reports').evaluate((element) => element.scrollHeight);
    await supervisor.page.setViewportSize({ width: 1440, height: reportHeight + 170 });
    await supervisor.page.screenshot({ path: `${screenshots}/deferred-report.png` });
    await supervisor.page.setViewportSize({ width: 1440, height: 900 });
  });
});

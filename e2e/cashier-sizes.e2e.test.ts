// The cashier's screen at real till sizes (issue 17): at 1366×768 and 1024×768 a supervisor
// opens, sells, refunds one ticket found by its scanned barcode, sells paid by a credit
// balance and closes. At each step the page never scrolls sideways, and on the sale screen
// the total, the payments entered and the pay button are inside the window.
import { describe, expect, it } from 'vitest';
import { plainSpaces, type TillPage } from './till-page.ts';
import { screenshots, useTillSession } from './session.ts';

const { newTillPage, rows } = useTillSession('cashier-sizes');
const misanthrope = 'Le Misanthrope — Molière';

interface Fit {
  pageWidth: number;
  pageHeight: number;
  /** What lies (partly) outside the window, by name. */
  outside: string[];
}

/** The page's scroll size and which of the sale's essentials are not wholly in the window. */
async function fit(till: TillPage, essentials: Record<string, string>): Promise<Fit> {
  return till.page.evaluate((named) => {
    const outside: string[] = [];
    for (const [name, selector] of Object.entries(named)) {
      const element = document.querySelector(selector);
      const box = element?.getBoundingClientRect();
      if (!box || box.width === 0 || box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) outside.push(name);
    }
    const page = document.scrollingElement!;
    return { pageWidth: page.scrollWidth, pageHeight: page.scrollHeight, outside };
  }, essentials);
}

/** No sideways scroll (any screen). */
async function expectNoSidewaysScroll(till: TillPage, step: string): Promise<void> {
  const width = till.page.viewportSize()!.width;
  expect((await fit(till, {})).pageWidth, `${step}: page width`).toBeLessThanOrEqual(width);
}

/** The sale screen: no scroll either way; total, payments and pay button in sight. */
async function expectSaleFits(till: TillPage, step: string, isBasketEmpty = false): Promise<void> {
  const { width, height } = till.page.viewportSize()!;
  const found = await fit(till, {
    // an empty basket has no total yet
    ...(isBasketEmpty ? {} : { total: '[data-testid="basket-total"]' }),
    payments: '.payments-entered',
    pay: '.button-checkout',
  });
  expect({ step, ...found }).toEqual({ step, pageWidth: width, pageHeight: height, outside: [] });
}

async function walk(width: number, height: number): Promise<void> {
  const till = await newTillPage();
  await till.page.setViewportSize({ width, height });
  await till.login('Sophie Superviseure', '234567');
  await expectNoSidewaysScroll(till, 'opening');
  await till.openTill({ '20.–': 5 }, 10000);

  // ---- a sale: two tickets and a programme, by card
  await till.choosePerformance(misanthrope, 'e-misanthrope-p1');
  await till.addTariff('Plein tarif');
  await till.addTariff('Plein tarif');
  await till.addItem('Programme de salle');
  await till.amount('basket-total', 9500);
  await expectSaleFits(till, 'basket');
  await till.pay('Carte bancaire', '50');
  await till.amount('pay-remaining', 4500);
  await expectSaleFits(till, 'a payment entered');
  // back on the shows: the performance chosen is still there with its tariffs
  await till.button('Spectacles').click();
  await till.page.getByRole('group', { name: 'Tarifs' }).waitFor();
  await expectSaleFits(till, 'the tariffs shown');
  await till.page.screenshot({ path: `${screenshots}/cashier-${width}.png` });
  await till.pay('Espèces', '50');
  await till.amount('pay-remaining', 0);
  await expectSaleFits(till, 'settled');
  await till.checkout();
  const barcodes = await till.barcodes();
  expect(barcodes).toHaveLength(2);
  await expectNoSidewaysScroll(till, 'sale done');
  await till.nextSale();
  // the performance stays chosen for the next customer: back on the shows, its tariffs are there at once
  await till.button('Spectacles').click();
  await till.page.getByRole('group', { name: 'Tarifs' }).getByRole('button', { name: /^Plein tarif/ }).waitFor();
  await expectSaleFits(till, 'next sale', true);

  // ---- a refund of the second ticket, found by its scanned barcode
  await till.go('Dossiers');
  const search = till.page.getByLabel('Rechercher un dossier (numéro, nom, code-barres d’un billet)');
  await search.fill(barcodes[1]!);
  await search.press('Enter');
  await till.page.getByTestId('scanned-ticket').filter({ hasText: barcodes[1]! }).waitFor();
  await expect(till.page.getByRole('checkbox', { name: `Rembourser le billet ${barcodes[1]}` }).isChecked()).resolves.toBe(true);
  await expect(till.page.getByRole('checkbox', { name: `Rembourser le billet ${barcodes[0]}` }).isChecked()).resolves.toBe(false);
  await expectNoSidewaysScroll(till, 'order found by barcode');
  await till.page.getByLabel('Motif du remboursement').fill('Billet rendu');
  await till.button('Rembourser…').click();
  await till.page.getByRole('dialog', { name: 'Confirmer le remboursement' }).getByRole('button', { name: 'Rembourser', exact: true }).click();
  await till.page.getByRole('status').filter({ hasText: 'Remboursement enregistré.' }).waitFor();
  expect(rows<{ barcode: string }>('SELECT t.barcode FROM refund_tickets rt JOIN tickets t ON t.id = rt.ticket_id')).toEqual([{ barcode: barcodes[1] }]);
  await expectNoSidewaysScroll(till, 'refunded');

  // ---- a sale paid by the buyer's credit balance (funded first on its screen)
  await till.go('Solde avoir');
  await till.openCreditAccount('dupont', 'Marie Dupont');
  await till.creditOperation('fund', 'Carte bancaire', '20');
  await expectNoSidewaysScroll(till, 'credit funded');
  await till.go('Vente');
  await till.addItem('Programme de salle');
  await till.chooseBuyer('dupont', 'Marie Dupont');
  await till.pay('Solde avoir');
  await till.amount('pay-remaining', 0);
  await expectSaleFits(till, 'paid by credit');
  await till.checkout();
  await till.saleDone().waitFor();
  // the confirmation says what is left of the balance: 20.– funded, 5.– spent
  await till.amount('sale-credit-left', 1500);
  await expectNoSidewaysScroll(till, 'credit sale done');
  await till.nextSale();

  // ---- the closing: counted blind, 10.– short (100.– expected), commented, 80.– kept as the next float
  await till.go('Clôture');
  await till.countOther('Carte bancaire', '70');
  await till.count({ '20.–': 4, '10.–': 1 });
  await till.page.getByText('masqué').first().waitFor();
  expect(await till.page.locator('[data-testid^="preview-expected-"]').count()).toBe(0);
  await expectNoSidewaysScroll(till, 'closing');
  await till.revealCount();
  await till.amount('preview-total-variance', -1000);
  expect(await till.button('Clôturer la caisse…').isDisabled()).toBe(true);
  await till.page.getByLabel('Fond gardé en caisse pour la prochaine ouverture').fill('80');
  await till.amount('preview-to-bank', 1000);
  await till.closeTill('Un billet de 10.– rendu en trop');
  const z = till.page.getByTestId('z-report');
  await z.waitFor();
  await till.text('report-closing-comment', 'Commentaire de clôture : Un billet de 10.– rendu en trop');
  await z.getByText('Comptage Espèces').waitFor();
  await z.getByText('Fond gardé en caisse').waitFor();
  await z.getByText('Versé à la banque').waitFor();
  await expectNoSidewaysScroll(till, 'Z report');

  // the next opening shows what the last closing counted
  await till.go('Vente');
  const lastClosing = till.page.getByTestId('last-closing');
  await lastClosing.waitFor();
  expect(plainSpaces((await lastClosing.textContent()) ?? '')).toMatch(/^Dernière clôture \(Z n° 1, .+\) : espèces comptées 90\.00 CHF, dont fond gardé 80\.00 CHF et versé à la banque 10\.00 CHF$/);
  await expectNoSidewaysScroll(till, 'opening after the closing');
}

describe('the cashier at real till sizes', () => {
  it('walks a sale, a refund by scanned ticket, a credit payment and a closing at 1366×768', async () => {
    await walk(1366, 768);
  });

  it('walks a sale, a refund by scanned ticket, a credit payment and a closing at 1024×768', async () => {
    await walk(1024, 768);
  });

  it('loses no click while the basket re-prices, says the right payment message, confirms a doubtful change, and gives the focus back to the sale', async () => {
    const till = await newTillPage();
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.login('Sophie Superviseure', '234567');
    await till.openTill({ '20.–': 5 }, 10000);
    await till.addItem('Programme de salle');
    await till.amount('basket-total', 500);
    // a quantity typed, then a payment method clicked at once: the click waits for the new price
    await till.page.getByLabel('Quantité — Programme de salle', { exact: true }).fill('3');
    await till.pay('Carte bancaire');
    await till.amount('basket-total', 1500);
    await till.amount('pay-remaining', 0);
    expect(rows('SELECT 1 FROM orders')).toEqual([]);
    await till.page.locator('.payments-entered').getByText('15.00 CHF').waitFor();
    await till.page.locator('.payments-entered button.remove').click();
    await till.amount('pay-remaining', 1500);

    // the credit balance of a buyer who has none: said so, and only the latest message is shown
    await till.pay('Chèque', 'abc');
    await till.page.locator('[data-testid="payment-error"][data-code="payment.invalidAmount"]').waitFor();
    await till.page.getByLabel('Montant reçu (F8)').fill('');
    await till.chooseBuyer('dupont', 'Marie Dupont');
    await till.pay('Solde avoir');
    expect(await till.alert('payment.noCreditLeft', 'payment-error')).toBe('Marie Dupont n’a pas de solde avoir à utiliser : choisissez un autre mode de paiement.');
    expect(await till.page.locator('.payment [role="alert"]').count()).toBe(1);

    // 500.– received for 15.–: the change is asked to be confirmed (and the drawer holds only 100.–)
    await till.pay('Espèces', '500');
    await till.amount('pay-remaining', 0);
    await till.checkout();
    const confirm = till.page.getByRole('dialog', { name: 'Confirmer la monnaie à rendre' });
    await confirm.getByText('Le tiroir ne contient que 100.00 CHF en espèces.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    expect(rows('SELECT 1 FROM orders')).toEqual([]);
    await till.page.locator('.payments-entered button.remove').click();
    await till.pay('Espèces', '20');
    await till.checkout();
    await till.saleDone().waitFor();

    // Esc on the receipt preview: the focus is back on "next sale", and Enter starts it
    await till.saleDone().getByRole('button', { name: 'Aperçu du reçu' }).click();
    await till.page.getByTestId('receipt-dialog').waitFor();
    await till.page.keyboard.press('Escape');
    await till.page.getByTestId('receipt-dialog').waitFor({ state: 'detached' });
    expect(await till.page.evaluate(() => document.activeElement?.textContent)).toContain('Nouvelle vente');
    await till.page.keyboard.press('Enter');
    await till.saleDone().waitFor({ state: 'detached' });

    // F4 finds nobody: the contact is created there and is the buyer of the sale
    await till.addItem('Programme de salle');
    await till.page.keyboard.press('F4');
    const picker = till.page.getByTestId('contact-picker');
    await picker.getByLabel('Nom, prénom, e-mail ou ville').fill('Zbinden');
    await picker.getByRole('button', { name: 'Nouveau contact…' }).click();
    const form = till.page.getByTestId('contact-create');
    await form.getByRole('button', { name: 'Individu' }).click();
    await expect(form.getByLabel('Nom', { exact: true }).inputValue()).resolves.toBe('Zbinden');
    await form.getByLabel('Prénom').fill('Zoé');
    await form.getByLabel('E-mail').fill('zoe.zbinden@example.ch');
    await form.getByRole('button', { name: 'Créer le contact' }).click();
    await till.page.getByTestId('buyer').filter({ hasText: 'Zoé Zbinden' }).waitFor();
    await picker.waitFor({ state: 'detached' });
    expect(rows("SELECT name, first_name, email FROM contacts WHERE name = 'Zbinden'")).toEqual([{ name: 'Zbinden', first_name: 'Zoé', email: 'zoe.zbinden@example.ch' }]);
  });
});

// The newcomer path of issue 3, steps 1–6, in headless Chromium against web mode on a
// fresh data folder: amounts asserted on screen and in the database.
import { describe, expect, it } from 'vitest';
import { screenshots, useTillSession } from './session.ts';

const misanthrope = 'Le Misanthrope — Molière';
const plein = `${misanthrope} — Plein tarif`;
const reduit = `${misanthrope} — Tarif réduit`;

const session = useTillSession('newcomer');
const { newTillPage, rows, one } = session;
const db = () => session.till.web.till.context.db;
describe('a newcomer at the till', () => {
  it('logs in, opens, sells with split tender, refunds, reads X, closes with a Z, and cannot sell after', async () => {
    const cashier = await newTillPage();

    // 1. log in by PIN: a wrong one first, then the keypad
    await cashier.chooseUser('Camille Caissière');
    await cashier.typePin('000000');
    expect(await cashier.alert('pin_incorrect', 'login-error')).toBe('Code PIN incorrect. Essais restants : 4.');
    await cashier.tapPin('123456');
    await cashier.page.getByTestId('current-user').filter({ hasText: 'Camille Caissière' }).waitFor();

    // open the till with a float counted by denomination: 5×20 + 5×10 + 4×5 + 5×2 + 10×1 = 190.00
    await cashier.openTill({ '20.–': 5, '10.–': 5, '5.–': 4, '2.–': 5, '1.–': 10 }, 19000);
    expect(one<{ float_minor: number }>('SELECT float_minor FROM till_sessions').float_minor).toBe(19000);

    // 2. 2 × plein + 1 × réduit on the first performance, and a programme
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.addTariff('Plein tarif');
    await cashier.addTariff('Tarif réduit');
    await cashier.addItem('Programme de salle');
    expect(await cashier.amount('basket-total', 12500)).toBe('125.00 CHF');
    expect(await cashier.basketLines().count()).toBe(3);
    expect(await cashier.basketLines().getByTestId('line-total').allTextContents()).toEqual(['90.00', '30.00', '5.00']);
    expect(await cashier.amount('vat-amount-810', 899)).toBe('8.99');
    expect(await cashier.amount('vat-amount-260', 13)).toBe('0.13');

    // remove a line, and add it again
    await cashier.removeLine(reduit);
    expect(await cashier.amount('basket-total', 9500)).toBe('95.00 CHF');
    expect(await cashier.basketLines().count()).toBe(2);
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Tarif réduit');
    expect(await cashier.amount('basket-total', 12500)).toBe('125.00 CHF');

    // a buyer contact
    await cashier.chooseBuyer('dupont', 'Marie Dupont');

    // 3. part by card, the rest in cash with a 50.– note; change rounded to 0.05
    await cashier.pay('Carte bancaire', '77.53');
    expect(await cashier.amount('pay-remaining', 4747)).toBe('47.47 CHF');
    expect(await cashier.amount('pay-cash-due', 4745)).toBe('47.45 CHF');
    await cashier.handOverNote('50.–');
    const changeShown = await cashier.amount('pay-change', 255);
    expect(changeShown).toBe('2.55 CHF');
    expect(255 % 5).toBe(0);
    expect(await cashier.amount('pay-rounding', 2)).toBe('0.02 CHF');
    await cashier.page.screenshot({ path: `${screenshots}/selling.png` });

    await cashier.checkout();
    const barcodes = await cashier.barcodes();
    expect(await cashier.saleDone().getByTestId('order-number').textContent()).toBe('Dossier G1-000001');
    expect(await cashier.amount('sale-change', 255)).toBe('2.55 CHF');
    expect(barcodes).toHaveLength(3);
    expect(new Set(barcodes).size).toBe(3);

    const order = one<{ id: string; total_minor: number; change_minor: number; buyer_contact_id: string }>(
      "SELECT id, total_minor, change_minor, buyer_contact_id FROM orders WHERE number = 'G1-000001'",
    );
    expect(order).toMatchObject({ total_minor: 12500, change_minor: 255, buyer_contact_id: 'c-dupont' });
    const payments = rows('SELECT method_id, amount_minor, tendered_minor, change_minor, rounding_minor FROM payments WHERE order_id = ? ORDER BY seq', order.id);
    expect(payments).toEqual([
      { method_id: 'pm-card', amount_minor: 7753, tendered_minor: 7753, change_minor: 0, rounding_minor: 0 },
      { method_id: 'pm-cash', amount_minor: 4747, tendered_minor: 5000, change_minor: 255, rounding_minor: 2 },
    ]);
    const stored = rows<{ barcode: string }>(
      'SELECT t.barcode FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.barcode',
      order.id,
    ).map((t) => t.barcode);
    expect(stored).toEqual([...barcodes].sort());
    await cashier.nextSale();
    await cashier.page.getByTestId('remaining-e-misanthrope-p1').and(cashier.page.locator('[data-remaining="397"]')).waitFor();

    // selling past a performance's capacity is refused (Studio: 12 seats)
    await cashier.choosePerformance('Contes pour petites oreilles', 'e-contes-p1');
    await cashier.addTariff('Enfant');
    await cashier.setQuantity('Contes pour petites oreilles — Enfant', 13);
    expect(await cashier.alert('capacity_exceeded', 'basket-error')).toBe('Jauge dépassée : il reste 12 places pour cette représentation.');
    await cashier.checkout();
    expect(await cashier.alert('capacity_exceeded', 'payment-error')).toBe('Jauge dépassée : il reste 12 places pour cette représentation.');
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM orders').n).toBe(1);
    await cashier.removeLine('Contes pour petites oreilles — Enfant');
    expect(await cashier.basketLines().count()).toBe(0);

    // 4. refund the réduit ticket to its original method (cash, the last one used)
    const before = {
      order: rows('SELECT * FROM orders'),
      lines: rows('SELECT * FROM order_lines'),
      payments: rows('SELECT * FROM payments'),
      tickets: rows('SELECT * FROM tickets'),
    };
    await cashier.openOrder('G1-000001');
    await cashier.page.getByLabel(`Quantité à rembourser — ${reduit}`).fill('1');
    expect(await cashier.amount('refund-total', 3000)).toBe('30.00 CHF');
    expect(await cashier.page.getByLabel('Sur Espèces').inputValue()).toBe('30.00');
    expect(await cashier.page.getByLabel('Sur Carte bancaire').inputValue()).toBe('0.00');
    await cashier.refund(reduit, 1, 'Erreur de tarif');
    expect(await cashier.amount('order-refunded', 3000)).toBe('30.00 CHF');
    await cashier.page.getByTestId('order-ticket').filter({ hasText: 'Remboursé' }).waitFor();

    const refundEntries = rows<{ payload: string }>("SELECT payload FROM journal WHERE type = 'refund'");
    expect(refundEntries).toHaveLength(1);
    expect(refundEntries[0]!.payload).toContain(order.id);
    expect(rows('SELECT method_id, amount_minor FROM refund_payments')).toEqual([{ method_id: 'pm-cash', amount_minor: 3000 }]);
    expect(one<{ sold: number }>("SELECT sold FROM performance_stock WHERE performance_id = 'e-misanthrope-p1'").sold).toBe(2);
    expect({
      order: rows('SELECT * FROM orders'),
      lines: rows('SELECT * FROM order_lines'),
      payments: rows('SELECT * FROM payments'),
      tickets: rows('SELECT * FROM tickets'),
    }).toEqual(before);

    // 5. the X report on screen
    await cashier.go('Rapport X');
    await cashier.page.getByTestId('x-report').waitFor();
    expect(await cashier.amount('report-net-sales', 9500)).toBe('95.00 CHF');
    await cashier.amount('expected-pm-cash', 19000 + 4745 - 3000);
    await cashier.amount('expected-pm-card', 7753);

    // a cashier may not close: the button says why
    await cashier.go('Clôture');
    const closeButton = cashier.button('Clôturer la caisse…');
    expect(await closeButton.isDisabled()).toBe(true);
    await cashier.page.getByText('La clôture se fait par un superviseur').waitFor();

    // a second window, a cashier with a basket ready when the supervisor closes
    const late = await newTillPage();
    await late.login('Camille Caissière', '123456');
    await late.addItem('Programme de salle');
    await late.amount('basket-total', 500);

    // 6. the supervisor closes: cash counted 5 centimes short, card exact
    await cashier.logout();
    await cashier.login('Sophie Superviseure', '234567');
    await cashier.go('Clôture');
    await cashier.countOther('Carte bancaire', '77.53');
    await cashier.revealCount();
    expect(await cashier.amount('preview-expected-pm-cash', 20745)).toBe('207.45');
    expect(await cashier.amount('preview-variance-pm-card', 0)).toBe('0.00');
    await cashier.count({ '200.–': 1, '5.–': 1, '2.–': 1, '0.20': 2 });
    expect(await cashier.amount('cash-count-total', 20740)).toBe('207.40 CHF');
    await cashier.amount('preview-counted-pm-cash', 20740);
    expect(await cashier.amount('preview-variance-pm-cash', -5)).toBe('-0.05');
    expect(await cashier.amount('preview-total-variance', -5)).toBe('-0.05 CHF');
    await cashier.closeTill('5 centimes manquent');

    const z = cashier.page.getByTestId('z-report');
    await z.waitFor();
    await z.getByRole('heading', { name: 'Rapport Z n° 1' }).waitFor();
    expect(await cashier.amount('report-total-variance', -5)).toBe('-0.05 CHF');
    expect(await cashier.amount('report-perpetual', 9500)).toBe('95.00 CHF');
    expect(await cashier.amount('report-perpetual-absolute', 15500)).toBe('155.00 CHF');
    await z.getByText('Signé par Sophie Superviseure').waitFor();
    await cashier.sessionStatus('closed');
    // the report scrolls inside the window: make the window as tall as the report
    const reportHeight = await z.evaluate((element) => element.scrollHeight);
    await cashier.page.setViewportSize({ width: 1440, height: reportHeight + 200 });
    await cashier.page.screenshot({ path: `${screenshots}/z-report.png` });
    await cashier.page.setViewportSize({ width: 1440, height: 900 });
    expect(one<{ z_number: number; closed_by: string }>('SELECT z_number, closed_by FROM session_closings')).toEqual({ z_number: 1, closed_by: 'u-supervisor' });

    // the Z list
    await cashier.go('Rapports Z');
    await cashier.button('Afficher le rapport Z n° 1').click();
    await cashier.page.getByRole('heading', { name: 'Rapport Z n° 1' }).waitFor();

    // selling on the closed till is refused, in French, and nothing is written
    await late.page.keyboard.press('F9');
    expect(await late.alert('till_closed', 'notice')).toBe('La caisse est fermée : ouvrez-la avant de vendre.');
    await late.page.getByRole('heading', { name: 'Ouverture de la caisse' }).waitFor();
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM orders').n).toBe(1);

    // the audit log names who did what
    await cashier.go('Journal d’audit');
    for (const action of ['session.closed', 'order.refunded', 'session.opened', 'auth.failed']) {
      await cashier.page.locator(`[data-testid="audit-entry"][data-action="${action}"]`).first().waitFor();
    }

    // English is one switch away, and stays chosen
    await cashier.button('English').click();
    await cashier.page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await cashier.page.reload();
    await cashier.page.getByRole('navigation').getByRole('button', { name: /^Z reports/ }).waitFor();
  });

  it('sells with the keyboard alone, shows the shortcuts, and locks a user out after five wrong PINs', async () => {
    const till = await newTillPage();
    const { keyboard } = till.page;

    // five wrong PINs lock the user out, and say until when
    await till.chooseUser('Théo Technicien');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await till.typePin('999999');
      await till.text('login-error', `Code PIN incorrect. Essais restants : ${5 - attempt}.`);
    }
    await till.typePin('999999');
    expect(await till.alert('user_locked', 'login-error')).toMatch(/^Compte verrouillé après trop d’essais : réessayez à \d\d:\d\d\.$/);
    await till.typePin('345678');
    await till.alert('user_locked', 'login-error');

    // from here on, the keyboard alone
    await till.page.reload();
    await till.page.getByRole('button', { name: /^Alex Administrateur/ }).waitFor();
    await keyboard.press('Tab');
    await keyboard.press('Enter');
    await keyboard.type('123456');
    await keyboard.press('Enter');

    // the float: focus starts on the first denomination (1000.–); three Tabs reach 50.–
    await till.page.getByRole('heading', { name: 'Ouverture de la caisse' }).waitFor();
    await keyboard.press('Tab');
    await keyboard.press('Tab');
    await keyboard.press('Tab');
    await keyboard.type('2');
    await till.amount('float-total', 10000);
    await keyboard.press('Enter');
    await till.sessionStatus('open');

    // F1 shows the shortcuts, Esc closes them
    await keyboard.press('F1');
    await till.page.getByRole('dialog', { name: 'Raccourcis clavier' }).waitFor();
    await keyboard.press('Escape');
    await till.page.getByRole('dialog').waitFor({ state: 'detached' });

    // the search adds "2*" of the first match; Ctrl+Backspace drops the last line
    await keyboard.press('F2');
    await keyboard.type('2*enfant contes');
    await keyboard.press('Enter');
    await till.amount('basket-total', 1900);
    await keyboard.type('affiche');
    await keyboard.press('Enter');
    await till.amount('basket-total', 3100);
    await keyboard.press('Control+Backspace');
    await till.amount('basket-total', 1900);
    await keyboard.type('programme');
    await keyboard.press('Enter');
    expect(await till.amount('basket-total', 2400)).toBe('24.00 CHF');

    // F4: the buyer, found by name, Enter picks the first match
    await keyboard.press('F4');
    await till.page.getByTestId('contact-picker').getByLabel('Nom, prénom, e-mail ou ville').and(till.page.locator(':focus')).waitFor();
    await keyboard.type('rochat');
    await till.page.getByRole('button', { name: 'Choisir Lucien Rochat' }).waitFor();
    await keyboard.press('Enter');
    await till.page.getByTestId('buyer').filter({ hasText: 'Lucien Rochat' }).waitFor();

    // F8 10.00, Alt+2 by card; F9 pays the rest in exact cash and sells
    await keyboard.press('F8');
    await keyboard.type('10');
    await keyboard.press('Alt+2');
    expect(await till.amount('pay-remaining', 1400)).toBe('14.00 CHF');
    await keyboard.press('F9');
    await till.saleDone().waitFor();
    expect(await till.saleDone().getByTestId('order-number').textContent()).toBe('Dossier G1-000001');
    expect(await till.barcodes()).toHaveLength(2);
    await keyboard.press('Enter');
    await till.saleDone().waitFor({ state: 'detached' });
    await till.page.locator('#catalogue-search:focus').waitFor();

    const order = one<{ id: string; total_minor: number; buyer_contact_id: string }>('SELECT id, total_minor, buyer_contact_id FROM orders');
    expect(order).toMatchObject({ total_minor: 2400, buyer_contact_id: 'c-rochat' });
    expect(rows('SELECT method_id, amount_minor, tendered_minor FROM payments WHERE order_id = ? ORDER BY seq', order.id)).toEqual([
      { method_id: 'pm-card', amount_minor: 1000, tendered_minor: 1000 },
      { method_id: 'pm-cash', amount_minor: 1400, tendered_minor: 1400 },
    ]);

    // Alt+O: the orders; the sale is there
    await keyboard.press('Alt+O');
    await till.page.getByRole('heading', { name: 'Dossiers' }).waitFor();
    await till.button('G1-000001').waitFor();
  });
});

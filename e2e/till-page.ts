// Page model of the till: what a cashier or a supervisor does, by role and label.
// Every wait is on state (an element, a data-minor value), never on time.
import type { Locator, Page } from 'playwright-core';

/** French typography uses no-break spaces ("125.00 CHF", "Essais : 4"); tests compare plain ones. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00A0\u202F]/g, ' ');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class TillPage {
  constructor(readonly page: Page) {}

  // ---- waiting on state ---------------------------------------------------------

  /** Waits until the amount shown under data-testid is exactly `minor` minor units; returns its text. */
  async amount(testId: string, minor: number): Promise<string> {
    const locator = this.page.locator(`[data-testid="${testId}"][data-minor="${minor}"]`).first();
    await locator.waitFor();
    return plainSpaces((await locator.textContent()) ?? '');
  }

  async alert(code: string, testId?: string): Promise<string> {
    const scope = testId ? `[data-testid="${testId}"]` : '[role="alert"]';
    const locator = this.page.locator(`${scope}[data-code="${code}"]`).first();
    await locator.waitFor();
    return plainSpaces((await locator.textContent()) ?? '');
  }

  /** Waits until the element under data-testid reads `text` (spaces normalised). */
  async text(testId: string, text: string): Promise<void> {
    await this.page.waitForFunction(
      ([id, expected]) => {
        const element = document.querySelector(`[data-testid="${id}"]`);
        return element !== null && (element.textContent ?? '').replace(/[\u00A0\u202F]/g, ' ') === expected;
      },
      [testId, text] as const,
    );
  }

  button(name: string | RegExp, exact = true): Locator {
    return this.page.getByRole('button', typeof name === 'string' ? { name, exact } : { name });
  }

  // ---- login --------------------------------------------------------------------

  async chooseUser(name: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    // French elides: "Code PIN d’Alex Administrateur"
    await this.page.getByLabel(new RegExp(`^Code PIN d(e |’)${escapeRegExp(name)}$`)).waitFor();
  }

  async typePin(pin: string): Promise<void> {
    await this.page.getByLabel(/^Code PIN d(e |’)/).fill(pin);
    await this.page.keyboard.press('Enter');
  }

  async tapPin(pin: string): Promise<void> {
    const keypad = this.page.getByRole('group', { name: 'Pavé numérique' });
    for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await keypad.getByRole('button', { name: 'Valider' }).click();
  }

  async login(name: string, pin: string): Promise<void> {
    await this.chooseUser(name);
    await this.typePin(pin);
    await this.page.getByTestId('current-user').filter({ hasText: name }).waitFor();
  }

  async logout(): Promise<void> {
    await this.button('Déconnexion').click();
    await this.page.getByRole('heading', { name: 'Connexion' }).waitFor();
  }

  /** Enrols this till from its Synchronisation screen (Alt+N) with the server's address and a code; waits until it is online. */
  async enrol(url: string, code: string): Promise<void> {
    await this.page.keyboard.press('Alt+N');
    const form = this.page.getByTestId('sync-enrol-panel');
    await form.getByLabel('Adresse du serveur central').fill(url);
    await form.getByLabel('Code d’enrôlement').fill(code);
    await form.getByRole('button', { name: 'Enrôler' }).click();
    await this.page.locator('[data-testid="sync-indicator"][data-state="online"]').waitFor();
  }

  // ---- navigation ---------------------------------------------------------------

  /** Opens a screen from the bar, or from its "Plus" menu when the window has no room for it in the bar. */
  async go(screen: 'Vente' | 'Dossiers' | 'Solde avoir' | 'Compte d’attente' | 'Rapport X' | 'Clôture' | 'Rapports Z' | 'Rapports clients' | 'Journal d’audit' | 'Impressions'): Promise<void> {
    const nav = this.page.getByRole('navigation');
    const item = nav.getByRole('button', { name: new RegExp(`^${screen}`) });
    if ((await item.count()) > 0) return item.click();
    await nav.getByRole('button', { name: /^Plus/ }).click();
    await nav.getByRole('menuitem', { name: new RegExp(`^${screen}`) }).click();
  }

  async sessionStatus(status: 'open' | 'closed'): Promise<void> {
    await this.page.locator(`[data-testid="session-status"][data-status="${status}"]`).waitFor();
  }

  // ---- opening ------------------------------------------------------------------

  /** Counts by denomination label ("20.–": 5). */
  async count(counts: Record<string, number>): Promise<void> {
    for (const [label, count] of Object.entries(counts)) {
      await this.page.getByLabel(`Nombre de ${label}`, { exact: true }).fill(String(count));
    }
  }

  async openTill(counts: Record<string, number>, totalMinor: number): Promise<void> {
    await this.page.getByRole('heading', { name: 'Ouverture de la caisse' }).waitFor();
    await this.count(counts);
    await this.amount('float-total', totalMinor);
    await this.button('Ouvrir la caisse').click();
    await this.sessionStatus('open');
  }

  // ---- selling ------------------------------------------------------------------

  async choosePerformance(eventName: string, performanceId: string): Promise<void> {
    await this.button('Spectacles').click();
    await this.button(eventName).click();
    await this.page.getByTestId(`performance-${performanceId}`).click();
  }

  async addTariff(name: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Tarifs' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  async addItem(name: string): Promise<void> {
    await this.button('Articles').click();
    await this.page.getByRole('group', { name: 'Articles' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  basketLines(): Locator {
    return this.page.getByTestId('basket-line');
  }

  async removeLine(label: string): Promise<void> {
    await this.button(`Retirer — ${label}`).click();
  }

  async setQuantity(label: string, quantity: number): Promise<void> {
    const input = this.page.getByLabel(`Quantité — ${label}`, { exact: true });
    await input.fill(String(quantity));
    await input.press('Enter');
  }

  async chooseBuyer(search: string, name: string): Promise<void> {
    await this.button(/^(Choisir|Changer) \(F4\)/).click();
    const picker = this.page.getByTestId('contact-picker');
    await picker.getByLabel('Nom, prénom, e-mail ou ville').fill(search);
    await picker.getByRole('button', { name: `Choisir ${name}` }).click();
    await this.page.getByTestId('buyer').filter({ hasText: name }).waitFor();
  }

  async pay(method: string, amount?: string): Promise<void> {
    if (amount !== undefined) await this.page.getByLabel('Montant reçu (F8)').fill(amount);
    await this.page.getByRole('group', { name: 'Modes de paiement' }).getByRole('button', { name: new RegExp(`^${method}`) }).click();
  }

  /** A payment with the method named exactly so ("Compte d’attente" is not "Compte d’attente (3 échéances)"). */
  async payWith(method: string, amount?: string): Promise<void> {
    if (amount !== undefined) await this.page.getByLabel('Montant reçu (F8)').fill(amount);
    const name = new RegExp(`^${escapeRegExp(method)}(\\s*Alt\\+\\d)?$`);
    await this.page.getByRole('group', { name: 'Modes de paiement' }).getByRole('button', { name }).click();
  }

  async handOverNote(label: string): Promise<void> {
    await this.button(`Billet de ${label}`).click();
  }

  async checkout(): Promise<void> {
    await this.button(/^Encaisser/).click();
  }

  saleDone(): Locator {
    return this.page.getByTestId('sale-done');
  }

  async barcodes(): Promise<string[]> {
    await this.saleDone().waitFor();
    return this.saleDone().getByTestId('ticket-barcode').allTextContents();
  }

  /** Pays what is in the basket as `pay` says, sells, and answers the order number. */
  async sellPaying(pay: () => Promise<void>): Promise<string> {
    await pay();
    await this.amount('pay-remaining', 0);
    await this.checkout();
    await this.saleDone().waitFor();
    return ((await this.saleDone().getByTestId('order-number').textContent()) ?? '').replace('Dossier ', '');
  }

  async nextSale(): Promise<void> {
    await this.button('Nouvelle vente (Entrée)').click();
    await this.saleDone().waitFor({ state: 'detached' });
  }

  // ---- orders -------------------------------------------------------------------

  async openOrder(number: string): Promise<void> {
    await this.go('Dossiers');
    await this.button(number).click();
    await this.page.getByRole('heading', { name: `Dossier ${number}` }).waitFor();
  }

  async refund(lineLabel: string, quantity: number, reason: string): Promise<void> {
    await this.page.getByLabel(`Quantité à rembourser — ${lineLabel}`).fill(String(quantity));
    await this.page.getByLabel('Motif du remboursement').fill(reason);
    await this.button('Rembourser…').click();
    const dialog = this.page.getByRole('dialog', { name: 'Confirmer le remboursement' });
    await dialog.getByRole('button', { name: 'Rembourser', exact: true }).click();
    await this.page.getByRole('status').filter({ hasText: 'Remboursement enregistré.' }).waitFor();
  }

  // ---- credit balance (solde avoir) -----------------------------------------------

  /** On the Solde avoir screen: finds the contact and shows their balance and history. */
  async openCreditAccount(search: string, name: string): Promise<void> {
    await this.page.getByLabel('Rechercher un contact (nom, prénom, e-mail ou ville)').fill(search);
    await this.button(`Choisir ${name}`).click();
    await this.page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  /** The text of the tooltip shown while the pointer is on a coins sign. */
  async coinsTooltip(coins: Locator): Promise<string> {
    await coins.hover();
    const tooltip = this.page.getByRole('tooltip');
    await tooltip.waitFor();
    return plainSpaces((await tooltip.textContent()) ?? '');
  }

  /** Funds (or pays out, confirmed) a balance in the window the screen opens. */
  async creditOperation(operation: 'fund' | 'payOut', method: string, amount: string, reference = ''): Promise<void> {
    await this.button(operation === 'fund' ? 'Alimenter…' : 'Rembourser le solde…').click();
    const dialog = this.page.getByTestId(`credit-${operation}`);
    await dialog.getByLabel('Mode de paiement').selectOption({ label: method });
    await dialog.getByLabel('Montant').fill(amount);
    if (reference) await dialog.getByLabel('Référence (facultatif)').fill(reference);
    await dialog.getByRole('button', { name: operation === 'fund' ? 'Alimenter' : 'Rembourser…', exact: true }).click();
    if (operation === 'payOut') {
      const confirm = this.page.getByRole('dialog', { name: 'Confirmer le remboursement du solde' });
      await confirm.getByRole('button', { name: 'Rembourser', exact: true }).click();
    }
    await this.page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  // ---- compte d'attente -----------------------------------------------------------

  /** On the Compte d'attente screen: finds the contact and shows their account. */
  async openDeferredAccount(search: string, name: string): Promise<void> {
    await this.page.getByLabel('Rechercher un contact (nom, prénom, e-mail ou ville)').fill(search);
    await this.button(`Choisir ${name}`).click();
    await this.page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  /** The account found by an invoice number (or its payment reference). */
  async findDeferredByInvoice(number: string, name: string): Promise<void> {
    await this.page.getByPlaceholder('F-G1-000001').fill(number);
    await this.button('Afficher').click();
    await this.page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  /** Picks a contact in the window the screens open for it (search, then the contact). */
  async pickContact(search: string, name: string): Promise<void> {
    const picker = this.page.getByTestId('contact-picker');
    await picker.getByLabel('Nom, prénom, e-mail ou ville').fill(search);
    await picker.getByRole('button', { name: `Choisir ${name}` }).click();
    await picker.waitFor({ state: 'detached' });
  }

  // ---- closing ------------------------------------------------------------------

  async countOther(method: string, amount: string): Promise<void> {
    await this.page.getByLabel(`Total compté — ${method}`).fill(amount);
  }

  /** The count is blind (issue 17): the expected amounts and the variance show once it is done. */
  async revealCount(): Promise<void> {
    await this.button('Comptage terminé : voir l’écart').click();
  }

  /** Closes (the count revealed first if it is not yet), with the comment a variance needs. */
  async closeTill(comment?: string): Promise<void> {
    const reveal = this.button('Comptage terminé : voir l’écart');
    if ((await reveal.count()) > 0) await reveal.click();
    if (comment !== undefined) await this.page.getByLabel('Commentaire sur l’écart (obligatoire)').fill(comment);
    await this.button('Clôturer la caisse…').click();
    const dialog = this.page.getByRole('dialog', { name: 'Confirmer la clôture' });
    await dialog.getByRole('button', { name: 'Clôturer et signer' }).click();
  }
}

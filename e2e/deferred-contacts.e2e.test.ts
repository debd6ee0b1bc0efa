// The compte d'attente's contacts (issue 5, seed 000) in headless Chromium: the
// administrator's default for new organisations, a cashier creating contacts (an
// organisation authorised by default, an individual not), a supervisor authorising one on
// its Gestion panel, and installments shown as overdue once their due dates pass.
import { describe, expect, it } from 'vitest';
import { deferredData, names } from './deferred-data.ts';
import { useTillSession } from './session.ts';
import { plainSpaces } from './till-page.ts';
import { ShiftedClock } from './web-till.ts';

const { misanthrope, ecole, amis, mairie, tracked } = names;
let clock = new ShiftedClock();
const session = useTillSession('deferred-contacts', { clock: () => (clock = new ShiftedClock()) });
const { newTillPage, rows, one } = session;
const { installments } = deferredData(session);

describe('the compte d’attente’s contacts', () => {
  it('lets the administrator set the default for organisations, a cashier create contacts, a supervisor authorise one, and shows installments once they are overdue', async () => {
    const dayMs = 24 * 60 * 60 * 1000;
    // ---- the institution parameter: new organisations may pay on account, up to 500.00
    const admin = await newTillPage();
    await admin.login('Alex Administrateur', '456789');
    await admin.page.keyboard.press('Alt+A');
    const defaults = admin.page.getByTestId('deferred-defaults');
    await expect(defaults.getByLabel('Autoriser par défaut les nouveaux contacts structure').isChecked()).resolves.toBe(true);
    expect(plainSpaces(await defaults.getByLabel('Encours maximum par défaut').inputValue())).toBe('1 000.00');
    await defaults.getByLabel('Encours maximum par défaut').fill('500');
    await defaults.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await defaults.getByRole('status').filter({ hasText: 'Paramètres enregistrés.' }).waitFor();
    expect(JSON.parse(one<{ value: string }>("SELECT value FROM settings WHERE key = 'institution'").value).deferredDefaults).toEqual({ organisationsAuthorised: true, limitMinor: 50000 });
    // the administrator neither creates contacts nor settles
    await expect(admin.button('Nouveau contact…').count()).resolves.toBe(0);

    const supervisor = await newTillPage();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.openTill({ '20.–': 5 }, 10000);

    // ---- a cashier creates an organisation (authorised by default) and a person (not authorised)
    const cashier = await newTillPage();
    await cashier.login('Camille Caissière', '123456');
    await cashier.go('Compte d’attente');
    await cashier.button('Nouveau contact…').click();
    let form = cashier.page.getByTestId('contact-create');
    await form.getByLabel('Nom', { exact: true }).fill('Crèche Les Lutins');
    await form.getByLabel('Rue').fill('Rue des Bains');
    await form.getByLabel('N°', { exact: true }).fill('4');
    await form.getByLabel('NPA').fill('1205');
    await form.getByLabel('Localité').fill('Genève');
    await form.getByRole('button', { name: 'Créer le contact' }).click();
    await cashier.text('contact-created', 'Contact créé : il peut payer par compte d’attente jusqu’à 500.00 CHF.');
    await cashier.page.getByRole('heading', { name: 'Crèche Les Lutins', level: 2 }).waitFor();
    expect(await cashier.amount('deferred-limit', 50000)).toBe('500.00 CHF');
    await cashier.page.getByTestId('deferred-manage-reason').filter({ hasText: 'par un superviseur' }).waitFor();

    await cashier.button('Nouveau contact…').click();
    form = cashier.page.getByTestId('contact-create');
    await form.getByRole('button', { name: 'Individu' }).click();
    await form.getByLabel('Nom', { exact: true }).fill('Martin');
    await form.getByLabel('Prénom').fill('Paul');
    await form.getByLabel('Localité').fill('Lausanne');
    await form.getByRole('button', { name: 'Créer le contact' }).click();
    await cashier.text('contact-created', 'Contact créé : il ne peut pas payer par compte d’attente (à autoriser dans Gestion).');
    await cashier.text('deferred-authorised', 'Paiement par compte d’attente non autorisé');
    expect(rows("SELECT kind, name, first_name, city, country, deferred_authorised, deferred_limit_minor FROM contacts WHERE created_at_ms > 0 AND id NOT IN ('c-dupont', 'c-rochat', 'c-favre', 'c-muller', 'c-ecole', 'c-amis', 'c-mairie') ORDER BY name")).toEqual([
      { kind: 'organization', name: 'Crèche Les Lutins', first_name: '', city: 'Genève', country: 'CH', deferred_authorised: 1, deferred_limit_minor: 50000 },
      { kind: 'individual', name: 'Martin', first_name: 'Paul', city: 'Lausanne', country: 'CH', deferred_authorised: 0, deferred_limit_minor: 0 },
    ]);

    // ---- a supervisor authorises Paul Martin up to 300.00 on his Gestion panel
    await supervisor.page.keyboard.press('Alt+A');
    await supervisor.openDeferredAccount('martin', 'Paul Martin');
    const manage = supervisor.page.getByTestId('deferred-manage');
    await manage.getByLabel('Peut payer par compte d’attente').check();
    await manage.getByLabel('Encours maximum autorisé').fill('300');
    await manage.getByRole('button', { name: 'Enregistrer' }).click();
    await manage.getByRole('status').filter({ hasText: 'Enregistré.' }).waitFor();
    expect(await supervisor.amount('deferred-limit', 30000)).toBe('300.00 CHF');
    await supervisor.text('deferred-authorised', 'Paiement par compte d’attente autorisé');

    // ---- he pays 2 × plein (90.00) in three installments; 45 days later the first is overdue
    await cashier.go('Vente');
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.addTariff('Plein tarif');
    await cashier.chooseBuyer('martin', 'Paul Martin');
    await cashier.text('deferred-offer', 'Compte d’attente : encours 0.00 CHF sur 300.00 CHF autorisés');
    await cashier.sellPaying(() => cashier.payWith(tracked));
    expect(await cashier.saleDone().getByTestId('item-amount').allTextContents()).toEqual(['30.00', '30.00', '30.00']);
    await cashier.nextSale();

    clock.shiftMs = 45 * dayMs;
    // the login sessions have expired meanwhile: the supervisor logs in again
    await supervisor.page.reload();
    await supervisor.login('Sophie Superviseure', '234567');
    await supervisor.page.keyboard.press('Alt+A');
    await supervisor.openDeferredAccount('martin', 'Paul Martin');
    expect(await supervisor.amount('deferred-overdue', 3000)).toBe('30.00 CHF');
    const overdue = supervisor.page.locator('[data-testid="deferred-open-items"] [data-testid="deferred-item"][data-state="overdue"]');
    await expect(overdue.count()).resolves.toBe(1);
    expect(await overdue.getByTestId('item-state').textContent()).toBe('En retard');
    await expect(supervisor.page.locator('[data-testid="deferred-open-items"] [data-testid="deferred-item"][data-state="open"]').count()).resolves.toBe(2);
  });
});

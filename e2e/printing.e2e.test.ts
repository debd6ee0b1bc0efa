// Printing and the drawer (issue 6) in headless Chromium against web mode on a fresh data
// folder, with two network printers that are real listening sockets: they record every
// byte and answer DLE EOT like an Epson would. The technician discovers devices, adds the
// printers (a wrong port refused first), reads the status, test-prints and tests the
// drawer; the cashier sells and the receipt, the tickets and the drawer pulse reach the
// socket; the receipt preview shows and a reprint comes out as DUPLICATA; with the paper
// out the jobs wait, the header counts them, one is rerouted and one cancelled.
import { mkdirSync } from 'node:fs';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTcpPrinter, type TcpPrinter } from '../src/main/testing/tcp-printer.ts';
import { plainSpaces, TillPage } from './till-page.ts';
import { screenshots, useTillSession } from './session.ts';
import { dispatcherAs } from './web-till.ts';

const misanthrope = 'Le Misanthrope — Molière';

const session = useTillSession('printing');
const { newTillPage } = session;

beforeEach(async () => {
  printers = [await startTcpPrinter(), await startTcpPrinter()];
  mkdirSync('.tmp/screenshots', { recursive: true });
});

afterEach(async () => {
  for (const p of printers) await p.close();
});
let printers: TcpPrinter[] = [];

/** What a printer has received so far, as text (ESC/POS text is ASCII for digits and letters). */
function bytesOf(printer: TcpPrinter): string {
  return printer.printer.received.toString('latin1');
}

async function arrives(printer: TcpPrinter, text: string): Promise<void> {
  await eventually(() => bytesOf(printer).includes(text), 10_000, `"${text}" at the printer`);
}

function jobsOf(orderNumber: string): { kind: string; status: string; copy_number: number; printer_id: string }[] {
  return session.till.web.till.context.db
    .prepare('SELECT j.kind, j.status, j.copy_number, j.printer_id FROM print_jobs j JOIN orders o ON o.id = j.order_id WHERE o.number = ? ORDER BY j.created_at_ms, j.rowid')
    .all(orderNumber) as { kind: string; status: string; copy_number: number; printer_id: string }[];
}

/** The technician's form: a network printer on a test socket. */
async function addNetworkPrinter(tech: TillPage, name: string, port: number, options: { documents: string[]; drawerPin?: '2' | '5' }): Promise<void> {
  const page = tech.page;
  await tech.button('Ajouter une imprimante').click();
  const form = page.getByTestId('printer-form');
  await form.getByLabel('Nom', { exact: true }).fill(name);
  await form.getByLabel('Connexion').selectOption('network');
  await form.getByLabel('Adresse IP ou nom d’hôte').fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(port));
  for (const document of ['Reçus', 'Billets', 'Rapports (X, Z, caisse)']) {
    const box = form.getByRole('checkbox', { name: document });
    if ((await box.isChecked()) !== options.documents.includes(document)) await box.click();
  }
  if (options.drawerPin) await form.getByLabel('Tiroir-caisse').selectOption(options.drawerPin);
  await form.getByRole('button', { name: 'Enregistrer l’imprimante' }).click();
  await page.getByTestId('printers-notice').filter({ hasText: `Imprimante « ${name} » enregistrée.` }).waitFor();
  await page.locator(`[data-testid="printer-card"][data-name="${name}"]`).waitFor();
}

describe('printing at the counter', () => {
  it('the technician discovers devices, adds network printers, reads their status, test-prints and tests the drawer', async () => {
    const tech = await newTillPage();
    const page = tech.page;
    await tech.login('Théo Technicien', '345678');
    await page.getByRole('heading', { name: 'Imprimantes et tiroir-caisse', level: 1 }).waitFor();
    await expect(page.getByText('Aucune imprimante configurée', { exact: false }).isVisible()).resolves.toBe(true);

    // discovery runs in the background: the screen polls until it is done
    // (the screen's first question starts a scan; asking again scans anew)
    await page.locator('[data-testid="discovery-state"][data-state="done"]').waitFor({ timeout: 30_000 });
    await tech.button('Rechercher à nouveau').click();
    await page.locator('[data-testid="discovery-state"][data-state="done"]').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: /^Ports série \(\d+\)$/ }).waitFor();
    await page.getByRole('heading', { name: /^USB \(\d+\)$/ }).waitFor();

    // a port out of range is named before anything is sent
    await tech.button('Ajouter une imprimante').click();
    const form = page.getByTestId('printer-form');
    await form.getByLabel('Nom', { exact: true }).fill('Caisse 1');
    await form.getByLabel('Adresse IP ou nom d’hôte').fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill('99999');
    await form.getByRole('button', { name: 'Enregistrer l’imprimante' }).click();
    expect(await form.getByTestId('field-problem').textContent()).toBe('Le port est un nombre entre 1 et 65535 (9100 en général).');
    expect(session.till.web.till.context.db.prepare('SELECT COUNT(*) AS n FROM printers').get()).toEqual({ n: 0 });
    await form.getByRole('button', { name: 'Annuler' }).click();

    await addNetworkPrinter(tech, 'Caisse 1', printers[0]!.port, { documents: ['Reçus', 'Billets', 'Rapports (X, Z, caisse)'], drawerPin: '2' });
    // the same name twice is refused by the services, in French
    await tech.button('Ajouter une imprimante').click();
    await form.getByLabel('Nom', { exact: true }).fill('caisse 1');
    await form.getByLabel('Adresse IP ou nom d’hôte').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Enregistrer l’imprimante' }).click();
    expect(plainSpaces((await page.locator('[data-testid="printer-save-error"][data-code="printer_name_taken"]').textContent()) ?? '')).toBe('Une autre imprimante porte déjà ce nom.');
    await form.getByRole('button', { name: 'Annuler' }).click();

    const card = page.locator('[data-testid="printer-card"][data-name="Caisse 1"]');
    expect(await card.textContent()).toContain(`127.0.0.1:${printers[0]!.port}`);
    const stored = session.till.web.till.context.db.prepare("SELECT connection, width_mm, code_page, prints_receipts, prints_tickets, drawer_pin FROM printers WHERE name = 'Caisse 1'").get();
    expect(stored).toEqual({ connection: JSON.stringify({ transport: 'network', host: '127.0.0.1', port: printers[0]!.port }), width_mm: 80, code_page: 'cp858', prints_receipts: 1, prints_tickets: 1, drawer_pin: 2 });

    // the status, read back over the socket: ready, then paper near end
    await card.getByRole('button', { name: 'Lire l’état' }).click();
    await card.locator('[data-testid="printer-state"][data-state="ready"]').waitFor();
    expect(await card.getByTestId('printer-status').textContent()).toContain('En ligne');
    printers[0]!.printer.state.isPaperNearEnd = true;
    await card.getByRole('button', { name: 'Lire l’état' }).click();
    await card.locator('[data-testid="printer-state"][data-state="paper_near_end"]').waitFor();
    expect(await card.getByTestId('printer-status').textContent()).toContain('Papier bientôt épuisé');

    // the test page reaches the socket; the drawer test asks first
    await card.getByRole('button', { name: 'Impression de test' }).click();
    await page.locator('[data-testid="test-job"][data-status="printed"]').waitFor({ timeout: 15_000 });
    expect(printers[0]!.printer.printedBytes.length).toBeGreaterThan(500);
    const before = printers[0]!.printer.received.length;
    await card.getByRole('button', { name: 'Test du tiroir…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Tester le tiroir-caisse' });
    await confirm.getByRole('button', { name: 'Ouvrir le tiroir' }).click();
    await page.getByTestId('printers-notice').filter({ hasText: 'Ouverture du tiroir envoyée à « Caisse 1 ».' }).waitFor();
    await page.locator('[data-testid="test-job"][data-status="printed"]').waitFor({ timeout: 15_000 });
    // ESC p 0 (pin 2) went out after the test page
    expect(printers[0]!.printer.received.subarray(before).includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(true);

    await addNetworkPrinter(tech, 'Caisse 2', printers[1]!.port, { documents: [] });
    await page.locator('[data-testid="printer-card"][data-name="Caisse 2"]').getByRole('button', { name: 'Lire l’état' }).click();
    await page.locator('[data-testid="printer-card"][data-name="Caisse 2"] [data-testid="printer-state"][data-state="ready"]').waitFor();
    printers[0]!.printer.state.isPaperNearEnd = false;
    await card.getByRole('button', { name: 'Lire l’état' }).click();
    await card.locator('[data-testid="printer-state"][data-state="ready"]').waitFor();
    await card.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('heading', { name: 'Modifier « Caisse 1 »' }).waitFor();
    await page.screenshot({ path: `${screenshots}/technician.png` });

    // the same screen in English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Printers and cash drawer', level: 1 }).waitFor();
    expect(await card.getByTestId('printer-state').textContent()).toBe('Ready');
    await page.getByRole('heading', { name: 'Edit “Caisse 1”' }).waitFor();
    mkdirSync('.tmp', { recursive: true });
    await page.screenshot({ path: '.tmp/technician-en.png' });
  });

  it('a sale prints its receipt, tickets and drawer pulse on the network printer; the preview shows; waiting jobs are rerouted or cancelled', async () => {
    const db = session.till.web.till.context.db;
    const tech = await newTillPage();
    await tech.login('Théo Technicien', '345678');
    await addNetworkPrinter(tech, 'Caisse 1', printers[0]!.port, { documents: ['Reçus', 'Billets', 'Rapports (X, Z, caisse)'], drawerPin: '2' });
    await addNetworkPrinter(tech, 'Caisse 2', printers[1]!.port, { documents: [] });
    await tech.logout();

    const cashier = await newTillPage();
    const page = cashier.page;
    await cashier.login('Camille Caissière', '123456');
    await cashier.openTill({ '20.–': 5 }, 10000);

    // 1. two tickets paid in cash
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.addTariff('Tarif réduit');
    await cashier.handOverNote('100.–');
    await cashier.checkout();
    const barcodes = await cashier.barcodes();
    expect(barcodes).toHaveLength(2);
    const number = ((await cashier.saleDone().getByTestId('order-number').textContent()) ?? '').replace('Dossier ', '');
    expect(number).toBe('G1-000001');
    await arrives(printers[0]!, number);
    for (const barcode of barcodes) await arrives(printers[0]!, barcode);
    await eventually(() => jobsOf(number).every((j) => j.status === 'printed'), 10_000, 'receipt and tickets printed').catch(() => undefined);
    expect(jobsOf(number).map((j) => `${j.kind} ${j.status}`)).toEqual(['receipt printed', 'tickets printed']);
    // paid in cash: the drawer opened too (a pulse belongs to the session, not the order)
    await eventually(() => db.prepare("SELECT 1 FROM print_jobs WHERE kind = 'drawer' AND status = 'printed'").get(), 10_000, 'the drawer pulse');
    expect(printers[0]!.printer.received.includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(true);

    await page.screenshot({ path: '.tmp/screenshots/sale-done-printing.png' });
    // the preview: the receipt as the printer prints it, as an image and as text
    await cashier.saleDone().getByRole('button', { name: 'Aperçu du reçu' }).click();
    const preview = page.getByTestId('receipt-dialog');
    const image = preview.getByTestId('receipt-image');
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="receipt-image"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    // the PNG the virtual printer drew from the bytes, at the printer's dots (80 mm: 576 printable, with its margins)
    const size = await image.evaluate((img: HTMLImageElement) => ({ natural: img.naturalWidth, declared: Number(img.getAttribute('width')), height: img.naturalHeight }));
    expect(size.natural).toBe(size.declared);
    expect(size.natural).toBeGreaterThanOrEqual(576);
    expect(size.height).toBeGreaterThan(400);
    expect(await preview.textContent()).toContain('Rendu pour « Caisse 1 » : 48 colonnes');
    await page.screenshot({ path: `${screenshots}/receipt-preview-ui.png` });
    await preview.getByRole('button', { name: 'Texte' }).click();
    const text = (await preview.getByTestId('receipt-text').textContent()) ?? '';
    expect(text).toContain(number);
    expect(text).not.toContain('DUPLICATA');

    // a reprint comes out as DUPLICATA 1 at the printer
    await preview.getByRole('button', { name: 'Réimprimer le reçu (DUPLICATA)' }).click();
    await preview.locator('[data-testid="print-sent"][data-status="printed"]').waitFor({ timeout: 15_000 });
    await arrives(printers[0]!, 'DUPLICATA');
    expect(jobsOf(number).filter((j) => j.kind === 'receipt').map((j) => j.copy_number)).toEqual([0, 1]);
    // Esc closes the preview only; the sale's confirmation stays
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await cashier.saleDone().waitFor();
    await cashier.nextSale();

    // 2. the paper runs out: the next sale's receipt and tickets wait, the header counts them
    printers[0]!.printer.state.isPaperOut = true;
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    await cashier.pay('Carte bancaire');
    await cashier.checkout();
    const [secondBarcode] = await cashier.barcodes();
    await cashier.nextSale();
    const indicator = page.locator('[data-testid="print-indicator"][data-count="2"]');
    await indicator.waitFor({ timeout: 15_000 });
    expect(await indicator.getAttribute('aria-label')).toBe('Impressions en attente : 2');
    await indicator.click();
    await page.getByRole('heading', { name: 'Impressions', level: 1 }).waitFor();
    const waiting = page.locator('[data-testid="print-job"][data-status="waiting"]');
    await waiting.nth(1).waitFor();
    expect(await waiting.first().textContent()).toContain('Plus de papier');
    // the screen asks each printer for its status: the other one is ready
    await page.locator('.printer-lights [data-state="ready"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${screenshots}/print-queue.png` });

    // the tickets go to the other printer
    await page.locator('[data-testid="print-job"][data-kind="tickets"]').getByRole('button', { name: 'Rediriger…' }).click();
    const reroute = page.getByTestId('reroute-dialog');
    const target = await reroute.locator('option', { hasText: /^Caisse 2 — / }).getAttribute('value');
    await reroute.getByLabel('Vers l’imprimante').selectOption(target!);
    await reroute.getByRole('button', { name: 'Rediriger' }).click();
    await page.getByTestId('print-queue-done').filter({ hasText: '« Caisse 2 »' }).waitFor();
    await arrives(printers[1]!, secondBarcode!);
    const secondPrinterId = (db.prepare("SELECT id FROM printers WHERE name = 'Caisse 2'").get() as { id: string }).id;
    await eventually(() => jobsOf('G1-000002').find((j) => j.kind === 'tickets' && j.status === 'printed'), 10_000, 'the tickets printed on Caisse 2');
    expect(jobsOf('G1-000002').find((j) => j.kind === 'tickets')?.printer_id).toBe(secondPrinterId);

    // the receipt is cancelled, with a reason and a confirmation
    const receiptRow = page.locator('[data-testid="print-job"][data-kind="receipt"]');
    await receiptRow.getByRole('button', { name: 'Annuler…' }).click();
    const cancel = page.getByTestId('cancel-job-dialog');
    await cancel.getByRole('button', { name: 'Annuler…' }).click();
    await cancel.getByText('Indiquez un motif.').waitFor();
    await cancel.getByLabel('Motif de l’annulation').fill('client parti sans reçu');
    await cancel.getByRole('button', { name: 'Annuler…' }).click();
    const sure = page.getByRole('dialog', { name: /^Annuler « Reçu/ });
    await sure.getByRole('button', { name: 'Annuler l’impression' }).click();
    await page.getByTestId('print-queue-done').filter({ hasText: 'annulée' }).waitFor();
    await page.getByText('Aucune impression en cours.').waitFor();
    await page.getByTestId('print-indicator').waitFor({ state: 'detached' });
    expect(jobsOf('G1-000002').find((j) => j.kind === 'receipt')).toMatchObject({ status: 'cancelled' });
    const audit = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'print.%' ORDER BY rowid").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['print.requested', 'print.rerouted', 'print.cancelled']));

    // Alt+V, Alt+P: back to selling and to the print queue from the keyboard
    await page.keyboard.press('Alt+KeyV');
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await page.keyboard.press('Alt+KeyP');
    await page.getByRole('heading', { name: 'Impressions', level: 1 }).waitFor();

    // paper back in; the drawer on demand, with a reason, opens and is journaled
    printers[0]!.printer.state.isPaperOut = false;
    const drawerOpenings = () => (db.prepare("SELECT COUNT(*) AS n FROM journal WHERE type = 'drawer_open'").get() as { n: number }).n;
    expect(drawerOpenings()).toBe(1);
    await page.getByRole('button', { name: 'Ouvrir le tiroir…' }).click();
    const drawer = page.getByTestId('drawer-open');
    await drawer.getByLabel('Motif de l’ouverture').fill('échange de monnaie');
    await drawer.getByRole('button', { name: 'Ouvrir le tiroir' }).click();
    await page.getByTestId('drawer-sent').waitFor();
    await eventually(() => drawerOpenings() === 2, 15_000, 'the drawer opening journaled');

    // 3. the cover opens while a receipt is printing: the job is in doubt, never resent by
    // itself; the cashier sees it came out whole and confirms it
    const printer = printers[0]!.printer;
    const feed = printer.feed.bind(printer);
    printer.feed = (chunk: Uint8Array) => {
      const replies = feed(chunk);
      if (Buffer.from(chunk).toString('latin1').includes('G1-000003')) printer.state.isCoverOpen = true;
      return replies;
    };
    await page.keyboard.press('Alt+KeyV');
    await cashier.addItem('Programme de salle');
    await cashier.pay('Carte bancaire');
    await cashier.checkout();
    await cashier.saleDone().waitFor();
    await cashier.nextSale();
    await page.locator('[data-testid="print-indicator"][data-count="1"]').waitFor({ timeout: 15_000 });
    printer.state.isCoverOpen = false;
    await page.keyboard.press('Alt+KeyP');
    const doubtful = page.locator('[data-testid="print-job"][data-status="in_doubt"]');
    await doubtful.waitFor();
    expect(await doubtful.textContent()).toContain('Capot ouvert');
    expect(await doubtful.getByTestId('print-job-hint').textContent()).toContain('le même document, pas un duplicata');
    await doubtful.getByRole('button', { name: 'Imprimée…' }).click();
    await page.getByRole('dialog', { name: 'Confirmer l’impression' }).getByRole('button', { name: 'Oui, elle est imprimée' }).click();
    await page.getByTestId('print-queue-done').filter({ hasText: 'enregistrée comme imprimée' }).waitFor();
    expect(jobsOf('G1-000003')).toMatchObject([{ kind: 'receipt', status: 'printed', copy_number: 0 }]);
    await page.getByTestId('print-indicator').waitFor({ state: 'detached' });

    // an order's detail has the preview too; its receipt printed twice already
    await cashier.openOrder('G1-000001');
    await page.getByRole('button', { name: 'Aperçu du reçu' }).click();
    const again = page.getByTestId('receipt-dialog');
    await again.getByTestId('receipt-image').waitFor();
    await again.getByRole('button', { name: 'Réimprimer le reçu (DUPLICATA)' }).waitFor();
    mkdirSync('.tmp/screenshots', { recursive: true });
    await page.screenshot({ path: '.tmp/screenshots/order-receipt.png' });
    await again.getByRole('button', { name: 'Fermer' }).click();
    await again.waitFor({ state: 'detached' });
  });

  it('the X report, a Z report and a refund receipt are previewed and printed from their screens', async () => {
    const db = session.till.web.till.context.db;
    const tech = await newTillPage();
    await tech.login('Théo Technicien', '345678');
    await addNetworkPrinter(tech, 'Caisse 1', printers[0]!.port, { documents: ['Reçus', 'Billets', 'Rapports (X, Z, caisse)'] });
    await tech.logout();
    const copies = (kind: string) => (db.prepare('SELECT copy_number FROM print_jobs WHERE kind = ? ORDER BY created_at_ms, rowid').all(kind) as { copy_number: number }[]).map((j) => j.copy_number);
    /** Opens a document's window from its button, reads it as text, prints it and waits for the printer. */
    const printFrom = async (page: TillPage['page'], testId: string, expected: string) => {
      await page.getByTestId(`${testId}-button`).click();
      const dialog = page.getByTestId(testId);
      await dialog.getByTestId('receipt-image').waitFor();
      await dialog.getByRole('button', { name: 'Texte' }).click();
      expect((await dialog.getByTestId('receipt-text').textContent()) ?? '').toContain(expected);
      await dialog.getByRole('button', { name: 'Imprimer', exact: true }).click();
      await dialog.locator('[data-testid="print-sent"][data-status="printed"]').waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Fermer' }).click();
      await dialog.waitFor({ state: 'detached' });
    };

    const cashier = await newTillPage();
    const page = cashier.page;
    await cashier.login('Camille Caissière', '123456');
    await cashier.openTill({ '20.–': 5 }, 10000);
    await cashier.choosePerformance(misanthrope, 'e-misanthrope-p1');
    await cashier.addTariff('Plein tarif');
    expect(await cashier.sellPaying(() => cashier.pay('Carte bancaire'))).toBe('G1-000001');
    await cashier.nextSale();
    const order = db.prepare("SELECT o.id, l.id AS line_id FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.number = 'G1-000001'").get() as { id: string; line_id: string };
    dispatcherAs(session.till, 'u-cashier', '123456')('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.line_id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'client malade' });
    await eventually(() => copies('refund_receipt').length === 1, 10_000, 'the refund receipt printed at the refund');

    // the refund's receipt again, from the order's detail: a DUPLICATA
    await cashier.openOrder('G1-000001');
    await printFrom(page, 'refund-receipt', 'client malade');
    await arrives(printers[0]!, 'DUPLICATA');
    expect(copies('refund_receipt')).toEqual([0, 1]);

    // the X report, at any time
    await cashier.go('Rapport X');
    await printFrom(page, 'x-report-print', 'RAPPORT X');
    await arrives(printers[0]!, 'RAPPORT X');
    expect(copies('x_report')).toEqual([0]);

    // the supervisor closes; the Z report printed at the closing is printed again from the list
    dispatcherAs(session.till, 'u-supervisor', '234567')('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 10000 }, { methodId: 'pm-card', countedMinor: 0 }] });
    await eventually(() => copies('z_report').length === 1, 10_000, 'the Z report printed at the closing');
    await cashier.logout();
    await cashier.login('Sophie Superviseure', '234567');
    await cashier.go('Rapports Z');
    await page.getByRole('button', { name: 'Afficher le rapport Z n° 1' }).click();
    await printFrom(page, 'z-report-print', 'RAPPORT Z N° 1');
    expect(copies('z_report')).toEqual([0, 1]);
    await page.getByTestId('z-report-print-button').waitFor();
    await page.screenshot({ path: `${screenshots}/z-report-print.png` });
  });
});

// What a fresh demo shows beyond its catalogue (issue 17 point 8), made through the
// services' own methods as the demo users would: a virtual printer (so that "Imprimer le
// reçu" works at once), a contact with a credit balance (the coins sign), an organisation
// with an open payment on account, and a first session closed with its Z (the opening then
// recalls the last closing's cash). Run once, by the app's start (web mode and the desktop
// window) on a database it has just seeded; tests start without it.
import { ulid } from 'ulid';
import type { Result } from '../../shared/result.ts';
import type { Dispatch } from '../kernel/dispatch.ts';

/** The answer of a method the showcase needs; a refusal stops it with the method's name. */
async function must<T>(dispatch: Dispatch, method: string, input: unknown, token: string | null): Promise<T> {
  const result: Result<unknown> = await dispatch.answer(method, input, token);
  if (!result.ok) throw new Error(`demo showcase: ${method} refused (${result.error.code})`);
  return result.value as T;
}

async function loginAs(dispatch: Dispatch, userId: string, pin: string): Promise<string> {
  return (await must<{ token: string }>(dispatch, 'auth.login', { userId, pin }, null)).token;
}

export async function runDemoShowcase(dispatch: Dispatch): Promise<void> {
  const technician = await loginAs(dispatch, 'u-technician', '345678');
  await must(dispatch, 'printers.save', { name: 'Imprimante virtuelle', connection: { transport: 'virtual' }, documents: ['receipt', 'ticket', 'report'] }, technician);
  await must(dispatch, 'auth.logout', {}, technician);

  const supervisor = await loginAs(dispatch, 'u-supervisor', '234567');
  await must(dispatch, 'sessions.open', { float: [{ valueMinor: 2000, count: 10 }] }, supervisor);
  // Élodie Favre has 50.– on her credit balance; the École du Bois-Gentil owes two tickets on account
  await must(dispatch, 'credit.fund', { requestId: ulid(), contactId: 'c-favre', methodId: 'pm-card', amountMinor: 5000, reference: 'Démo' }, supervisor);
  const catalogue = await must<{ events: { id: string; performances: { id: string }[]; tariffs: { id: string; priceMinor: number }[] }[] }>(dispatch, 'catalogue.get', {}, supervisor);
  const event = catalogue.events.find((e) => e.performances.length > 0)!;
  const tariff = event.tariffs[0]!;
  await must(dispatch, 'sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: event.performances[0]!.id, tariffId: tariff.id, quantity: 2 }],
    buyerContactId: 'c-ecole',
    payments: [{ methodId: 'pm-deferred', amountMinor: 2 * tariff.priceMinor }],
  }, supervisor);
  // the first session closed as counted, its float kept in the drawer
  const preview = await must<{ methods: { methodId: string; expectedMinor: number; type: string }[] }>(dispatch, 'sessions.closingPreview', { counts: [] }, supervisor);
  const counts = preview.methods.map((m) =>
    m.type === 'cash' && m.expectedMinor % 2000 === 0
      ? { methodId: m.methodId, countedMinor: m.expectedMinor, denominations: [{ valueMinor: 2000, count: m.expectedMinor / 2000 }] }
      : { methodId: m.methodId, countedMinor: m.expectedMinor },
  );
  await must(dispatch, 'sessions.close', { counts, floatKeptMinor: 20000 }, supervisor);
  await must(dispatch, 'auth.logout', {}, supervisor);
}

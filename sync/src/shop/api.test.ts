// The web shop's API as a web developer builds on it (issue 15 point 5), on PGlite and on a
// real PostgreSQL 15: GET /v1 lists every shop route with its JSON Schemas and refusals,
// each in French and English; the catalogue with the seats every channel sold; contacts
// found by email and created with the institution's deferred defaults, reaching a till's
// pull; an order read back by id and by request id; every write idempotent by request id,
// scoped by the shop and the kind of write; every route's refusals, writing nothing.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsEn } from '../../../src/shared/i18n/errors-en.ts';
import { errorsFr } from '../../../src/shared/i18n/errors-fr.ts';
import { demoInstitution } from '../../../src/shared/demo-data.ts';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { shopRoutes } from './routes.ts';
import { expectTranslated, item, order, pay, seats, shopKeyFor, snapshot, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

/** The route of the table a path answers on (its parameters as `:name`). */
const routeOf = (key: string) => shopRoutes.find((r) => `${r.method} ${r.path}` === key);

const newContact = (fields: Record<string, unknown> = {}) => ({ requestId: ulid(), kind: 'individual', name: 'Keller', firstName: 'Anna', email: 'anna.keller@example.ch', city: 'Genève', ...fields });

describe.each(testEngines)('the web shop API on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  /** A second shop: a point of sale that takes cards and vouchers. */
  let kioskKey: string;
  beforeAll(async () => {
    f = await startShop(engine, cluster);
    const kiosk = { kind: 'pointOfSale', id: 'pos-kiosk', body: { id: 'pos-kiosk', name: 'Borne', methodIds: ['pm-card', 'pm-voucher'] } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [kiosk] })).ok).toBe(true);
    kioskKey = await shopKeyFor(f.server, 'pos-kiosk');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('lists every shop route in GET /v1 with the JSON Schemas of its input and answer and the refusals it may answer, each in French and English', async () => {
    const listed = (await call(f.server.url, 'GET', '/v1')).value.routes as { method: string; path: string; access: string; query: { properties?: Record<string, unknown> }; body: unknown; output: Record<string, unknown>; refusals?: string[] }[];
    const shop = listed.filter((r) => r.path.startsWith('/v1/shop/'));
    expect(shop.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        'GET /v1/shop/catalogue',
        'GET /v1/shop/contacts',
        'POST /v1/shop/contacts',
        'GET /v1/shop/contacts/:id/credit',
        'GET /v1/shop/contacts/:id/movements',
        'GET /v1/shop/contacts/:id/invoices',
        'GET /v1/shop/contacts/:id/installments',
        'GET /v1/shop/contacts/:id/invoices/:invoiceId/pdf',
        'POST /v1/shop/orders',
        'GET /v1/shop/orders',
        'GET /v1/shop/orders/:id',
        'GET /v1/shop/vouchers/:code',
        'POST /v1/shop/installments/:id/pay',
      ].sort(),
    );
    const byName = new Map(shop.map((r) => [`${r.method} ${r.path}`, r]));
    for (const r of shop) expect([r.access, r.output.$schema], r.path).toEqual(['shop', 'https://json-schema.org/draft/2020-12/schema']);
    expect(Object.keys(byName.get('GET /v1/shop/contacts/:id/movements')!.query.properties!).sort()).toEqual(['from', 'kind', 'limit', 'to']);
    expect(byName.get('GET /v1/shop/catalogue')!.output).toMatchObject({ properties: { events: { type: 'array' }, voucherProducts: { type: 'array' } } });
    expect(byName.get('GET /v1/shop/vouchers/:code')!.output).toMatchObject({ properties: { remainingMinor: { type: 'integer' }, expiresAtMs: {} } });
    expect(byName.get('POST /v1/shop/orders')!.refusals).toEqual(expect.arrayContaining(['request_conflict', 'voucher_product_not_found', 'capacity_exceeded', 'voucher_insufficient']));
    expect(byName.get('POST /v1/shop/contacts')!.refusals).toEqual(['request_conflict']);
    // every code a shop route may answer has a French and an English message, not the same
    const codes = new Set(shop.flatMap((r) => r.refusals ?? []));
    expect(codes.size).toBeGreaterThan(20);
    for (const code of codes) {
      const fr = errorsFr[code as keyof typeof errorsFr];
      const en = errorsEn[code as keyof typeof errorsEn];
      expect([typeof fr, typeof en], code).toEqual(['string', 'string']);
      expect(fr, code).not.toBe(en);
    }
  });

  it('shows the catalogue with tariffs (price, VAT), performances with the seats every channel sold, items and voucher products', async () => {
    const first = await f.shop('GET', '/catalogue');
    expect(first).toMatchObject({ status: 200, ok: true, value: { currency: 'CHF', asOfMs: f.clock.nowMs() } });
    const contes = first.value.events.find((e: { id: string }) => e.id === 'e-contes');
    expect(contes).toMatchObject({ name: 'Contes pour petites oreilles', venue: { id: 'v-leman', name: 'Théâtre du Léman', city: 'Genève' }, vatRateBp: 810 });
    expect(contes.tariffs).toEqual([
      { id: 'e-contes-plein', code: 'plein', name: 'Plein tarif', priceMinor: 1800, vatRateBp: 810 },
      { id: 'e-contes-reduit', code: 'reduit', name: 'Tarif réduit', priceMinor: 1400, vatRateBp: 810 },
      { id: 'e-contes-enfant', code: 'enfant', name: 'Enfant', priceMinor: 950, vatRateBp: 810 },
    ]);
    expect(contes.performances.map((p: { id: string; hall: string; capacity: number; seatsSold: number; seatsLeft: number }) => [p.id, p.hall, p.capacity, p.seatsSold, p.seatsLeft])).toEqual([
      ['e-contes-p1', 'Studio', 12, 0, 12],
      ['e-contes-p2', 'Studio', 12, 0, 12],
    ]);
    expect(first.value.items.map((i: { id: string }) => i.id)).toEqual(['i-programme', 'i-affiche', 'i-sac']);
    expect(first.value.voucherProducts).toEqual([
      { id: 'vp-50', name: 'Bon cadeau 50.–', valueMinor: 5000 },
      { id: 'vp-100', name: 'Bon cadeau 100.–', valueMinor: 10000 },
    ]);

    // 3 seats at the till (pushed), 2 online: 5 of 12 sold over both channels
    f.till.journal.ticketSale([['e-contes-p1', 3]]);
    await f.push();
    expect((await f.shop('POST', '/orders', order('c-muller', [seats('e-contes-p1', 2)], [pay('pm-card', 3600)]))).ok).toBe(true);
    // an item withdrawn from sale leaves the catalogue
    const withdrawn = { kind: 'item', id: 'i-sac', body: { id: 'i-sac', name: 'Sac en toile', priceMinor: 1850, vatRateBp: 810, active: false, sort: 2 } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [withdrawn] })).ok).toBe(true);
    const after = (await f.shop('GET', '/catalogue')).value;
    const p1 = after.events.find((e: { id: string }) => e.id === 'e-contes').performances[0];
    expect(p1).toMatchObject({ id: 'e-contes-p1', capacity: 12, seatsSold: 5, seatsLeft: 7 });
    expect(after.items.map((i: { id: string }) => i.id)).toEqual(['i-programme', 'i-affiche']);
    // what the catalogue says is left is what an order may take
    expect(await f.shop('POST', '/orders', order('c-muller', [seats('e-contes-p1', 8)], [pay('pm-card', 8 * 1800)]))).toMatchObject({ status: 409, error: { code: 'capacity_exceeded', details: { remaining: 7 } } });
  });

  it("creates contacts as the till does (an organisation with the institution's deferred defaults), idempotently, and finds them by email", async () => {
    const person = newContact({ email: ' Anna.Keller@Example.ch ' });
    const created = await f.shop('POST', '/contacts', person);
    expect(created).toMatchObject({ status: 200, ok: true });
    expect(created.value).toEqual({
      id: expect.stringMatching(/^c-[0-9a-z]{26}$/),
      kind: 'individual',
      name: 'Keller',
      firstName: 'Anna',
      email: 'Anna.Keller@Example.ch',
      street: '',
      buildingNumber: '',
      postcode: '',
      city: 'Genève',
      country: 'CH',
      deferredAuthorised: false,
      deferredLimitMinor: 0,
    });
    // the same request again: the same contact, nothing written
    const before = await snapshot(f.server);
    expect(await f.shop('POST', '/contacts', person)).toEqual(created);
    expect(await snapshot(f.server)).toEqual(before);
    // the same request id with another body: refused, nothing written
    const conflict = await f.shop('POST', '/contacts', { ...person, name: 'Kellerr' });
    expect(conflict).toMatchObject({ status: 409, error: { code: 'request_conflict', details: { requestId: person.requestId } } });
    expectTranslated(routeOf('POST /v1/shop/contacts'), conflict.error);
    expect(await snapshot(f.server)).toEqual(before);

    // an organisation may pay on account from the start, with the default limit (seed 000)
    const school = await f.shop('POST', '/contacts', newContact({ kind: 'organization', name: 'Collège Voltaire', firstName: undefined, email: 'direction@voltaire.example.ch', country: 'fr' }));
    expect(school.value).toMatchObject({ kind: 'organization', country: 'FR', deferredAuthorised: true, deferredLimitMinor: demoInstitution.deferredDefaults.limitMinor });
    // …as long as the institution says so
    const noDefaults = { ...demoInstitution, deferredDefaults: { organisationsAuthorised: false, limitMinor: 50000 } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [{ kind: 'setting', id: 'institution', body: { key: 'institution', value: JSON.stringify(noDefaults) } }] })).ok).toBe(true);
    const club = await f.shop('POST', '/contacts', newContact({ kind: 'organization', name: 'Club des aînés', email: 'club@aines.example.ch' }));
    expect(club.value).toMatchObject({ deferredAuthorised: false, deferredLimitMinor: 0 });
    expect((await admin(f.server.url, 'PUT', '/records', { records: [{ kind: 'setting', id: 'institution', body: { key: 'institution', value: JSON.stringify(demoInstitution) } }] })).ok).toBe(true);

    // found by email, case and spaces aside; two contacts may share one
    const found = await f.shop('GET', `/contacts?email=${encodeURIComponent('anna.keller@EXAMPLE.CH')}`);
    expect(found).toMatchObject({ status: 200, value: [created.value] });
    expect((await f.shop('GET', '/contacts?email=marie.dupont%40example.ch')).value.map((c: { id: string }) => c.id)).toEqual(['c-dupont']);
    expect((await f.shop('GET', '/contacts?email=nobody%40example.ch')).value).toEqual([]);
    expect((await f.shop('GET', `/contacts?email=${encodeURIComponent(' anna.keller@example.ch')}`)).value).toHaveLength(1);
    const other = await f.shop('POST', '/contacts', newContact({ firstName: 'Paul' }));
    expect((await f.shop('GET', '/contacts?email=anna.keller%40example.ch')).value.map((c: { id: string }) => c.id)).toEqual([created.value.id, other.value.id].sort());
    // and the new contact may order at once
    expect((await f.shop('POST', '/orders', order(created.value.id, [item('i-programme')], [pay('pm-card', 500)]))).ok).toBe(true);
  });

  it('sends a contact created online to the tills as a contact record at their next pull', async () => {
    let cursor = '0';
    for (let more = true; more; ) {
      const page = await call(f.server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token: f.till.token });
      cursor = page.value.cursor;
      more = page.value.more;
    }
    const created = await f.shop('POST', '/contacts', newContact({ kind: 'organization', name: 'Ludothèque', email: 'info@ludo.example.ch' }));
    const pulled = await call(f.server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token: f.till.token });
    expect(pulled.value.records).toEqual([{ kind: 'contact', id: created.value.id, body: created.value }]);
  });

  it('reads an order back by its id and by its request id: the answer its POST gave, to the shop that placed it only', async () => {
    const body = order('c-favre', [seats('e-quatuor-p2', 1), item('i-programme')], [pay('pm-card', 4300)]);
    const placed = await f.shop('POST', '/orders', body);
    expect(placed.ok).toBe(true);
    expect(await f.shop('GET', `/orders/${placed.value.orderId}`)).toEqual(placed);
    expect(await f.shop('GET', `/orders?requestId=${body.requestId}`)).toEqual(placed);
    const notFound: [string, string | undefined, Record<string, unknown>][] = [
      [`/orders/${placed.value.orderId}`, kioskKey, { orderId: placed.value.orderId }],
      [`/orders?requestId=${body.requestId}`, kioskKey, { requestId: body.requestId }],
      ['/orders/01JDQ6Z3F1A2B3C4D5E6F7G8H9', undefined, { orderId: '01JDQ6Z3F1A2B3C4D5E6F7G8H9' }],
      [`/orders?requestId=${ulid()}`, undefined, {}],
    ];
    for (const [path, key, details] of notFound) {
      const answer = await f.shop('GET', path, undefined, key);
      expect(answer, path).toMatchObject({ status: 404, error: { code: 'order_not_found', details } });
      expectTranslated(routeOf(path.includes('?') ? 'GET /v1/shop/orders' : 'GET /v1/shop/orders/:id'), answer.error);
    }
    expect(await f.shop('GET', '/orders?requestId=r-1')).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'requestId' } } });
    expect(await f.shop('GET', '/orders')).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'requestId' } } });
  });

  it('scopes request ids by the shop and the kind of write: another shop, or another kind, is another request', async () => {
    const requestId = ulid();
    const web = await f.shop('POST', '/orders', { ...order('c-muller', [item('i-affiche')], [pay('pm-card', 1200)]), requestId });
    expect(web.ok).toBe(true);
    // the kiosk's request of the same id is its own order (it was request_conflict while ids were shared)
    const before = await snapshot(f.server);
    const kiosk = await f.shop('POST', '/orders', { ...order('c-muller', [item('i-affiche')], [pay('pm-card', 1200)]), requestId }, kioskKey);
    expect(kiosk).toMatchObject({ status: 200, ok: true });
    expect(kiosk.value.orderId).not.toBe(web.value.orderId);
    expect(kiosk.value.number).not.toBe(web.value.number);
    const after = await snapshot(f.server);
    expect([after.events, after.requests]).toEqual([before.events + 1, before.requests + 1]);
    expect((await f.shop('GET', `/orders?requestId=${requestId}`)).value.orderId).toBe(web.value.orderId);
    expect((await f.shop('GET', `/orders?requestId=${requestId}`, undefined, kioskKey)).value.orderId).toBe(kiosk.value.orderId);
    // a contact created under the same id is another kind of write
    const contact = await f.shop('POST', '/contacts', newContact({ requestId }));
    expect(contact).toMatchObject({ status: 200, ok: true });
    // and each shop's retry still answers its own first answer
    expect(await f.shop('POST', '/orders', { ...order('c-muller', [item('i-affiche')], [pay('pm-card', 1200)]), requestId })).toEqual(web);
    expect(await f.shop('POST', '/orders', { ...order('c-muller', [item('i-affiche', 2)], [pay('pm-card', 2400)]), requestId }, kioskKey)).toMatchObject({ status: 409, error: { code: 'request_conflict' } });
    expect(await f.shop('POST', '/contacts', newContact({ requestId }))).toEqual(contact);
  });

  describe('refuses, writing nothing, and says why in French and in English', () => {
    type Row = [name: string, method: 'GET' | 'POST', path: string, body: unknown, key: 'web' | 'kiosk', status: number, code: string, details?: Record<string, unknown>];
    const rows: Row[] = [
      ['a contact search without an email', 'GET', '/contacts', undefined, 'web', 400, 'invalid_input', { field: 'email' }],
      ['a contact without a name', 'POST', '/contacts', { requestId: ulid(), kind: 'individual', name: '  ' }, 'web', 400, 'invalid_input', { field: 'name' }],
      ['a contact of an unknown kind', 'POST', '/contacts', { requestId: ulid(), kind: 'company', name: 'X' }, 'web', 400, 'invalid_input', { field: 'kind' }],
      ['a contact without a request id', 'POST', '/contacts', { kind: 'individual', name: 'X' }, 'web', 400, 'invalid_input', { field: 'requestId' }],
      ['a contact with a country of three letters', 'POST', '/contacts', { requestId: ulid(), kind: 'individual', name: 'X', country: 'CHE' }, 'web', 400, 'invalid_input', { field: 'country' }],
      ['a gift voucher of an unknown product', 'POST', '/orders', order('c-muller', [{ kind: 'voucher', voucherProductId: 'vp-999', quantity: 1 }], [pay('pm-card', 5000)]), 'web', 404, 'voucher_product_not_found', { voucherProductId: 'vp-999' }],
      ['51 gift vouchers in a line', 'POST', '/orders', order('c-muller', [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 51 }], [pay('pm-card', 5000)]), 'web', 400, 'invalid_input'],
      ['the credit balance where it is not offered', 'GET', '/contacts/c-dupont/credit', undefined, 'kiosk', 422, 'method_not_authorised', { type: 'credit' }],
      ['the installments where the deferred account is not offered', 'GET', '/contacts/c-ecole/installments', undefined, 'kiosk', 422, 'method_not_authorised', { type: 'deferred' }],
      ['the invoices of an unknown contact', 'GET', '/contacts/c-nobody/invoices', undefined, 'web', 404, 'contact_not_found', { contactId: 'c-nobody' }],
      ['the PDF of an unknown invoice', 'GET', '/contacts/c-amis/invoices/01JDQ6Z3F1A2B3C4D5E6F7G8H9/pdf', undefined, 'web', 404, 'invoice_not_found', { invoiceId: '01JDQ6Z3F1A2B3C4D5E6F7G8H9' }],
      ['the PDF of an unknown contact', 'GET', '/contacts/c-nobody/invoices/01JDQ6Z3F1A2B3C4D5E6F7G8H9/pdf', undefined, 'web', 404, 'contact_not_found', { contactId: 'c-nobody' }],
      ['a PDF in a language the shop does not speak', 'GET', '/contacts/c-amis/invoices/01JDQ6Z3F1A2B3C4D5E6F7G8H9/pdf?language=de', undefined, 'web', 400, 'invalid_input', { field: 'language' }],
      ['an unknown voucher code', 'GET', '/vouchers/GV-AAAA-AAAA', undefined, 'web', 404, 'voucher_not_found', { code: 'GV-AAAA-AAAA' }],
      ['an installment that does not exist', 'POST', '/installments/i-nope/pay', { requestId: ulid(), methodId: 'pm-card' }, 'web', 404, 'installment_not_found'],
    ];
    it.each(rows)('%s', async (_, method, path, body, key, status, code, details) => {
      const before = await snapshot(f.server);
      const answer = await f.shop(method, path, body, key === 'kiosk' ? kioskKey : undefined);
      expect(answer).toMatchObject({ status, ok: false, error: { code } });
      if (details) expect(answer.error?.details).toMatchObject(details);
      expect(await snapshot(f.server)).toEqual(before);
      const pattern = shopRoutes.find((r) => r.method === method && new RegExp(`^${r.path.replace('/v1/shop', '').replace(/:\w+/g, '[^/?]+')}(\\?|$)`).test(path));
      expectTranslated(pattern, answer.error);
    });

    it("answers in the caller's language", async () => {
      const headers = { 'accept-language': 'en' };
      expect(await call(f.server.url, 'GET', '/v1/shop/contacts/c-nobody/invoices', { token: f.key, headers })).toMatchObject({ error: { code: 'contact_not_found', message: 'Contact not found.' } });
      expect(await call(f.server.url, 'GET', '/v1/shop/contacts/c-nobody/invoices', { token: f.key })).toMatchObject({ error: { code: 'contact_not_found', message: 'Contact introuvable.' } });
      expect(await call(f.server.url, 'GET', '/v1/shop/vouchers/NOPE', { token: f.key, headers })).toMatchObject({ error: { code: 'voucher_not_found', message: 'Voucher not found.' } });
    });
  });
});

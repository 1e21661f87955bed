import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, tempDataDir } from '../helpers/testSystem';
import { WebhookReceiver } from '../helpers/webhookReceiver';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const MINUTE = 60_000;
/** Tuesday 1 December 2026, 10:00 UTC: the site's daytime, outside Ana's quiet hours (22:00–07:00). */
const TEN_IN_THE_MORNING = Date.UTC(2026, 11, 1, 10, 0);
const ELEVEN_THIRTY_AT_NIGHT = Date.UTC(2026, 11, 1, 23, 30);

describe('restock and volunteer API', () => {
  let data: ReturnType<typeof tempDataDir>;
  let hooks: WebhookReceiver;
  let system: RestockSystem;

  beforeAll(async () => {
    data = tempDataDir();
    hooks = new WebhookReceiver();
    await hooks.start();
    system = await startRestockSystem(
      data.dir,
      {},
      { clock: new TestClock(TEN_IN_THE_MORNING), autoDeliver: false },
    );
    await system.createFridge(elmStreet);
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave fridge' });
  });
  afterAll(async () => {
    await system.stop();
    await hooks.stop();
    data.remove();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    admin = true,
  ) => system.app.inject({ method, url, headers: admin ? auth : {}, ...(payload ? { payload } : {}) });

  it('lets organisers manage volunteers, and nobody else', async () => {
    expect((await inject('GET', '/api/volunteers', undefined, false)).statusCode).toBe(401);
    const created = await inject('POST', '/api/volunteers', {
      id: 'ana',
      name: 'Ana',
      channels: [
        { type: 'email', address: 'ana@example.org' },
        { type: 'webhook', url: hooks.url('/ana'), format: 'json' },
      ],
      fridgeIds: ['elm-st'],
      quietHours: { from: '22:00', to: '07:00' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'ana',
      role: 'volunteer',
      notices: { restock: true, foodSafety: true, deviceHealth: false },
      unsubscribed: false,
    });
    expect(
      (await inject('POST', '/api/volunteers', { id: 'ana', name: 'Ana', channels: [] })).json().error.code,
    ).toBe('VOLUNTEER_EXISTS');
    const changed = await inject('PATCH', '/api/volunteers/ana', {
      fridgeIds: ['elm-st', 'oak-ave'],
      notices: { deviceHealth: true },
    });
    expect(changed.json()).toMatchObject({
      fridgeIds: ['elm-st', 'oak-ave'],
      notices: { restock: true, deviceHealth: true },
    });
    const generated = await inject('POST', '/api/volunteers', {
      name: 'Ben',
      channels: [],
      role: 'organiser',
    });
    expect(generated.json().id).toMatch(/^v-[0-9a-f]{8}$/);
    expect((await inject('DELETE', `/api/volunteers/${generated.json().id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/api/volunteers/${generated.json().id}`)).json().error.code).toBe(
      'VOLUNTEER_NOT_FOUND',
    );
    expect((await inject('GET', '/api/volunteers')).json().map((v: { id: string }) => v.id)).toEqual(['ana']);
  });

  it.each([
    [{ name: 'X', channels: [{ type: 'email', address: 'not an address' }] }, /address/],
    [{ name: 'X', channels: [{ type: 'webhook', url: 'ftp://x', format: 'json' }] }, /url/],
    [{ name: 'X', channels: [{ type: 'webhook', url: 'https://x', format: 'teams' }] }, /format/],
    [{ name: 'X', channels: [], quietHours: { from: '25:00', to: '07:00' } }, /quietHours/],
    [{ name: 'X', channels: [], fridgeIds: ['nowhere'] }, /fridgeIds\/0/],
    [{ name: 'X', channels: [], id: 'x'.repeat(41) }, /id/],
  ])('refuses a bad volunteer with 400 naming the field (%#)', async (payload, field) => {
    const res = await inject('POST', '/api/volunteers', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(field);
  });

  it('lets organisers raise, claim for someone, release and cancel, with named errors', async () => {
    const raised = await inject('POST', '/api/restock-requests', { fridgeId: 'oak-ave' });
    expect(raised.statusCode).toBe(201);
    const id: string = raised.json().id;
    expect(raised.json()).toMatchObject({ status: 'open', reason: 'manual', circle: 'fridge' });
    expect((await inject('POST', '/api/restock-requests', { fridgeId: 'oak-ave' })).json().error.code).toBe(
      'REQUEST_ALREADY_OPEN',
    );
    expect((await inject('POST', '/api/restock-requests', { fridgeId: 'nowhere' })).statusCode).toBe(404);
    expect(
      (await inject('POST', `/api/restock-requests/${id}/claim`, { volunteerId: 'nobody' })).json().error
        .code,
    ).toBe('VOLUNTEER_NOT_FOUND');
    const claimed = await inject('POST', `/api/restock-requests/${id}/claim`, {
      volunteerId: 'ana',
      etaMinutes: 45,
    });
    expect(claimed.json()).toMatchObject({ status: 'claimed', claim: { volunteerId: 'ana', name: 'Ana' } });
    await inject('POST', '/api/volunteers', { id: 'cat', name: 'Cat', channels: [], fridgeIds: ['oak-ave'] });
    const second = await inject('POST', `/api/restock-requests/${id}/claim`, { volunteerId: 'cat' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'ALREADY_CLAIMED' });
    expect(second.json().error.message).toMatch(/^already claimed by Ana, ETA \d\d:\d\d$/);
    expect((await inject('POST', `/api/restock-requests/${id}/release`)).json()).toMatchObject({
      status: 'open',
      claim: null,
    });
    expect((await inject('POST', `/api/restock-requests/${id}/release`)).json().error.code).toBe(
      'NOT_CLAIMER',
    );
    expect((await inject('POST', `/api/restock-requests/${id}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
    });
    expect((await inject('POST', `/api/restock-requests/${id}/cancel`)).json().error.code).toBe(
      'REQUEST_CLOSED',
    );
    expect((await inject('GET', '/api/restock-requests/r-000000000000')).json().error.code).toBe(
      'RESTOCK_REQUEST_NOT_FOUND',
    );
    for (const path of ['claim', 'release', 'cancel']) {
      expect(
        (await inject('POST', `/api/restock-requests/${id}/${path}`, { volunteerId: 'ana' }, false))
          .statusCode,
      ).toBe(401);
    }
  });

  it('filters the list by status and fridge, and hides claimers from the public', async () => {
    const id = (await inject('POST', '/api/restock-requests', { fridgeId: 'elm-st' })).json().id;
    await inject('POST', `/api/restock-requests/${id}/claim`, { volunteerId: 'ana' });
    const active = await inject('GET', '/api/restock-requests?status=active', undefined, false);
    expect(active.json()).toHaveLength(1);
    expect(active.json()[0]).toMatchObject({
      id,
      status: 'claimed',
      claim: { volunteerId: null, name: null },
    });
    const organiser = await inject('GET', '/api/restock-requests?status=claimed&fridge=elm-st');
    expect(organiser.json()[0].claim).toMatchObject({ volunteerId: 'ana', name: 'Ana' });
    expect(
      (await inject('GET', '/api/restock-requests?fridge=oak-ave', undefined, false)).json(),
    ).toHaveLength(1);
    expect((await inject('GET', '/api/restock-requests?status=lost', undefined, false)).statusCode).toBe(400);
  });

  it('fulfils from a door session on the bus (from the stock estimator)', async () => {
    const [active] = (await inject('GET', '/api/restock-requests?status=active&fridge=elm-st')).json();
    system.clock.advance(20 * MINUTE);
    const now = system.clock.nowMs();
    system.bus.emit('doorSession', {
      fridgeId: 'elm-st',
      openedAtMs: now - 60_000,
      closedAtMs: now,
      shelves: [{ shelfId: 's1', deltaKg: 6.2 }],
      takenKg: 0,
      addedKg: 6.2,
    });
    const done = (await inject('GET', `/api/restock-requests/${active.id}`)).json();
    expect(done).toMatchObject({
      status: 'fulfilled',
      fulfilment: { kgAdded: 6.2, via: 'door-session', volunteerId: 'ana' },
    });
    const notices = (await inject('GET', `/api/notices?subject=${active.id}`)).json();
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual([
      'restock.fulfilled',
      'restock.claimed',
      'restock.opened',
    ]);
  });

  it('keeps per-fridge restock settings', async () => {
    const settings = {
      raiseAtLevel: 'empty',
      area: 'north',
      activeHours: { from: '08:00', to: '20:00' },
      forecastTrigger: false,
    };
    expect((await inject('PUT', '/api/fridges/elm-st/restock-settings', settings)).json()).toEqual(settings);
    expect((await inject('GET', '/api/fridges/elm-st/restock-settings')).json()).toEqual(settings);
    expect(
      (await inject('PUT', '/api/fridges/elm-st/restock-settings', { ...settings, raiseAtLevel: 'many' }))
        .statusCode,
    ).toBe(400);
    expect((await inject('GET', '/api/fridges/nowhere/restock-settings')).statusCode).toBe(404);
    expect((await inject('GET', '/api/fridges/elm-st/restock-settings', undefined, false)).statusCode).toBe(
      401,
    );
  });

  it('gives a volunteer their own preferences and unsubscribe link, without an account', async () => {
    const token = system.notifications.preferencesToken('ana');
    const json = await inject('GET', `/api/preferences/${token}`, undefined, false);
    expect(json.json()).toMatchObject({
      name: 'Ana',
      quietHours: { from: '22:00', to: '07:00' },
      fridges: [
        { id: 'elm-st', name: 'Elm St fridge' },
        { id: 'oak-ave', name: 'Oak Ave fridge' },
      ],
    });
    const page = await fetch(`${system.httpUrl}/preferences/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('name="restock" value="on" checked');

    const saved = await fetch(`${system.httpUrl}/preferences/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'form=preferences&restock=on&quietFrom=23%3A00&quietTo=06%3A30',
    });
    expect(await saved.text()).toContain('Saved.');
    expect((await inject('GET', '/api/volunteers/ana')).json()).toMatchObject({
      notices: { restock: true, foodSafety: false, deviceHealth: false },
      quietHours: { from: '23:00', to: '06:30' },
    });
    const bad = await fetch(`${system.httpUrl}/preferences/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'restock=on&quietFrom=23%3A00',
    });
    expect(bad.status).toBe(400);

    // RFC 8058 one-click unsubscribe, as a mail client sends it.
    const oneClick = await fetch(`${system.httpUrl}/preferences/${token}/unsubscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await inject('GET', '/api/volunteers/ana')).json().unsubscribed).toBe(true);

    // Nothing reaches an unsubscribed volunteer: not even what earlier tests left in the outbox.
    await system.notifications.runDue();
    hooks.calls.length = 0;
    const id = (await inject('POST', '/api/restock-requests', { fridgeId: 'elm-st' })).json().id;
    await system.notifications.runDue();
    expect(hooks.calls).toHaveLength(0);
    const notices = (await inject('GET', `/api/notices?subject=${id}`)).json();
    expect(notices[0].deliveries.map((d: { channel: string }) => d.channel)).toEqual(['mqtt']);

    const back = await inject('PATCH', `/api/preferences/${token}`, { subscribed: true }, false);
    expect(back.json().unsubscribed).toBe(false);
    const forged = await inject(
      'GET',
      `/api/preferences/${token.replace(/\.ana\./, '.cat.')}`,
      undefined,
      false,
    );
    expect(forged.json().error.code).toBe('TOKEN_INVALID');
  });

  it('sends a test notice on every channel, whatever the quiet hours', async () => {
    // 23:30 on the same day: inside Ana's quiet hours (23:00–06:30), where a restock notice waits.
    system.clock.ms = ELEVEN_THIRTY_AT_NIGHT;
    await system.notifications.runDue();
    hooks.calls.length = 0;
    const restock = await inject('POST', '/api/restock-requests', { fridgeId: 'oak-ave' });
    const res = await inject('POST', '/api/volunteers/ana/test-notice');
    expect(res.statusCode).toBe(202);
    await system.notifications.runDue();

    // Only the test arrives now; it checks the channels, so quiet hours do not hold it.
    expect(hooks.calls.map((call) => JSON.parse(call.body).kind)).toEqual(['test']);
    const notice = (await inject('GET', `/api/notices/${res.json().noticeId}`)).json();
    // No SMTP settings on this site: the log says why the mail did not go.
    expect(
      notice.deliveries.map(
        (d: { channel: string; status: string; lastError: string | null; heldUntil: string | null }) => [
          d.channel,
          d.status,
          d.lastError,
          d.heldUntil,
        ],
      ),
    ).toEqual([
      ['email', 'failed', 'e-mail is off: the server has no SMTP settings', null],
      ['webhook', 'sent', null, null],
    ]);
    const held = (await inject('GET', `/api/notices?subject=${restock.json().id}`)).json();
    const heldWebhook = held[0].deliveries.find((d: { channel: string }) => d.channel === 'webhook');
    expect(heldWebhook).toMatchObject({ status: 'pending', heldUntil: '2026-12-02T06:30:00.000Z' });
    expect((await inject('GET', '/api/notices/n-0000000000000000')).json().error.code).toBe(
      'NOTICE_NOT_FOUND',
    );
  });

  it('reports history per fridge and documents every route in OpenAPI', async () => {
    const history = (
      await inject('GET', '/api/fridges/elm-st/restock-history?days=30', undefined, false)
    ).json();
    expect(history.summary).toMatchObject({ requests: 2, fulfilled: 1, open: 1, kgAdded: 6.2 });
    expect(history.requests[1].claim).toBeNull();
    expect(history.requests[1].fulfilment).toMatchObject({ volunteerId: null, name: null, kgAdded: 6.2 });
    const doc = (await inject('GET', '/api/openapi.json', undefined, false)).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/restock-requests',
        '/api/restock-requests/{id}/claim',
        '/api/restock-requests/{id}/release',
        '/api/restock-requests/{id}/cancel',
        '/api/fridges/{id}/restock-history',
        '/api/fridges/{id}/restock-settings',
        '/api/volunteers',
        '/api/notices/{id}',
        '/api/claim/{token}',
        '/api/preferences/{token}',
      ]),
    );
  });

  it('cancels the open request of a removed fridge', async () => {
    const [active] = (await inject('GET', '/api/restock-requests?status=active&fridge=elm-st')).json();
    expect((await inject('DELETE', '/api/fridges/elm-st')).statusCode).toBe(204);
    expect((await inject('GET', `/api/restock-requests/${active.id}`)).json().status).toBe('cancelled');
  });
});

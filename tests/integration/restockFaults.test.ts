import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RESTOCK_CONFIG } from '../../server/domain/restock/config';
import { claimFormIn, claimLinkIn, submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, eventually, tempDataDir } from '../helpers/testSystem';
import { WebhookReceiver } from '../helpers/webhookReceiver';

/** Every run starts on Tuesday 1 December 2026 at 09:00 UTC (the site's zone here), whatever the wall clock says. */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SECOND = 1000;
const MINUTE = 60 * SECOND;

async function addVolunteer(system: RestockSystem, body: object): Promise<void> {
  const res = await system.app.inject({
    method: 'POST',
    url: '/api/volunteers',
    headers: auth,
    payload: body,
  });
  expect(res.statusCode).toBe(201);
}

async function raise(system: RestockSystem, fridgeId = 'elm-st'): Promise<string> {
  const res = await system.app.inject({
    method: 'POST',
    url: '/api/restock-requests',
    headers: auth,
    payload: { fridgeId },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function deliveries(system: RestockSystem, requestId: string, kind = 'restock.opened') {
  const res = await system.app.inject({ url: `/api/notices?subject=${requestId}`, headers: auth });
  const notice = res.json().find((n: { kind: string }) => n.kind === kind);
  return notice.deliveries as Array<{
    channel: string;
    status: string;
    attempts: number;
    idempotencyKey: string;
    lastError: string | null;
    heldUntil: string | null;
    log: Array<{ ok: boolean; detail: string | null }>;
  }>;
}

describe('delivery faults', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let hooks: WebhookReceiver;
  let system: RestockSystem | null;
  let clock: TestClock;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    hooks = new WebhookReceiver();
    await hooks.start();
    clock = new TestClock(TUESDAY_MORNING);
    system = null;
  });

  afterEach(async () => {
    await system?.stop();
    await mailbox.stop();
    await hooks.stop();
    data.remove();
  });

  async function start(autoDeliver: boolean, overrides = {}): Promise<RestockSystem> {
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig(), ...overrides },
      { clock, autoDeliver },
    );
    return system;
  }

  it('delays mail while the SMTP server is down and delivers it once when it is back', async () => {
    const s = await start(false);
    await s.createFridge(elmStreet);
    await addVolunteer(s, {
      id: 'ana',
      name: 'Ana',
      channels: [{ type: 'email', address: 'ana@example.org' }],
      fridgeIds: ['elm-st'],
    });
    const port = mailbox.port;
    await mailbox.stop();
    const requestId = await raise(s);

    await s.notifications.runDue();
    let [mail] = await deliveries(s, requestId);
    expect(mail).toMatchObject({ channel: 'email', status: 'pending', attempts: 1 });
    expect(mail?.lastError).toMatch(/SMTP: .*ECONNREFUSED/);

    // Ten minutes down: retried with backoff, never dropped.
    for (let elapsed = 0; elapsed < 10 * MINUTE; elapsed += 30 * SECOND) {
      clock.advance(30 * SECOND);
      await s.notifications.runDue();
    }
    [mail] = await deliveries(s, requestId);
    expect(mail?.status).toBe('pending');
    expect((await s.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    // Past a quarter of an hour behind, health says so, for whoever watches the server.
    clock.advance(6 * MINUTE);
    await s.notifications.runDue();
    const health = await s.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().problems).toEqual([
      expect.stringMatching(
        /^notifications: 1 notice delivery waiting, the oldest for 16 min \(SMTP: .*ECONNREFUSED/,
      ),
    ]);
    [mail] = await deliveries(s, requestId);
    const failedAttempts = mail?.attempts ?? 0;
    expect(failedAttempts).toBeGreaterThanOrEqual(5);

    await mailbox.start(port);
    clock.advance(5 * MINUTE);
    await s.notifications.runDue();
    await s.notifications.runDue();
    await mailbox.waitFor('ana@example.org');
    [mail] = await deliveries(s, requestId);
    expect(mail).toMatchObject({ status: 'sent', attempts: failedAttempts + 1 });
    expect(mail?.log.map((a) => a.ok)).toEqual([...Array(failedAttempts).fill(false), true]);
    clock.advance(MINUTE);
    await s.notifications.runDue();
    expect(mailbox.to('ana@example.org')).toHaveLength(1);
    expect(mailbox.mails[0]?.messageId).toBe(`<${mail?.idempotencyKey}@example.org>`);
    expect((await s.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });

  it('loses nothing across a restart between the state change and its delivery, and sends it once', async () => {
    let s = await start(false);
    await s.createFridge(elmStreet);
    await addVolunteer(s, {
      id: 'ana',
      name: 'Ana',
      channels: [{ type: 'email', address: 'ana@example.org' }],
      fridgeIds: ['elm-st'],
    });
    const requestId = await raise(s);
    expect((await deliveries(s, requestId))[0]?.status).toBe('pending');
    await s.stop();
    system = null;
    expect(mailbox.mails).toHaveLength(0);

    // The restarted server delivers from the outbox on its own timer.
    s = await start(true);
    const [mail] = await mailbox.waitFor('ana@example.org');
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.mails).toHaveLength(1);
    expect((await deliveries(s, requestId))[0]).toMatchObject({ status: 'sent', attempts: 1 });

    // A link signed before the restart still works after it.
    const page = await fetch(claimLinkIn(mail?.text ?? '').replace(/^http:\/\/[^/]+/, s.httpUrl));
    expect(page.status).toBe(200);
  });

  it('retries a webhook answering 500 with the same message and key, then stops at 200', async () => {
    const s = await start(false);
    await s.createFridge(elmStreet);
    await addVolunteer(s, {
      id: 'elm-chat',
      name: 'Elm St group chat',
      channels: [{ type: 'webhook', url: hooks.url('/hooks/slack/T000/B000/secret'), format: 'slack' }],
      fridgeIds: ['elm-st'],
    });
    hooks.script.push(500);
    const requestId = await raise(s);
    await s.notifications.runDue();
    expect(hooks.calls.map((c) => c.status)).toEqual([500]);
    let [hook] = await deliveries(s, requestId);
    expect(hook).toMatchObject({ status: 'pending', attempts: 1, lastError: 'webhook answered HTTP 500' });
    expect(JSON.stringify(hook)).not.toContain('secret');

    await s.notifications.runDue();
    expect(hooks.calls).toHaveLength(1);
    clock.advance(15 * SECOND);
    await s.notifications.runDue();
    expect(hooks.calls.map((c) => c.status)).toEqual([500, 200]);
    const [first, second] = hooks.calls;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(second?.headers['content-type']).toBe('application/json');
    const slack = JSON.parse(second?.body ?? '{}');
    expect(slack.text).toMatch(/^\*Elm St fridge needs restocking\*\n/);
    expect(slack.text).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/claim\/[^|]+\|I'll restock it>/);
    [hook] = await deliveries(s, requestId);
    expect(hook).toMatchObject({ status: 'sent', attempts: 2 });

    clock.advance(MINUTE);
    await s.notifications.runDue();
    expect(hooks.calls).toHaveLength(2);
  });

  it('speaks each chat format, and gives up at once on a hook that answers 404', async () => {
    const s = await start(false);
    await s.createFridge({ ...elmStreet, name: 'Elm *St* @everyone' });
    await addVolunteer(s, {
      id: 'hooks',
      name: 'Every hook',
      channels: [
        { type: 'webhook', url: hooks.url('/json'), format: 'json' },
        { type: 'webhook', url: hooks.url('/discord'), format: 'discord' },
        { type: 'webhook', url: hooks.url('/matrix'), format: 'matrix' },
        { type: 'webhook', url: hooks.url('/gone'), format: 'json' },
      ],
      fridgeIds: ['elm-st'],
    });
    hooks.script.push(200, 200, 200, 404);
    const requestId = await raise(s);
    await s.notifications.runDue();
    const byPath = Object.fromEntries(hooks.calls.map((c) => [c.path, JSON.parse(c.body)]));
    expect(byPath['/json']).toMatchObject({
      kind: 'restock.opened',
      category: 'restock',
      critical: false,
      fridgeId: 'elm-st',
      subjectId: requestId,
      title: 'Elm *St* @everyone needs restocking',
      action: { label: "I'll restock it" },
    });
    expect(byPath['/discord'].allowed_mentions).toEqual({ parse: [] });
    expect(byPath['/discord'].content).toContain('**Elm \\*St\\* @everyone needs restocking**');
    expect(byPath['/matrix']).toMatchObject({ username: 'Fridge monitor' });
    expect(byPath['/matrix'].html).toContain('<strong>Elm *St* @everyone needs restocking</strong>');
    const all = await deliveries(s, requestId);
    expect(all.map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'sent']);
    expect(all[3]?.lastError).toBe('webhook answered HTTP 404');
  });

  it('holds a non-critical notice through quiet hours and sends it when they end', async () => {
    clock.ms = Date.UTC(2026, 5, 1, 23, 0);
    const s = await start(false);
    await s.createFridge(elmStreet);
    await addVolunteer(s, {
      id: 'ana',
      name: 'Ana',
      channels: [{ type: 'email', address: 'ana@example.org' }],
      fridgeIds: ['elm-st'],
      quietHours: { from: '22:00', to: '07:00' },
    });
    const requestId = await raise(s);
    await s.notifications.runDue();
    const [held] = await deliveries(s, requestId);
    expect(held).toMatchObject({ status: 'pending', attempts: 0, heldUntil: '2026-06-02T07:00:00.000Z' });
    clock.ms = Date.UTC(2026, 5, 2, 7, 0);
    await s.notifications.runDue();
    await mailbox.waitFor('ana@example.org');
  });
});

describe('claim links that do not work', () => {
  let data: ReturnType<typeof tempDataDir>;
  let hooks: WebhookReceiver;
  let system: RestockSystem;

  beforeEach(async () => {
    data = tempDataDir();
    hooks = new WebhookReceiver();
    await hooks.start();
    system = await startRestockSystem(
      data.dir,
      { restock: { ...DEFAULT_RESTOCK_CONFIG, claimLinkTtlMs: 10 * MINUTE } },
      { clock: new TestClock(TUESDAY_MORNING), autoDeliver: false },
    );
    await system.createFridge(elmStreet);
    await addVolunteer(system, {
      id: 'ana',
      name: 'Ana <script>',
      channels: [{ type: 'webhook', url: hooks.url('/ana'), format: 'json' }],
      fridgeIds: ['elm-st'],
    });
  });

  afterEach(async () => {
    await system.stop();
    await hooks.stop();
    data.remove();
  });

  async function linkOfNewRequest(): Promise<{ link: string; requestId: string }> {
    const requestId = await raise(system);
    await system.notifications.runDue();
    const body = JSON.parse(hooks.calls.at(-1)?.body ?? '{}');
    return { link: body.action.url, requestId };
  }

  async function statusOf(requestId: string): Promise<string> {
    return (await system.app.inject({ url: `/api/restock-requests/${requestId}` })).json().status;
  }

  async function noticeKindsOf(requestId: string): Promise<string[]> {
    const res = await system.app.inject({ url: `/api/notices?subject=${requestId}`, headers: auth });
    return res.json().map((n: { kind: string }) => n.kind);
  }

  it('changes nothing however often the link is opened (mail scanners, previews); the button claims', async () => {
    const { link, requestId } = await linkOfNewRequest();
    const callsBefore = hooks.calls.length;
    const apiUrl = new URL(link).pathname.replace('/claim/', '/api/claim/');
    let page = '';
    for (let i = 0; i < 5; i++) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      page = await res.text();
      const api = await system.app.inject({ url: apiUrl });
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({ request: { id: requestId, status: 'open' }, mine: false });
    }
    expect(page).toContain("I'll restock it");
    expect(await statusOf(requestId)).toBe('open');
    await system.notifications.runDue();
    expect(hooks.calls).toHaveLength(callsBefore);
    expect(await noticeKindsOf(requestId)).toEqual(['restock.opened']);

    const form = claimFormIn(page, link);
    const claimed = await submitForm(form.url, form.body);
    expect(claimed.status).toBe(200);
    expect(await claimed.text()).toContain('on it. Thank you!');
    expect(await statusOf(requestId)).toBe('claimed');
    expect(await noticeKindsOf(requestId)).toContain('restock.claimed');
    // Opening it again afterwards shows the claim, still without changing it.
    const again = await fetch(link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("I can't go after all");
  });

  it('claims through the JSON API only with a POST', async () => {
    const { link, requestId } = await linkOfNewRequest();
    const apiUrl = new URL(link).pathname.replace('/claim/', '/api/claim/');
    for (let i = 0; i < 5; i++) await system.app.inject({ url: apiUrl });
    expect(await statusOf(requestId)).toBe('open');
    const claimed = await system.app.inject({ method: 'POST', url: apiUrl, payload: {} });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ request: { status: 'claimed' }, mine: true });
    expect(await statusOf(requestId)).toBe('claimed');
  });

  it('shows a clear page for a tampered link and changes nothing', async () => {
    const { link, requestId } = await linkOfNewRequest();
    const tampered = link.replace(/\.ana\./, '.ben.');
    expect(tampered).not.toBe(link);
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('This link does not work');
    expect(html).toContain('Nothing was changed.');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await statusOf(requestId)).toBe('open');
    const tapped = await submitForm(tampered, 'action=claim');
    expect(tapped.status).toBe(403);
    expect(await tapped.text()).toContain('Nothing was changed.');
    expect(await statusOf(requestId)).toBe('open');
    const api = await system.app.inject({
      method: 'POST',
      url: new URL(tampered).pathname.replace('/claim/', '/api/claim/'),
      payload: {},
    });
    expect(api.statusCode).toBe(403);
    expect(api.json().error.code).toBe('TOKEN_INVALID');
    expect(await statusOf(requestId)).toBe('open');
  });

  it('kills every link of a volunteer who is deleted and re-created with the same id, or whose links are revoked', async () => {
    const { link, requestId } = await linkOfNewRequest();
    const preferences = `${system.httpUrl}/preferences/${system.notifications.preferencesToken('ana')}`;
    expect((await fetch(preferences)).status).toBe(200);

    expect(
      (await system.app.inject({ method: 'DELETE', url: '/api/volunteers/ana', headers: auth })).statusCode,
    ).toBe(204);
    await addVolunteer(system, {
      id: 'ana',
      name: 'Another Ana',
      channels: [{ type: 'webhook', url: hooks.url('/other-ana'), format: 'json' }],
      fridgeIds: ['elm-st'],
    });
    const opened = await fetch(link);
    expect(opened.status).toBe(403);
    expect(await opened.text()).toContain('Nothing was changed.');
    expect((await submitForm(link, 'action=claim')).status).toBe(403);
    const oldPreferences = await fetch(preferences);
    expect(oldPreferences.status).toBe(403);
    expect(await oldPreferences.text()).not.toContain('Another Ana');
    expect(await statusOf(requestId)).toBe('open');

    // The new Ana's own link works until an organiser revokes her links.
    const fresh = `${system.httpUrl}/preferences/${system.notifications.preferencesToken('ana')}`;
    expect((await fetch(fresh)).status).toBe(200);
    const revoked = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers/ana/revoke-links',
      headers: auth,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).not.toHaveProperty('linkKey');
    expect((await fetch(fresh)).status).toBe(403);
    expect(
      (await system.app.inject({ method: 'POST', url: '/api/volunteers/ana/revoke-links' })).statusCode,
    ).toBe(401);
  });

  it('shows a clear page for an expired link and changes nothing', async () => {
    const { link, requestId } = await linkOfNewRequest();
    system.clock.advance(10 * MINUTE);
    const res = await fetch(link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This link has expired');
    expect(await statusOf(requestId)).toBe('open');
    const tapped = await submitForm(link, 'action=claim');
    expect(tapped.status).toBe(410);
    expect(await tapped.text()).toContain('This link has expired');
    expect(await statusOf(requestId)).toBe('open');
  });

  it('escapes what people typed, and answers a closed request without claiming it', async () => {
    const { link, requestId } = await linkOfNewRequest();
    const opened = await fetch(link);
    const html = await opened.text();
    expect(html).toContain('Ana &lt;script&gt;');
    expect(html).not.toContain('<script>');
    await system.app.inject({
      method: 'POST',
      url: `/api/restock-requests/${requestId}/cancel`,
      headers: auth,
    });
    const again = await fetch(link);
    expect(again.status).toBe(409);
    const closedPage = await again.text();
    expect(closedPage).toContain('cancelled this request');
    expect(() => claimFormIn(closedPage, link)).toThrow(/no claim button/);
    // A tap on a page opened before the cancel claims nothing either.
    const tapped = await submitForm(link, 'action=claim');
    expect(tapped.status).toBe(409);
    expect(await tapped.text()).toContain('cancelled this request');
    expect(await statusOf(requestId)).toBe('cancelled');
  });

  it('lets the claimer give the claim back from the page', async () => {
    const { link, requestId } = await linkOfNewRequest();
    expect((await submitForm(link, 'action=claim')).status).toBe(200);
    expect(await statusOf(requestId)).toBe('claimed');
    const released = await submitForm(link, 'action=release');
    expect(released.status).toBe(200);
    expect(await released.text()).toContain('Other volunteers are asked again.');
    expect(await statusOf(requestId)).toBe('open');
    await eventually(async () => {
      const res = await system.app.inject({ url: `/api/notices?subject=${requestId}`, headers: auth });
      expect(res.json().map((n: { kind: string }) => n.kind)).toContain('restock.released');
    });
  });
});

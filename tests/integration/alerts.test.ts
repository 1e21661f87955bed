import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveAlertsMessage } from '../../contract/alerts';
import type { AlertsFeature } from '../../server/features/alerts';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { type AlertSystem, startAlertSystem } from '../helpers/alertParts';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, eventually, type TestSystem, tempDataDir } from '../helpers/testSystem';
import type { WebhookReceiver } from '../helpers/webhookReceiver';

/** Tuesday 1 December 2026, 09:00 UTC (the site's zone here), whatever the wall clock says. */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const MINUTE = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('alerts end to end: readings over MQTT raise, notify, publish and resolve alerts', () => {
  let data: ReturnType<typeof tempDataDir>;
  let clock: TestClock;
  let parts: AlertSystem;
  let system: TestSystem;
  let alerts: AlertsFeature;
  let hook: WebhookReceiver;
  let device: MqttClient;
  let reg: DeviceRegistration;
  const retained: ActiveAlertsMessage[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    clock = new TestClock(TUESDAY_MORNING);
    parts = await startAlertSystem(data.dir, clock);
    ({ system, alerts, hook, device, reg } = parts);
    retained.length = 0;
    await device.subscribeAsync('fridges/elm-st/alerts', { qos: 1 });
    device.on('message', (topic, payload) => {
      if (topic === 'fridges/elm-st/alerts' && payload.length > 0)
        retained.push(JSON.parse(payload.toString()));
    });
  });

  afterEach(async () => {
    await parts.stop();
    data.remove();
  });

  const notices = () => parts.notices();

  /** The probe reads `celsius`, stamped with the (test) clock, then a minute passes. */
  async function minuteAt(celsius: number): Promise<void> {
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius, ts: clock.ms }), { qos: 1 });
    clock.advance(MINUTE);
  }

  async function openAlerts() {
    const res = await system.app.inject({ url: '/api/alerts?status=open&fridge=elm-st', headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json() as Array<{
      id: string;
      type: string;
      severity: string;
      status: string;
      summary: string;
    }>;
  }

  it('31 min above 5 °C: one warning notice, the public status in words, the retained set; cold again: resolved', async () => {
    for (let i = 0; i < 30; i++) await minuteAt(6.5);
    expect(await openAlerts()).toEqual([]);
    expect((await system.fridge('elm-st')).temperature).toMatchObject({ celsius: 6.5, status: 'ok' });
    await minuteAt(6.6);

    const [alert] = await openAlerts();
    expect(alert).toMatchObject({ type: 'tooWarm', severity: 'warning', status: 'active' });
    expect((await system.fridge('elm-st')).temperature).toMatchObject({
      status: 'warning',
      since: new Date(TUESDAY_MORNING).toISOString(),
      text: 'Too warm for 31 min: take no meat, dairy or cooked food',
    });
    const [notice] = await eventually(() => {
      if (hook.calls.length < 1) throw new Error('no notice yet');
      return notices();
    });
    expect(notice).toMatchObject({
      kind: 'foodSafety.tooWarm.raised',
      category: 'foodSafety',
      critical: false,
      title: 'Elm St fridge: fridge too warm for 30 min (6.6 °C)',
    });
    expect(notice?.text).toContain('Address: 12 Elm St');
    expect(notice?.action?.url).toMatch(/\/alerts\/ack\//);
    await eventually(() => expect(retained.at(-1)?.alerts.map((a) => a.type)).toEqual(['tooWarm']));

    // Acknowledged with the action taken, through the link in the notice (a page, then its button).
    const page = await fetch(notice?.action?.url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">I\'m on it</button>');
    const acked = await fetch(notice?.action?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=moved+dairy+to+the+cafe+fridge',
    });
    expect(acked.status).toBe(200);
    expect((await openAlerts())[0]).toMatchObject({ status: 'acknowledged' });

    // Back to 4 °C: clear at once, resolved after the 15 min hold, with a notice.
    for (let i = 0; i < 16; i++) await minuteAt(4);
    expect(await openAlerts()).toEqual([]);
    expect((await system.fridge('elm-st')).temperature).toMatchObject({ status: 'ok', text: 'Cold enough' });
    await eventually(() => expect(hook.calls).toHaveLength(2));
    expect(notices()[1]).toMatchObject({
      kind: 'foodSafety.tooWarm.resolved',
      title: 'Resolved: Elm St fridge: fridge too warm for 31 min (6.6 °C)',
    });
    expect(notices()[1]?.text).toContain('Action noted: moved dairy to the cafe fridge');
    await eventually(() => expect(retained.at(-1)?.alerts).toEqual([]));

    // The temperature log keeps the excursion with its action, in JSON and CSV.
    const to = new Date(clock.ms).toISOString();
    const log = await system.app.inject({ url: `/api/fridges/elm-st/temperature-log?to=${to}` });
    expect(log.statusCode).toBe(200);
    expect(log.json().excursions).toEqual([
      {
        alertId: alert?.id,
        type: 'tooWarm',
        severity: 'warning',
        start: new Date(TUESDAY_MORNING).toISOString(),
        end: new Date(TUESDAY_MORNING + 31 * MINUTE).toISOString(),
        peakCelsius: 6.6,
        action: 'moved dairy to the cafe fridge',
      },
    ]);
    expect(log.json().hours[0]).toMatchObject({
      hour: '2026-12-01T09:00:00.000Z',
      minCelsius: 4,
      maxCelsius: 6.6,
    });
    const csv = await system.app.inject({ url: `/api/fridges/elm-st/temperature-log?to=${to}&format=csv` });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'hour_utc,min_celsius,max_celsius,mean_celsius,readings,excursion,peak_celsius,action',
    );
    expect(lines[1]).toMatch(
      /^2026-12-01T09:00:00.000Z,4,6.6,[\d.]+,47,tooWarm warning,6.6,moved dairy to the cafe fridge$/,
    );
    const printable = await system.app.inject({
      url: `/api/fridges/elm-st/temperature-log?to=${to}&format=html`,
    });
    expect(printable.headers['content-type']).toMatch(/^text\/html/);
    expect(printable.body).toContain('<td>moved dairy to the cafe fridge</td>');
    // Exactly the two notices: no others.
    expect(notices().map((n) => n.kind)).toEqual([
      'foodSafety.tooWarm.raised',
      'foodSafety.tooWarm.resolved',
    ]);
  });

  it('a device that goes silent is reported by the timer with no message at all, and the public card says so', async () => {
    await minuteAt(4);
    clock.advance(20 * MINUTE);
    alerts.runTimers();
    const [alert] = await openAlerts();
    expect(alert).toMatchObject({ type: 'deviceSilent', severity: 'warning' });
    expect((await system.fridge('elm-st')).temperature).toMatchObject({
      status: 'unknown',
      text: 'Sensor offline since 09:00: the figures are old',
    });
    const fleet = await system.app.inject({ url: '/api/health/fleet', headers: auth });
    expect(fleet.json()).toMatchObject({
      devices: { total: 1, offline: 1 },
      fridgesWithActiveAlerts: [{ fridgeId: 'elm-st', alerts: [{ type: 'deviceSilent' }] }],
    });
    await eventually(() =>
      expect(notices().map((n) => n.kind)).toEqual(['deviceHealth.deviceSilent.raised']),
    );
  });

  it('an unacknowledged warning widens after 30 min to the next circle (Ben, the site), once', async () => {
    const ben = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: {
        id: 'ben',
        name: 'Ben',
        role: 'volunteer',
        channels: [{ type: 'webhook', url: hook.url('/ben'), format: 'json' }],
        fridgeIds: [],
        notices: { foodSafety: true },
      },
    });
    expect(ben.statusCode).toBe(201);
    const heard = (path: string) =>
      hook.calls.filter((c) => c.path === path).map((c) => (JSON.parse(c.body) as { kind: string }).kind);
    // 6.5 °C: warm, but under the 8 °C critical limit; the warning comes at 30 min.
    for (let i = 0; i < 31; i++) {
      await minuteAt(6.5);
      alerts.runTimers();
    }
    await eventually(() => expect(heard('/ana')).toEqual(['foodSafety.tooWarm.raised']));
    expect(heard('/ben')).toEqual([]);
    for (let i = 0; i < 40; i++) {
      await minuteAt(6.5);
      alerts.runTimers();
    }
    await eventually(() => expect(heard('/ben')).toEqual(['foodSafety.tooWarm.widened']));
    expect(heard('/ana')).toEqual(['foodSafety.tooWarm.raised']);
    const widened = hook.calls.find((c) => c.path === '/ben');
    expect(JSON.parse(widened?.body ?? '{}').text).toContain(
      'Nobody has acknowledged it for 30 min, so more volunteers are asked.',
    );
  });

  it('a critical alert is re-sent every 30 min until acknowledged through the API', async () => {
    for (let i = 0; i < 31; i++) await minuteAt(9.2);
    expect((await openAlerts())[0]).toMatchObject({ type: 'tooWarm', severity: 'critical' });
    expect((await system.fridge('elm-st')).temperature.text).toBe(
      'Too warm for 31 min: do not take meat, dairy, cooked food or other perishables',
    );
    for (let i = 0; i < 30; i++) await minuteAt(9.2);
    alerts.runTimers();
    await eventually(() =>
      expect(notices().map((n) => n.kind)).toEqual([
        'foodSafety.tooWarm.raised',
        'foodSafety.tooWarm.reminder',
      ]),
    );
    expect(notices().every((n) => n.critical)).toBe(true);
    const id = (await openAlerts())[0]?.id;
    const ack = await system.app.inject({
      method: 'POST',
      url: `/api/alerts/${id}/acknowledge`,
      headers: auth,
      payload: { by: 'Ana', note: 'called the repair shop' },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgement: { by: 'Ana', note: 'called the repair shop' },
    });
    for (let i = 0; i < 35; i++) await minuteAt(9.2);
    alerts.runTimers();
    expect(notices()).toHaveLength(2);
  });
});

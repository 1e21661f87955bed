import { Writable } from 'node:stream';
import type { MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FollowModule, followFeature } from '../../server/features/follow';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, connectDevice, elmStreet, eventually, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC, whatever the wall clock says. */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const HOUR_MS = 3_600_000;
const NIA = 'nia@example.org';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const linkIn = (text: string, path: string) => {
  const match = new RegExp(`https?://\\S+/follow/${path}/[A-Za-z0-9._-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
};

describe('following a fridge by e-mail, through a real SMTP server', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;
  let clock: TestClock;
  let device: MqttClient;
  let reg: DeviceRegistration;
  const logs: string[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    clock = new TestClock(TUESDAY_MORNING);
    logs.length = 0;
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig(), rateLimitClaimPerMinute: 4, logLevel: 'debug' },
      { clock, before: [followFeature], logger: pino({ level: 'debug' }, logStream) },
    );
    await system.createFridge(elmStreet);
    reg = await system.registerDevice('elm-st', 'elm-sensor');
    device = await connectDevice(system.mqttUrl, reg);
  });

  afterEach(async () => {
    await device.endAsync();
    await system.stop();
    await mailbox.stop();
    data.remove();
  });

  const follow = (email: string, remoteAddress = '198.51.100.20') =>
    system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/follow',
      payload: { email },
      remoteAddress,
    });

  /** Gross shelf weights, as the load cells put them on the wire; 2 kg is an empty shelf. */
  async function weigh(kgEach: number): Promise<void> {
    for (const shelf of ['s1', 's2']) {
      await device.publishAsync(reg.topics.shelves[shelf] as string, JSON.stringify({ kg: kgEach }), {
        qos: 1,
      });
    }
    await eventually(async () => {
      const kg = (await system.fridge('elm-st')).stock.kg;
      expect(kg).toBe((kgEach - 2) * 2);
    });
  }

  async function confirmByMail(): Promise<string> {
    const [mail] = await mailbox.waitFor(NIA);
    if (!mail) throw new Error('no mail');
    expect(mail.subject).toBe('Confirm: news of Elm St fridge');
    const confirmUrl = linkIn(mail.text, 'confirm');
    // A mail scanner opening the link confirms nothing.
    const page = await fetch(confirmUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Yes, send me these e-mails');
    expect(system.module<FollowModule>('follow').feature.followers.confirmedOf('elm-st')).toEqual([]);
    const confirmed = await submitForm(confirmUrl, '');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You follow Elm St fridge');
    return linkIn(mail.text, 'unsubscribe');
  }

  it('confirms by a button, tells "restocked" at most once per 6 h, and stops with one click', async () => {
    await weigh(2);
    const asked = await follow('Nia@Example.org');
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({
      status: 'confirmation-sent',
      message: 'If this address can receive e-mail, a message with a confirmation link is on its way.',
    });
    await confirmByMail();
    // Asking again answers the same, and sends nothing new: the address already follows.
    expect((await follow(NIA)).json()).toEqual(asked.json());

    await weigh(20); // empty → full
    const [, restocked] = await mailbox.waitFor(NIA, 2);
    expect(restocked?.subject).toBe('Elm St fridge has been restocked');
    // The first reading past the line tells: one shelf full (many) or both in one batch (full).
    expect(restocked?.text).toMatch(/^Now: (many, about 18|full, about 36) kg\./m);
    const unsubscribeUrl = linkIn(restocked?.text ?? '', 'unsubscribe');
    expect(restocked?.headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>`);
    expect(restocked?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // Emptied and filled again within 6 h: no second message.
    clock.advance(2 * HOUR_MS);
    await weigh(2);
    await weigh(20);
    clock.advance(4 * HOUR_MS);
    await weigh(2);
    await weigh(20); // 6 h after the first: allowed again
    await mailbox.waitFor(NIA, 3);
    expect(mailbox.to(NIA).map((m) => m.subject)).toEqual([
      'Confirm: news of Elm St fridge',
      'Elm St fridge has been restocked',
      'Elm St fridge has been restocked',
    ]);

    // RFC 8058 one-click: the mail client POSTs the header's URL with this body.
    const oneClick = await submitForm(unsubscribeUrl, 'List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('No more e-mails');
    clock.advance(7 * HOUR_MS);
    await weigh(2);
    await weigh(20);
    // A second click on the old link is kind, and nothing more arrives.
    expect(await (await submitForm(unsubscribeUrl, 'List-Unsubscribe=One-Click')).text()).toContain(
      'No more e-mails',
    );
    await system.notifications.runDue();
    expect(mailbox.to(NIA)).toHaveLength(3);
  });

  it('tells "safe again" when a food-safety alert resolves, and never a device-health one', async () => {
    await follow(NIA);
    await confirmByMail();
    const alert = {
      fridgeId: 'elm-st',
      alertId: 'a-1',
      severity: 'warning',
      status: 'resolved',
      change: 'resolved',
    } as const;
    system.bus.emit('alertChanged', { ...alert, type: 'lowBattery' });
    system.bus.emit('alertChanged', { ...alert, type: 'tooWarm' });
    const [, safe] = await mailbox.waitFor(NIA, 2);
    expect(safe?.subject).toBe('Elm St fridge is safe again');
    expect(safe?.text).toContain('It is cold again. The food-safety alert is over.');
    await system.notifications.runDue();
    expect(mailbox.to(NIA)).toHaveLength(2);
  });

  it('never shows or logs the address, and limits follow requests per address', async () => {
    await follow(NIA);
    await mailbox.waitFor(NIA);
    const answers = [
      await system.app.inject({ url: '/api/notices', headers: auth }),
      await system.app.inject({ url: '/api/fridges/elm-st' }),
      await system.app.inject({ url: '/api/fridges' }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.body.toLowerCase()).not.toContain('nia@');
    }
    const notices = answers[0]?.json();
    expect(notices[0].deliveries[0]).toMatchObject({
      address: 'a follower',
      volunteerId: null,
      status: 'sent',
    });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n').toLowerCase()).not.toContain('nia@');

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await follow(`n${i}@example.org`, '203.0.113.30')).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    // A mail bomb of repeats to one address sends one confirmation, not many.
    for (let i = 0; i < 3; i++) await follow(NIA, `203.0.113.${40 + i}`);
    await system.notifications.runDue();
    expect(mailbox.to(NIA)).toHaveLength(1);
  });

  it.each([
    ['not-an-address', /email/],
    ['a@b', null],
  ])('checks the address %s', async (email, refusal) => {
    const res = await follow(email);
    if (refusal) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(refusal);
    } else expect(res.statusCode).toBe(202);
    const unknown = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/nowhere/follow',
      payload: { email: NIA },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a tampered or expired confirmation link with a page that changes nothing', async () => {
    await follow(NIA);
    const [mail] = await mailbox.waitFor(NIA);
    const confirmUrl = linkIn(mail?.text ?? '', 'confirm');
    const tampered = await submitForm(`${confirmUrl.slice(0, -2)}xx`, '');
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('Nothing was changed.');
    clock.advance(49 * HOUR_MS);
    const expired = await submitForm(confirmUrl, '');
    expect(expired.status).toBe(410);
    expect(system.module<FollowModule>('follow').feature.followers.confirmedOf('elm-st')).toEqual([]);
  });
});

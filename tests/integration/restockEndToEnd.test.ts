import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { claimFormIn, claimLinkIn, submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, connectDevice, elmStreet, eventually, tempDataDir } from '../helpers/testSystem';

/** Every run starts on Tuesday 1 December 2026 at 09:00 UTC (the site's zone here), whatever the wall clock says. */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const MINUTE = 60_000;

describe('restock end to end: a fridge drains, a volunteer claims by mail, the fridge is restocked', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;
  let device: MqttClient;
  let reg: DeviceRegistration;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig() },
      { clock: new TestClock(TUESDAY_MORNING) },
    );
    await system.createFridge({ ...elmStreet, address: '12 Elm St' });
    reg = await system.registerDevice('elm-st', 'elm-sensor');
    device = await connectDevice(system.mqttUrl, reg);
  });

  afterEach(async () => {
    await device.endAsync();
    await system.stop();
    await mailbox.stop();
    data.remove();
  });

  /** The simulated device puts gross shelf weights on the wire, as the load cells would. */
  async function weigh(s1Kg: number, s2Kg: number): Promise<void> {
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: s1Kg }), { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s2 as string, JSON.stringify({ kg: s2Kg }), { qos: 1 });
  }

  async function addVolunteer(body: object): Promise<{ id: string }> {
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  it('opens a request, mails a claim link, claims it, closes it on restock with the kg added, and thanks the claimer', async () => {
    await addVolunteer({
      id: 'ana',
      name: 'Ana',
      channels: [{ type: 'email', address: 'ana@example.org' }],
      fridgeIds: ['elm-st'],
    });
    await addVolunteer({
      id: 'ben',
      name: 'Ben',
      channels: [{ type: 'email', address: 'ben@example.org' }],
      fridgeIds: ['elm-st'],
    });
    // Watches the request topic as a status screen at the fridge would.
    const topicMessages: Array<{ change: string; request: { status: string } }> = [];
    await device.subscribeAsync('fridges/elm-st/requests', { qos: 1 });
    device.on('message', (topic, payload) => {
      if (topic === 'fridges/elm-st/requests') topicMessages.push(JSON.parse(payload.toString()));
    });

    // Full-ish: 14 + 14 kg of food on two 20 kg shelves (tare 2 kg each).
    await weigh(16, 16);
    expect((await system.fridge('elm-st')).stock.level).toBe('many');

    // Neighbours take food: down to `few`, and it stays there.
    system.clock.advance(MINUTE);
    await weigh(6, 8);
    expect((await system.fridge('elm-st')).stock).toMatchObject({ kg: 10, level: 'few' });
    system.clock.advance(5 * MINUTE);
    await weigh(6, 7.5);
    let open = await system.app.inject({ url: '/api/restock-requests?status=active' });
    expect(open.json()).toEqual([]);
    system.clock.advance(5 * MINUTE);
    await weigh(5.5, 7.5);
    open = await system.app.inject({ url: '/api/restock-requests?status=active' });
    expect(open.json()).toHaveLength(1);
    const requestId: string = open.json()[0].id;
    expect(open.json()[0]).toMatchObject({
      fridgeId: 'elm-st',
      fridgeName: 'Elm St fridge',
      status: 'open',
      reason: 'low-stock',
      levelAtOpen: 'few',
      kgAtOpen: 9,
    });

    const [mail] = await mailbox.waitFor('ana@example.org');
    expect(mail?.subject).toBe('Elm St fridge needs restocking');
    expect(mail?.text).toContain('It is down to a few items (9 kg of 40 kg).');
    expect(mail?.text).toContain('Address: 12 Elm St');
    expect(mail?.headers['list-unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/preferences\/.+\/unsubscribe>$/,
    );
    const anaLink = claimLinkIn(mail?.text ?? '');
    expect(anaLink.startsWith(`${system.httpUrl}/claim/`)).toBe(true);

    // Opening the link shows the request and changes nothing: mail scanners open links too.
    system.clock.advance(4 * MINUTE);
    const page = await fetch(anaLink);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('Elm St fridge needs restocking');
    expect(html).toContain('It is down to a few items (9 kg of 40 kg).');
    const stillOpen = await system.app.inject({ url: `/api/restock-requests/${requestId}`, headers: auth });
    expect(stillOpen.json()).toMatchObject({ status: 'open', claim: null });
    // One tap on its button claims it and says so.
    const form = claimFormIn(html, anaLink);
    const confirmation = await submitForm(form.url, form.body);
    expect(confirmation.status).toBe(200);
    const confirmed = await confirmation.text();
    expect(confirmed).toContain('on it');
    expect(confirmed).toContain('Elm St fridge');
    const claimed = await system.app.inject({ url: `/api/restock-requests/${requestId}`, headers: auth });
    expect(claimed.json()).toMatchObject({ status: 'claimed', claim: { volunteerId: 'ana', name: 'Ana' } });
    // The public sees that it is taken, not by whom.
    const publicView = await system.app.inject({ url: `/api/restock-requests/${requestId}` });
    expect(publicView.json().claim).toMatchObject({ volunteerId: null, name: null });
    const eta = new Date(claimed.json().claim.eta);
    const etaText = `${String(eta.getUTCHours()).padStart(2, '0')}:${String(eta.getUTCMinutes()).padStart(2, '0')}`;

    // Ben opens his link a moment later: no double work, and no button to claim it.
    const [benMail] = await mailbox.waitFor('ben@example.org');
    const benLink = claimLinkIn(benMail?.text ?? '');
    const benPage = await fetch(benLink);
    expect(benPage.status).toBe(409);
    const benHtml = await benPage.text();
    expect(benHtml).toContain(`Already claimed by Ana, ETA ${etaText}`);
    expect(() => claimFormIn(benHtml, benLink)).toThrow(/no claim button/);
    // Had he opened it before Ana claimed, his tap would now meet the same answer.
    const benTap = await submitForm(benLink, 'action=claim');
    expect(benTap.status).toBe(409);
    expect(await benTap.text()).toContain(`Already claimed by Ana, ETA ${etaText}`);

    // Ana restocks: the shelves climb back, and the request closes itself.
    system.clock.advance(26 * MINUTE);
    await weigh(12, 14);
    const done = await system.app.inject({ url: `/api/restock-requests/${requestId}`, headers: auth });
    expect(done.json()).toMatchObject({
      status: 'fulfilled',
      fulfilment: { kgAdded: 13, via: 'level', volunteerId: 'ana', name: 'Ana' },
      minutesToClaim: 4,
      minutesToFulfil: 30,
    });

    const [, thanks] = await mailbox.waitFor('ana@example.org', 2);
    expect(thanks?.subject).toBe('Thank you! Elm St fridge is restocked');
    expect(thanks?.text).toContain('13 kg of food arrived, 30 min after the request opened.');
    expect(mailbox.to('ben@example.org')).toHaveLength(1);

    const history = await system.app.inject({ url: '/api/fridges/elm-st/restock-history' });
    expect(history.json().summary).toMatchObject({
      requests: 1,
      fulfilled: 1,
      medianMinutesToClaim: 4,
      medianMinutesToFulfil: 30,
      kgAdded: 13,
    });

    await eventually(() =>
      expect(topicMessages.map((m) => m.change)).toEqual(['opened', 'claimed', 'fulfilled']),
    );
    expect(topicMessages[2]?.request.status).toBe('fulfilled');

    // The organiser's delivery log of the first notice: one mail each, sent on the first attempt.
    const notices = await system.app.inject({ url: `/api/notices?subject=${requestId}`, headers: auth });
    const opened = notices.json().find((n: { kind: string }) => n.kind === 'restock.opened');
    expect(
      opened.deliveries.map((d: { address: string; status: string; attempts: number }) => [
        d.address,
        d.status,
        d.attempts,
      ]),
    ).toEqual([
      ['ana@example.org', 'sent', 1],
      ['ben@example.org', 'sent', 1],
      ['fridges/elm-st/requests', 'sent', 1],
    ]);
  });

  it('widens to the area and then the organisers when nobody claims, on the timer, not on a reading', async () => {
    const put = await system.app.inject({
      method: 'PUT',
      url: '/api/fridges/elm-st/restock-settings',
      headers: auth,
      payload: { raiseAtLevel: 'few', area: 'north', activeHours: null, forecastTrigger: true },
    });
    expect(put.statusCode).toBe(200);
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave fridge' });
    await system.app.inject({
      method: 'PUT',
      url: '/api/fridges/oak-ave/restock-settings',
      headers: auth,
      payload: { raiseAtLevel: 'few', area: 'north', activeHours: null, forecastTrigger: true },
    });
    await addVolunteer({
      id: 'ana',
      name: 'Ana',
      channels: [{ type: 'email', address: 'ana@example.org' }],
      fridgeIds: ['elm-st'],
    });
    await addVolunteer({
      id: 'ben',
      name: 'Ben',
      channels: [{ type: 'email', address: 'ben@example.org' }],
      fridgeIds: ['oak-ave'],
    });
    await addVolunteer({
      id: 'dee',
      name: 'Dee',
      role: 'organiser',
      channels: [{ type: 'email', address: 'dee@example.org' }],
    });

    await weigh(3, 3);
    system.clock.advance(10 * MINUTE);
    // No reading: the timer opens it.
    system.restock.runTimers();
    await mailbox.waitFor('ana@example.org');
    expect(mailbox.to('ben@example.org')).toHaveLength(0);

    system.clock.advance(30 * MINUTE);
    system.restock.runTimers();
    const [benMail] = await mailbox.waitFor('ben@example.org');
    expect(benMail?.text).toContain('Nobody has claimed it for 30 min, so more volunteers are asked.');
    expect(mailbox.to('dee@example.org')).toHaveLength(0);

    system.clock.advance(30 * MINUTE);
    system.restock.runTimers();
    await mailbox.waitFor('dee@example.org');
    expect(mailbox.to('ana@example.org')).toHaveLength(1);
    expect(mailbox.to('ben@example.org')).toHaveLength(1);

    // Dee claims with an ETA of 30 minutes and does not show up: reminded, then reopened to the others.
    const [deeMail] = mailbox.to('dee@example.org');
    const claim = await submitForm(claimLinkIn(deeMail?.text ?? ''), 'action=eta&etaMinutes=30');
    expect(claim.status).toBe(200);
    expect(await claim.text()).toContain('ETA saved.');
    system.clock.advance(30 * MINUTE);
    system.restock.runTimers();
    const [, reminder] = await mailbox.waitFor('dee@example.org', 2);
    expect(reminder?.subject).toBe('Your restock at Elm St fridge: the ETA has passed');
    system.clock.advance(30 * MINUTE);
    system.restock.runTimers();
    const [, reopened] = await mailbox.waitFor('ana@example.org', 2);
    expect(reopened?.subject).toBe('Elm St fridge needs restocking again');
    expect(reopened?.text).toContain('Dee could not make it in time.');
    await mailbox.waitFor('ben@example.org', 2);
    expect(mailbox.to('dee@example.org')).toHaveLength(2);
  });
});

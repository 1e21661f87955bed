import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsModule } from '../../server/features/alerts';
import { createNotificationsFeature, type NotificationsModule } from '../../server/features/notifications';
import { reportsFeature } from '../../server/features/reports';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { stockEstimationFeature } from '../../server/features/stockEstimationModule';
import { ANA, BEN, type BilingualSite, startBilingualSite } from '../helpers/bilingualSite';
import type { Mailbox } from '../helpers/mailbox';
import type { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, eventually, type TestSystem } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 15:00 UTC: 09:00 in Mexico City (UTC−6, no summer time since 2022). */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 15, 0);
const MINUTE = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * The two notices whose words were still English inside a Spanish volunteer's mail: a load cell's
 * fault ("stuck") and a neighbour's problem report. Ana reads Spanish, Ben English; both look after
 * the fridge and chose device-health notices.
 */
describe("a load-cell fault and a neighbour's report in each volunteer's language (real MQTT, real SMTP server)", () => {
  let site: BilingualSite;
  let mailbox: Mailbox;
  let clock: TestClock;
  let system: TestSystem;
  let device: MqttClient;
  let reg: DeviceRegistration;

  beforeEach(async () => {
    site = await startBilingualSite({
      startMs: TUESDAY_MORNING,
      features: [
        stockEstimationFeature,
        createNotificationsFeature({ autoDeliver: false }),
        createAlertsModule,
        reportsFeature,
      ],
      volunteers: {
        ana: { role: 'organiser', notices: { restock: false, foodSafety: true, deviceHealth: true } },
        ben: { role: 'volunteer', notices: { restock: false, foodSafety: true, deviceHealth: true } },
      },
    });
    ({ mailbox, clock, system, device, reg } = site);
  });
  afterEach(() => site.stop());

  async function deliverTo(address: string) {
    await system.module<NotificationsModule>('notifications').service.runDue();
    const [mail] = await mailbox.waitFor(address);
    return mail;
  }

  it('words a stuck load cell in Spanish for Ana and in English for Ben; the API keeps English', async () => {
    // A live HX711 jitters; the same 12.345 kg every minute for 7 minutes is a stuck cell.
    for (let i = 0; i <= 7; i++) {
      await device.publishAsync(
        reg.topics.shelves.s1 as string,
        JSON.stringify({ kg: 12.345, ts: clock.ms }),
        {
          qos: 1,
        },
      );
      await device.publishAsync(
        reg.topics.shelves.s2 as string,
        JSON.stringify({ kg: 5 + i / 100, ts: clock.ms }),
        {
          qos: 1,
        },
      );
      clock.advance(MINUTE);
    }
    await eventually(async () => {
      const open = await system.app.inject({ url: '/api/alerts?status=open', headers: auth });
      expect(open.json()).toMatchObject([{ type: 'sensorFault' }]);
    });

    const spanish = await deliverTo(ANA);
    expect(spanish?.subject).toBe('Elm St fridge: falla la celda de carga en estante s1 (lectura atascada)');
    expect(spanish?.text).toContain('Revise su celda de carga y el cableado.');
    expect(`${spanish?.subject}\n${spanish?.text}`).not.toMatch(/stuck|shelf|load cell/i);

    const english = await deliverTo(BEN);
    expect(english?.subject).toBe('Elm St fridge: load cell fault on shelf s1 (stuck)');

    const open = await system.app.inject({ url: '/api/alerts?fridge=elm-st', headers: auth });
    expect(open.json()[0].summary).toBe('Elm St fridge: load cell fault on shelf s1 (stuck)');
  });

  it("words a neighbour's report in Spanish for Ana and in English for Ben; the delivery log keeps English", async () => {
    const sent = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/reports',
      payload: { kind: 'brokenDoor', text: 'la bisagra está suelta' },
    });
    expect(sent.statusCode, sent.body).toBe(201);

    const spanish = await deliverTo(ANA);
    expect(spanish?.subject).toBe('Aviso de un vecino en Elm St fridge: puerta rota');
    const es = spanish?.text ?? '';
    // 15:00 UTC is 09:00 in Mexico City.
    expect(es).toContain('Un vecino lo avisó a las 09:00.');
    expect(es).toContain('Escribió: «la bisagra está suelta»');
    expect(es).toContain('Dirección: 12 Elm St');
    expect(es).toContain('Estado en vivo: http');
    expect(es).not.toMatch(/Reported|neighbour|They wrote|Address|Live status/);

    const english = await deliverTo(BEN);
    expect(english?.subject).toBe('Reported at Elm St fridge: door broken');
    const en = english?.text ?? '';
    expect(en).toContain('A neighbour reported it at 09:00.');
    expect(en).toContain('They wrote: “la bisagra está suelta”');
    expect(en).toContain('Address: 12 Elm St');

    const log = await system.app.inject({ url: '/api/notices?fridge=elm-st', headers: auth });
    expect(log.json().map((n: { title: string }) => n.title)).toEqual([
      'Reported at Elm St fridge: door broken',
    ]);
  });
});

import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsModule } from '../../server/features/alerts';
import { createNotificationsFeature, type NotificationsModule } from '../../server/features/notifications';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { ANA, BEN, type BilingualSite, startBilingualSite } from '../helpers/bilingualSite';
import { linkAfter, type Mailbox } from '../helpers/mailbox';
import type { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, eventually, type TestSystem } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC: 03:00 in Mexico City (UTC−6, no summer time since 2022). */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const MINUTE = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SPANISH_BROWSER = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe("food-safety alerts in each volunteer's language (real MQTT, real SMTP server)", () => {
  let site: BilingualSite;
  let mailbox: Mailbox;
  let clock: TestClock;
  let system: TestSystem;
  let device: MqttClient;
  let reg: DeviceRegistration;

  beforeEach(async () => {
    site = await startBilingualSite({
      startMs: TUESDAY_MORNING,
      features: [createNotificationsFeature({ autoDeliver: false }), createAlertsModule],
      volunteers: {
        ana: { notices: { foodSafety: true, deviceHealth: true } },
        ben: { notices: { foodSafety: true, deviceHealth: true } },
      },
    });
    ({ mailbox, clock, system, device, reg } = site);
  });
  afterEach(() => site.stop());

  /** 31 minutes at 6.6 °C, a reading a minute: a warning, sent to both. */
  async function warmFridge() {
    for (let i = 0; i < 31; i++) {
      await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 6.6, ts: clock.ms }), {
        qos: 1,
      });
      clock.advance(MINUTE);
    }
    await eventually(async () => {
      const open = await system.app.inject({ url: '/api/alerts?status=open', headers: auth });
      expect(open.json()).toHaveLength(1);
    });
    await system.module<NotificationsModule>('notifications').service.runDue();
    const [spanish] = await mailbox.waitFor(ANA);
    const [english] = await mailbox.waitFor(BEN);
    return { spanish, english };
  }

  it('a warm fridge reaches Ana in Spanish and Ben in English, times in the site zone; each acknowledge page speaks its holder’s language; the log stays English', async () => {
    const { spanish, english } = await warmFridge();
    expect(spanish?.subject).toBe('Elm St fridge: refrigerador demasiado caliente durante 30 min (6,6 °C)');
    const es = spanish?.text ?? '';
    // 09:00 UTC is 03:00 in Mexico City.
    expect(es).toContain('Desde las 03:00.');
    expect(es).toContain('Dirección: 12 Elm St');
    expect(es).toContain('A los vecinos se les pide no llevarse carne, lácteos ni comida cocinada.');
    expect(es).toContain('Estado en vivo: http');
    expect(es).toContain('Cambiar lo que recibe, o darse de baja: http');
    expect(es).not.toMatch(/Since|Address|Neighbours|I'm on it/);

    expect(english?.subject).toBe('Elm St fridge: fridge too warm for 30 min (6.6 °C)');
    const en = english?.text ?? '';
    expect(en).toContain('Since 03:00.');
    expect(en).toContain('Address: 12 Elm St');
    expect(en).toContain('Neighbours are told to take no meat, dairy or cooked food.');
    expect(en).toContain('Change what you receive, or unsubscribe: http');

    // Ana's acknowledge page is in Spanish; she acknowledges with a note.
    const anaLink = linkAfter('Me encargo yo', es);
    const anaPage = await fetch(anaLink);
    expect(anaPage.status).toBe(200);
    const anaHtml = await anaPage.text();
    expect(anaHtml).toContain('<html lang="es">');
    expect(anaHtml).toContain(
      '<h1>Elm St fridge: refrigerador demasiado caliente durante 31 min (6,6 °C)</h1>',
    );
    expect(anaHtml).toContain('Al confirmar, los demás saben que usted, Ana, se encarga');
    expect(anaHtml).toContain('¿Qué hizo? (queda en el registro de temperaturas)');
    expect(anaHtml).toContain('<button type="submit">Me encargo yo</button>');
    const acked = await fetch(anaLink, {
      method: 'POST',
      headers: FORM,
      body: 'note=llev%C3%A9+la+leche+al+caf%C3%A9',
    });
    expect(acked.status).toBe(200);
    const ackedHtml = await acked.text();
    expect(ackedHtml).toContain('<h1>Gracias</h1>');
    expect(ackedHtml).toContain('Ana se encarga.');

    // Ben's page, in English, says Ana is on it.
    const benPage = await fetch(linkAfter("I'm on it", en));
    expect(benPage.status).toBe(200);
    const benHtml = await benPage.text();
    expect(benHtml).toContain('<html lang="en-GB">');
    expect(benHtml).toContain('<h1>Someone is on it</h1>');
    expect(benHtml).toContain('Ana acknowledged it.');

    // A broken link names nobody: the browser's language, nothing changed.
    const broken = await fetch(`${anaLink.slice(0, -4)}AAAA`, { headers: SPANISH_BROWSER });
    expect(broken.status).toBe(403);
    const brokenHtml = await broken.text();
    expect(brokenHtml).toContain('<html lang="es">');
    expect(brokenHtml).toContain('Este enlace no funciona');
    expect(brokenHtml).toContain('No se cambió nada.');

    // The organisers' delivery log and the API keep English.
    const log = await system.app.inject({ url: '/api/notices?fridge=elm-st', headers: auth });
    expect(log.json().map((n: { title: string }) => n.title)).toEqual([
      'Elm St fridge: fridge too warm for 30 min (6.6 °C)',
    ]);
    const open = await system.app.inject({ url: '/api/alerts?fridge=elm-st', headers: auth });
    expect(open.json()[0]).toMatchObject({
      summary: 'Elm St fridge: fridge too warm for 31 min (6.6 °C)',
      acknowledgement: { by: 'Ana', note: 'llevé la leche al café' },
    });
  });
});

import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FollowModule, followFeature } from '../../server/features/follow';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { connectDevice, elmStreet, eventually, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC: 03:00 in Mexico City (UTC−6, no summer time since 2022). */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const ANA = 'ana@example.org';
const NIA = 'nia@example.org';

const linkIn = (text: string, path: string) => {
  const match = new RegExp(`https?://\\S+/follow/${path}/[A-Za-z0-9._-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
};

describe("a follower's e-mails and pages in the language of the page they followed from", () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;
  let device: MqttClient;
  let reg: DeviceRegistration;
  let clock: TestClock;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    clock = new TestClock(TUESDAY_MORNING);
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig(), timeZone: 'America/Mexico_City' },
      { clock, before: [followFeature] },
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

  const follow = (email: string, language?: string) =>
    system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/follow',
      payload: language === undefined ? { email } : { email, language },
    });
  const followers = () => system.module<FollowModule>('follow').feature.followers;

  async function weigh(kgEach: number): Promise<void> {
    for (const shelf of ['s1', 's2']) {
      await device.publishAsync(reg.topics.shelves[shelf] as string, JSON.stringify({ kg: kgEach }), {
        qos: 1,
      });
    }
    await eventually(async () => expect((await system.fridge('elm-st')).stock.kg).toBe((kgEach - 2) * 2));
  }

  async function confirm(address: string, button: string, done: string): Promise<void> {
    const [mail] = await mailbox.waitFor(address);
    const confirmUrl = linkIn(mail?.text ?? '', 'confirm');
    const page = await (await fetch(confirmUrl)).text();
    expect(page).toContain(button);
    const confirmed = await (await submitForm(confirmUrl, '')).text();
    expect(confirmed).toContain(done);
  }

  it('writes to a Spanish follower in Spanish and to an English one, at the same restock, in English', async () => {
    await weigh(2);
    expect((await follow(ANA, 'es')).statusCode).toBe(202);
    expect((await follow(NIA)).statusCode).toBe(202);

    const [spanish] = await mailbox.waitFor(ANA);
    expect(spanish?.subject).toBe('Confirme: noticias de Elm St fridge');
    // The lapse time in Spanish words and the site's time zone: 09:00 UTC + 48 h is 03:00 there.
    expect(spanish?.text).toContain('la solicitud vence en 48 h (jueves, 3 de diciembre, 03:00)');
    expect(spanish?.text).toContain('Cambiar lo que recibe, o darse de baja: http');
    const [english] = await mailbox.waitFor(NIA);
    expect(english?.subject).toBe('Confirm: news of Elm St fridge');
    expect(english?.text).toContain('the request lapses in 48 h (Thursday 3 December at 03:00)');

    const page = await (await fetch(linkIn(spanish?.text ?? '', 'confirm'))).text();
    expect(page).toContain('<html lang="es">');
    await confirm(ANA, 'Sí, envíenme estos correos', 'Usted sigue Elm St fridge');
    await confirm(NIA, 'Yes, send me these e-mails', 'You follow Elm St fridge');

    await weigh(20); // empty → full
    const [, restocked] = await mailbox.waitFor(ANA, 2);
    expect(restocked?.subject).toBe('Elm St fridge se volvió a llenar');
    expect(restocked?.text).toMatch(/^Ahora: (bastante, unos 18|lleno, unos 36) kg\./m);
    expect(restocked?.text).toContain('Estado en vivo: http');
    const [, restockedEn] = await mailbox.waitFor(NIA, 2);
    expect(restockedEn?.subject).toBe('Elm St fridge has been restocked');
    expect(restockedEn?.text).toMatch(/^Now: (many, about 18|full, about 36) kg\./m);

    const unsubscribeUrl = linkIn(restocked?.text ?? '', 'unsubscribe');
    expect(await (await fetch(unsubscribeUrl)).text()).toContain('Dejar de recibir estos correos');
    const stopped = await (await submitForm(unsubscribeUrl, 'List-Unsubscribe=One-Click')).text();
    expect(stopped).toContain('No más correos');
    expect(stopped).toContain('No recibirá más correos sobre <strong>Elm St fridge</strong>');
    expect(
      followers()
        .confirmedOf('elm-st')
        .map((f) => f.email),
    ).toEqual([NIA]);
  });

  it("answers the follow request in the browser's language, the same words whoever asks", async () => {
    const spanish = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/follow',
      headers: { 'accept-language': 'es-MX,es;q=0.9' },
      payload: { email: ANA, language: 'es' },
    });
    expect(spanish.statusCode).toBe(202);
    expect(spanish.json()).toEqual({
      status: 'confirmation-sent',
      message: 'Si esta dirección puede recibir correo, le llega un mensaje con un enlace de confirmación.',
    });
    expect(spanish.headers['content-language']).toBe('es');
    expect(spanish.headers.vary).toContain('Accept-Language');
    // Asked again for the same address: the same answer, so it tells nobody who follows.
    const again = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/follow',
      headers: { 'accept-language': 'es' },
      payload: { email: ANA, language: 'es' },
    });
    expect(again.json()).toEqual(spanish.json());
    const english = await follow(NIA);
    expect(english.json().message).toBe(
      'If this address can receive e-mail, a message with a confirmation link is on its way.',
    );
  });

  it('says "safe again" in Spanish', async () => {
    await follow(ANA, 'es');
    await confirm(ANA, 'Sí, envíenme estos correos', 'Usted sigue Elm St fridge');
    system.bus.emit('alertChanged', {
      fridgeId: 'elm-st',
      alertId: 'a-1',
      type: 'tooWarm',
      severity: 'warning',
      status: 'resolved',
      change: 'resolved',
    });
    const [, safe] = await mailbox.waitFor(ANA, 2);
    expect(safe?.subject).toBe('Elm St fridge vuelve a ser seguro');
    expect(safe?.text).toContain('Vuelve a estar frío. La alerta de seguridad alimentaria terminó.');
  });

  it("refuses a malformed language, takes one without server words as English, keeps the latest, and answers a broken link in the browser's language", async () => {
    const bad = await follow(ANA, 'español');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/language/);
    expect(followers().find('elm-st', ANA)).toBeNull();

    expect((await follow(ANA, 'fr')).statusCode).toBe(202);
    expect(followers().find('elm-st', ANA)?.language).toBe('en');
    const [first] = await mailbox.waitFor(ANA);
    expect(first?.subject).toBe('Confirm: news of Elm St fridge');
    // Asked again from a Spanish page once a resend is allowed (15 min): the new link is in Spanish.
    clock.advance(16 * 60_000);
    expect((await follow(ANA, 'es')).statusCode).toBe(202);
    const [, again] = await mailbox.waitFor(ANA, 2);
    expect(again?.subject).toBe('Confirme: noticias de Elm St fridge');
    expect(followers().find('elm-st', ANA)?.language).toBe('es');

    // A broken link names no follower: its page speaks the browser's language, and changes nothing.
    const cut = `${linkIn(again?.text ?? '', 'confirm').slice(0, -2)}xx`;
    const refused = await fetch(cut, { headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' } });
    expect(refused.status).toBe(403);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('Este enlace no funciona');
    expect(refusedPage).toContain('No se cambió nada.');
    expect(followers().confirmedOf('elm-st')).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimFormIn, claimLinkIn, submitForm } from '../helpers/claimPage';
import { linkAfter, Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC: 03:00 in Mexico City (UTC−6, no summer time since 2022). */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const HOUR_MS = 3_600_000;
const ANA = 'ana@example.org';
const BEN = 'ben@example.org';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SPANISH_BROWSER = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };

describe("a volunteer's notices and pages in their own language (real SMTP server)", () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig(), timeZone: 'America/Mexico_City' },
      { clock: new TestClock(TUESDAY_MORNING), autoDeliver: false },
    );
    await system.createFridge(elmStreet);
    for (const [id, name, address, language] of [
      ['ana', 'Ana', ANA, 'es'],
      ['ben', 'Ben', BEN, undefined],
    ] as const) {
      const added = await system.app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: auth,
        payload: {
          id,
          name,
          channels: [{ type: 'email', address }],
          fridgeIds: ['elm-st'],
          ...(language === undefined ? {} : { language }),
        },
      });
      expect(added.statusCode).toBe(201);
      expect(added.json().language).toBe(language ?? 'en');
    }
  });
  afterEach(async () => {
    await system.stop();
    await mailbox.stop();
    data.remove();
  });

  const languageOf = async (id: string) =>
    (await system.app.inject({ url: `/api/volunteers/${id}`, headers: auth })).json().language;

  /** An organiser asks for a restock; each volunteer's notice arrives. */
  async function restockNotices() {
    const raised = await system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: auth,
      payload: { fridgeId: 'elm-st' },
    });
    expect(raised.statusCode).toBe(201);
    await system.notifications.runDue();
    const [spanish] = await mailbox.waitFor(ANA);
    const [english] = await mailbox.waitFor(BEN);
    return { spanish: spanish?.text ?? '', english: english?.text ?? '', spanishSubject: spanish?.subject };
  }

  it('mails the restock request to each in their language; the claim page and needs form speak it, times in the site zone', async () => {
    const { spanish, english, spanishSubject } = await restockNotices();
    expect(spanishSubject).toBe('Elm St fridge necesita comida');
    expect(spanish).toContain('Un organizador pidió reponerlo.');
    expect(spanish).toContain('Yo lo lleno: http');
    expect(spanish).toContain('Estado en vivo: http');
    expect(spanish).toContain('Cambiar lo que recibe, o darse de baja: http');
    expect(spanish).not.toContain('restock');
    const [benMail] = await mailbox.waitFor(BEN);
    expect(benMail?.subject).toBe('Elm St fridge needs restocking');
    expect(english).toContain('An organiser asked for a restock.');
    expect(english).toContain("I'll restock it: http");
    expect(english).toContain('Change what you receive, or unsubscribe: http');

    // Ana's claim page, in Spanish; she claims and says she is there in 30 minutes.
    const anaClaim = claimLinkIn(spanish);
    const page = await (await fetch(anaClaim)).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Elm St fridge necesita comida</h1>');
    expect(page).toContain('Ana, con un toque los demás voluntarios ven que está tomada');
    const form = claimFormIn(page, anaClaim);
    const claimed = await (await submitForm(form.url, form.body)).text();
    expect(claimed).toContain('¡Se encarga usted! Gracias');
    const eta = await (await submitForm(form.url, 'action=eta&etaMinutes=30')).text();
    expect(eta).toContain('Hora de llegada guardada.');
    // 09:00 UTC + 30 min is 03:30 in Mexico City.
    expect(eta).toContain('llegada prevista 03:30');
    expect(eta).toContain('>30 min</button>');
    expect(eta).toContain('Al final no puedo ir');
    const badEta = await submitForm(form.url, 'action=eta&etaMinutes=2');
    expect(badEta.status).toBe(400);
    expect(await badEta.text()).toContain('La hora de llegada debe estar entre 5 minutos y 24 horas');

    // Ben's page, in English, says Ana has it, at the same local time.
    const benPage = await fetch(claimLinkIn(english));
    expect(benPage.status).toBe(409);
    const benHtml = await benPage.text();
    expect(benHtml).toContain('<html lang="en-GB">');
    expect(benHtml).toContain('Already claimed by Ana, ETA 03:30. No need to go.');

    // The needs forms behind the links beside them.
    const anaNeeds = linkAfter('Actualizar lo que necesita este refrigerador', spanish);
    const needsForm = await (await fetch(anaNeeds)).text();
    expect(needsForm).toContain('<h1>Lo que necesita Elm St fridge</h1>');
    expect(needsForm).toContain('Frutas y verduras');
    expect(needsForm).toContain('Guardar lo que se necesita');
    const saved = await (await submitForm(anaNeeds, 'need-bread=on')).text();
    expect(saved).toContain('Guardado: la página del refrigerador ya lo muestra.');
    expect((await system.fridge('elm-st')).needs.categories).toEqual(['bread']);
    const tooLong = await submitForm(anaNeeds, `need-dairy=on&note=${'x'.repeat(500)}`);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('No se guardó nada.');
    expect((await system.fridge('elm-st')).needs.categories).toEqual(['bread']);
    const benNeeds = await (await fetch(linkAfter('Update what this fridge needs', english))).text();
    expect(benNeeds).toContain('<h1>What Elm St fridge needs</h1>');
    expect(benNeeds).toContain('Fruit and vegetables');
  });

  it('lets a volunteer change their language on their preferences page; an unknown one changes nothing', async () => {
    const link = `${system.httpUrl}/preferences/${system.notifications.preferencesToken('ana')}`;
    const page = await (await fetch(link)).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Sus avisos</h1>');
    expect(page).toContain('Hola, Ana. Usted cuida Elm St fridge.');
    expect(page).toContain('<option value="es" lang="es" selected>Español</option>');
    expect(page).toContain('<option value="en" lang="en">English</option>');

    const refused = await submitForm(link, 'form=preferences&restock=on&language=fr');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Idioma: este sitio no habla «fr». No se guardó nada.');
    expect(await languageOf('ana')).toBe('es');

    const saved = await submitForm(link, 'form=preferences&restock=on&foodSafety=on&language=en');
    expect(saved.status).toBe(200);
    const english = await saved.text();
    expect(english).toContain('<html lang="en-GB">');
    expect(english).toContain('<strong>Saved.</strong>');
    expect(english).toContain('<h1>Your notices</h1>');
    expect(await languageOf('ana')).toBe('en');

    // The next notice is in English.
    const { spanish: nowEnglish, spanishSubject } = await restockNotices();
    expect(spanishSubject).toBe('Elm St fridge needs restocking');
    expect(nowEnglish).toContain("I'll restock it: http");

    // The JSON preferences route takes and shows it too, with the same check.
    const token = system.notifications.preferencesToken('ana');
    const badJson = await system.app.inject({
      method: 'PATCH',
      url: `/api/preferences/${token}`,
      payload: { language: 'xx' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.message).toContain('language');
    const json = await system.app.inject({
      method: 'PATCH',
      url: `/api/preferences/${token}`,
      payload: { language: 'es' },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json().language).toBe('es');
  });

  it('refuses an unknown language from an organiser, naming the field, and changes nothing', async () => {
    const created = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: { id: 'cy', name: 'Cy', channels: [], language: 'fr' },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.message).toBe('language: no words for "fr"; this server writes en, es');
    expect((await system.app.inject({ url: '/api/volunteers/cy', headers: auth })).statusCode).toBe(404);

    const malformed = await system.app.inject({
      method: 'PATCH',
      url: '/api/volunteers/ana',
      headers: auth,
      payload: { language: 'Spanish', name: 'Ana M.' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('language');
    const unknown = await system.app.inject({
      method: 'PATCH',
      url: '/api/volunteers/ana',
      headers: auth,
      payload: { language: 'xx', name: 'Ana M.' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('language: no words for "xx"');
    const ana = (await system.app.inject({ url: '/api/volunteers/ana', headers: auth })).json();
    expect(ana).toMatchObject({ name: 'Ana', language: 'es' });

    const changed = await system.app.inject({
      method: 'PATCH',
      url: '/api/volunteers/ben',
      headers: auth,
      payload: { language: 'es' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().language).toBe('es');
  });

  it("answers a broken or expired link in the browser's language, since it names nobody", async () => {
    const { spanish } = await restockNotices();
    const claim = claimLinkIn(spanish);
    const needs = linkAfter('Actualizar lo que necesita este refrigerador', spanish);
    const preferences = `${system.httpUrl}/preferences/${system.notifications.preferencesToken('ana')}`;
    for (const link of [claim, needs, preferences]) {
      const tampered = `${link.slice(0, -2)}xx`;
      const inSpanish = await fetch(tampered, { headers: SPANISH_BROWSER });
      expect(inSpanish.status).toBe(403);
      const html = await inSpanish.text();
      expect(html).toContain('<html lang="es">');
      expect(html).toContain('<h1>Este enlace no funciona</h1>');
      expect(html).toContain('No se cambió nada.');
      const inEnglish = await (await fetch(tampered)).text();
      expect(inEnglish).toContain('<h1>This link does not work</h1>');
      const posted = await fetch(tampered, {
        method: 'POST',
        headers: { ...SPANISH_BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'action=claim',
      });
      expect(posted.status).toBe(403);
      expect(await posted.text()).toContain('Este enlace no funciona');
    }
    expect(system.restock.requests({ fridgeId: 'elm-st', limit: 10 }).map((r) => r.status)).toEqual(['open']);

    system.clock.advance(37 * HOUR_MS); // claim links, and the needs link beside them, last 36 h
    const expired = await fetch(claim, { headers: SPANISH_BROWSER });
    expect(expired.status).toBe(410);
    const expiredHtml = await expired.text();
    expect(expiredHtml).toContain('<h1>Este enlace venció</h1>');
    expect(expiredHtml).toContain('El próximo aviso trae uno nuevo');
    const expiredEnglish = await (
      await fetch(needs, { headers: { 'accept-language': 'de, en;q=0.8' } })
    ).text();
    expect(expiredEnglish).toContain('<h1>This link has expired</h1>');
  });
});

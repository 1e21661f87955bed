import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { launchChromium } from '../helpers/browser';
import { Mailbox } from '../helpers/mailbox';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const NEIGHBOUR = 'nia@example.org';
const VECINA = 'ana@example.org';

const linkIn = (text: string, path: string): string => {
  const match = new RegExp(`https?://\\S+/follow/${path}/[A-Za-z0-9._-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
};

describe('following a fridge from its page, double opt-in through a real SMTP server (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: TestSystem;
  let device: MqttClient;
  let reg: DeviceRegistration;

  beforeAll(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    system = await startTestSystem(data.dir, { smtp: mailbox.smtpConfig() }, { dashboardDir });
    await system.createFridge(elmStreet);
    reg = await system.registerDevice('elm-st', 'elm-sensor');
    device = await connectDevice(system.mqttUrl, reg);
  });
  afterAll(async () => {
    await device?.endAsync();
    await system?.stop();
    await mailbox?.stop();
    data.remove();
  });

  /** Gross weight on both shelves; 2 kg is an empty shelf (its tare). */
  async function weigh(kgEach: number): Promise<void> {
    for (const shelf of ['s1', 's2']) {
      await device.publishAsync(reg.topics.shelves[shelf] as string, JSON.stringify({ kg: kgEach }), {
        qos: 1,
      });
    }
    await eventually(async () => expect((await system.fridge('elm-st')).stock.kg).toBe((kgEach - 2) * 2));
  }

  it('follows in the page, confirms through the e-mailed link, hears "restocked", and stops in one click', async () => {
    await weigh(2);
    const browser = await launchChromium({ clock: system.clock, locale: 'en-GB' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${system.httpUrl}/fridges/elm-st`);
      await page.getByTestId('follow-email').fill(NEIGHBOUR);
      await page.getByTestId('follow-submit').click();
      await expect
        .poll(() => page.getByTestId('follow-outcome').textContent())
        .toMatch(/^Almost done: open the e-mail we just sent and confirm/);

      // The confirmation arrives over SMTP; its link opens a page whose button confirms (a mail
      // scanner that only opens links confirms nothing: tests/integration/follow.test.ts).
      const [confirmation] = await mailbox.waitFor(NEIGHBOUR, 1, 15_000);
      expect(confirmation?.subject).toBe('Confirm: news of Elm St fridge');
      const confirmUrl = linkIn(confirmation?.text ?? '', 'confirm');
      await page.goto(confirmUrl);
      await page.getByRole('button', { name: 'Yes, send me these e-mails' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('You follow Elm St fridge');

      // Empty → full: a "restocked" e-mail with its own one-click unsubscribe link.
      await weigh(20);
      const [, restocked] = await mailbox.waitFor(NEIGHBOUR, 2, 15_000);
      expect(restocked?.subject).toBe('Elm St fridge has been restocked');
      const unsubscribeUrl = linkIn(restocked?.text ?? '', 'unsubscribe');
      expect(restocked?.headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>`);

      await page.goto(unsubscribeUrl);
      await page.getByRole('button', { name: 'Stop these e-mails' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('No more e-mails');
      expect(await page.locator('main, body').first().textContent()).toContain(
        'about Elm St fridge, and your address is forgotten',
      );
      await page.close();
    } finally {
      await browser.close();
    }
  });

  it('follows from the page in Spanish and gets the confirmation and its page in Spanish', async () => {
    const browser = await launchChromium({ clock: system.clock, locale: 'es-ES' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${system.httpUrl}/fridges/elm-st`);
      await page.getByTestId('follow-email').fill(VECINA);
      await page.getByTestId('follow-submit').click();
      const [confirmation] = await mailbox.waitFor(VECINA, 1, 15_000);
      expect(confirmation?.subject).toBe('Confirme: noticias de Elm St fridge');
      await page.goto(linkIn(confirmation?.text ?? '', 'confirm'));
      await page.getByRole('button', { name: 'Sí, envíenme estos correos' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Usted sigue Elm St fridge');
      await page.close();
    } finally {
      await browser.close();
    }
  });
});

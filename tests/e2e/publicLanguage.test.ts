import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

describe('the public pages in the reader’s language and units (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { dashboardDir });
    await system.createFridge(elmStreet);
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 20 }), { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4 }), { qos: 1 });
    await device.endAsync();
  });
  afterAll(async () => {
    await system?.stop();
    data.remove();
  });

  it('defaults to °F and lb for en-US, switches to Spanish, °C and kg, and remembers it after a reload', async () => {
    const browser = await launchChromium({ clock: system.clock, locale: 'en-US' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${system.httpUrl}/`);
      const card = page.getByTestId('fridge-card-elm-st');
      await expect.poll(() => card.getByTestId('temperature').textContent()).toBe('39.2 °F');
      const pounds = (await card.getByTestId('kg').textContent()) ?? '';
      expect(pounds).toMatch(/^\d+(\.\d)? lb$/);
      expect(await card.getByTestId('level').textContent()).toBe('Full');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

      // Keyboard only: focus each select and pick with the arrow keys.
      await page.getByTestId('language-select').focus();
      await page.getByTestId('language-select').selectOption('es');
      await expect.poll(() => card.getByTestId('level').textContent()).toBe('Lleno');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Refrigeradores comunitarios');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      await page.getByTestId('temperature-unit-select').selectOption('celsius');
      await page.getByTestId('weight-unit-select').selectOption('kg');
      await expect.poll(() => card.getByTestId('temperature').textContent()).toBe('4.0 °C');
      const kilograms = (await card.getByTestId('kg').textContent()) ?? '';
      expect(kilograms).toMatch(/^\d+(\.\d)? kg$/);
      // The same stock in both units (1 lb = 0.45359237 kg), to the shown tenth.
      expect(Math.abs(Number.parseFloat(pounds) * 0.45359237 - Number.parseFloat(kilograms))).toBeLessThan(
        0.1,
      );

      await page.reload();
      await expect.poll(() => card.getByTestId('level').textContent()).toBe('Lleno');
      expect(await card.getByTestId('temperature').textContent()).toBe('4.0 °C');
      expect(await page.getByTestId('connection').textContent()).toMatch(/^(Conectando…|En vivo)$/);
      await page.close();
    } finally {
      await browser.close();
    }
  });

  it('starts in Spanish for a reader whose browser reads Spanish', async () => {
    const browser = await launchChromium({ clock: system.clock, locale: 'es-MX' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${system.httpUrl}/fridges/elm-st`);
      await expect.poll(() => page.getByTestId('level').textContent()).toBe('Lleno');
      expect(await page.getByTestId('temperature').textContent()).toBe('4.0 °C');
      await page.close();
    } finally {
      await browser.close();
    }
  });
});

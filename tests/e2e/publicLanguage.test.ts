import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages as spanish } from '../../dashboard/i18n/es';
import { launchChromium } from '../helpers/browser';
import { englishFragments, englishLeftIn } from '../helpers/englishLeftovers';
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

  it('in Spanish and °F: visits, shelves, sensors, history, announcements, /requests and /network in Spanish, the temperature status in °F', async () => {
    // Oak St's probe read -1.5 °C for 35 minutes (uploaded from its buffer): a too-cold warning.
    await system.createFridge({ ...elmStreet, id: 'oak-st', name: 'Oak St fridge' });
    const reg = await system.registerDevice('oak-st', 'oak-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const minute = 60_000;
    const startMs = system.clock.nowMs() - 60 * minute;
    for (let i = 0; i <= 35; i++) {
      const reading = JSON.stringify({ celsius: -1.5, ts: startMs + i * minute });
      await device.publishAsync(reg.topics.temperature, reading, { qos: 1 });
    }
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 20 }), { qos: 1 });
    const leftovers = englishFragments(spanish, [
      'visits',
      'shelves',
      'sensors',
      'announce',
      'requests',
      'history',
      'network',
      'temperatureStatus',
    ]);
    // es-US: Spanish words, and the region's °F and lb.
    const browser = await launchChromium({ clock: system.clock, locale: 'es-US' });
    try {
      const page = await browser.context.newPage();
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text a reader sees, not hidden nodes
      const mainText = async () => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

      await page.goto(`${system.httpUrl}/requests`);
      await expect
        .poll(() => page.getByTestId('requests-summary').textContent())
        .toBe('Ningún refrigerador pide comida ahora mismo.');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pedidos de reposición');
      expect(await page.title()).toBe('Pedidos de reposición · Refrigeradores comunitarios');
      expect(englishLeftIn(await mainText(), leftovers)).toEqual([]);

      await page.goto(`${system.httpUrl}/network`);
      await expect.poll(() => page.getByTestId('month-table').isVisible()).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cifras de la red');
      expect(await page.locator('#months-heading').textContent()).toBe('Mes a mes, todos los refrigeradores');
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text a reader sees, not hidden nodes
      expect(await page.getByTestId('month-table').locator('thead').innerText()).toContain(
        'Comida compartida',
      );
      expect(await mainText()).toContain('(32–41 °F para un refrigerador)');
      expect(englishLeftIn(await mainText(), leftovers)).toEqual([]);

      await page.goto(`${system.httpUrl}/fridges/oak-st`);
      const status = page.getByTestId('temperature-status');
      await expect.poll(() => status.getAttribute('data-status')).toBe('warning');
      expect(await status.textContent()).toBe(
        'Demasiado frío (29.3 °F): algo de comida puede haberse congelado',
      );
      expect(await page.getByTestId('temperature').textContent()).toBe('29.3 °F');
      expect(await page.locator('#activity-heading').textContent()).toBe('Visitas');
      expect(await page.getByTestId('activity-today').textContent()).toMatch(
        /^\d+ visitas? · .* lb compartidos hoy$/,
      );
      expect(await page.locator('#shelves-heading').textContent()).toBe('Estantes');
      expect(await page.getByTestId('shelf-s1').locator('h3').textContent()).toBe('Estante s1');
      expect(await page.locator('#devices-heading').textContent()).toBe('Sensores');
      expect(await page.getByTestId('device-oak-sensor').locator('dt').allTextContents()).toEqual([
        'Conexión',
        'Batería',
        'Señal',
        'Firmware',
        'Última señal',
      ]);
      expect(await page.locator('#history-heading').textContent()).toBe('Historial');
      expect(await page.getByTestId('history').locator('h3').allTextContents()).toEqual([
        'Temperatura, últimas 24 horas',
        'Existencias, últimas 24 horas',
      ]);
      await expect
        .poll(() => page.getByTestId('temperature-chart-summary').textContent())
        .toBe(
          'Temperatura (últimas 24 horas): de 29.3 °F a 29.3 °F, siempre dentro del rango seguro de 32–41 °F.',
        );
      expect(await page.title()).toBe('Oak St fridge · Refrigeradores comunitarios');

      // A screen reader hears the change in Spanish.
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 4 }), { qos: 1 });
      await expect
        .poll(() => page.getByTestId('announcer').textContent())
        .toMatch(/^Oak St fridge: existencias ahora: (Vacío|Pocas cosas|Bastante)\.$/);
      expect(englishLeftIn(await mainText(), leftovers)).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
      await device.endAsync();
    }
  });
});

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

describe('installable, and the last known status with no network (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem | null = null;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { dashboardDir });
    await system.createFridge(elmStreet);
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12 }), { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4 }), { qos: 1 });
    await device.endAsync();
  });
  afterAll(async () => {
    await system?.stop();
    data.remove();
  });

  it('serves a web app manifest with a name, a start URL and icons', async () => {
    if (system === null) throw new Error('no system');
    const res = await fetch(`${system.httpUrl}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string }[];
    };
    expect(manifest).toMatchObject({ name: 'Community fridges', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons) expect((await fetch(`${system.httpUrl}${icon.src}`)).status).toBe(200);
  });

  it('opens with the server gone, showing the last list it saw, marked with its age', async () => {
    if (system === null) throw new Error('no system');
    const url = system.httpUrl;
    const browser = await launchChromium({ clock: system.clock });
    try {
      const page = await browser.context.newPage();
      const listed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/fridges');
      await page.goto(`${url}/`);
      // The browser asks for the list in gzip by itself (issue 12); the copy the service worker
      // saves is the decoded list, which it serves below with the server gone.
      expect((await listed).headers()['content-encoding']).toBe('gzip');
      // The service worker takes over this page; the next load of the list goes through it.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await page.reload();
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const card = page.getByTestId('fridge-card-elm-st');
      await expect.poll(() => card.getByTestId('temperature').textContent()).toBe('4.0 °C');
      expect(await page.getByTestId('saved-status').count()).toBe(0);

      await system.stop();
      system = null;
      await page.reload();
      await expect.poll(() => card.getByTestId('temperature').textContent()).toBe('4.0 °C');
      await expect
        .poll(() => page.getByTestId('saved-status').textContent())
        .toMatch(/^No network: showing the last known status, from (just now|\d+ min ago)$/);
      expect(await page.getByTestId('connection').getAttribute('data-connection')).not.toBe('live');
      await page.close();
    } finally {
      await browser.close();
    }
  }, 90_000);
});

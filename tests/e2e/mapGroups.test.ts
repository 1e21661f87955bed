import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { seriousViolations, startTileServer, type TileServer } from '../helpers/mapPage';
import {
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

/**
 * Three fridges on one block of Spring St (within 60 m: one group at any zoom that shows Elm St,
 * 6 km south, too) and Elm St on its own. Spring St A reports food from the start, B reports later
 * (the live change), C never does.
 */
const SPRING = [
  { id: 'spring-a', name: 'Spring St A fridge', location: { lat: 40.7502, lon: -73.9934 } },
  { id: 'spring-b', name: 'Spring St B fridge', location: { lat: 40.7505, lon: -73.9937 } },
  { id: 'spring-c', name: 'Spring St C fridge', location: { lat: 40.7499, lon: -73.9939 } },
];

describe('the map groups fridges whose markers would overlap (headless Chromium, keyboard only)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let tiles: TileServer;
  const devices: MqttClient[] = [];
  let springBShelf = '';
  let springB: MqttClient | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    tiles = await startTileServer();
    data = tempDataDir();
    system = await startTestSystem(data.dir, { mapTileUrl: tiles.url }, { dashboardDir });
    await system.createFridge({
      ...elmStreet,
      address: '1 Elm St',
      location: { lat: 40.7128, lon: -74.006 },
    });
    for (const fridge of SPRING) await system.createFridge({ ...elmStreet, ...fridge, address: 'Spring St' });
    for (const id of ['elm-st', 'spring-a', 'spring-b']) {
      const reg = await system.registerDevice(id, `${id}-sensor`);
      const device = await connectDevice(system.mqttUrl, reg);
      devices.push(device);
      if (id === 'spring-b') {
        springB = device;
        springBShelf = reg.topics.shelves.s1 as string;
        continue;
      }
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12 }), { qos: 1 });
    }
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    for (const device of devices) await device.endAsync();
    await system?.stop();
    await tiles?.close();
    data.remove();
  });

  it('names a group in words, relabels it live, and opens it into its fridges', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    await page.getByTestId('fridge-card-spring-c').waitFor();
    await page.getByTestId('map-toggle').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="map-panel"][data-state="shown"]').waitFor();
    const markers = page.locator('.map-marker');
    const named = () => markers.evaluateAll((all) => all.map((m) => [m.getAttribute('role'), m.ariaLabel]));

    // Spring St's three fridges are one button, north of Elm St's own marker: its name says in
    // words how many fridges and how many have food, its icon (◔: under half) repeats it.
    expect(await named()).toEqual([
      ['button', '3 fridges, 1 with food'],
      ['button', expect.stringMatching(/^Elm St fridge: (Full|Plenty)$/)],
    ]);
    const group = page.locator('.map-cluster');
    expect(await group.textContent()).toBe('◔ 3 fridges, 1 with food');
    expect(await group.getAttribute('data-fridges')).toBe('3');
    expect(await seriousViolations(page), 'the open map with a group').toEqual([]);

    // A live reading gives Spring St B food: the group's words and icon change in place; the
    // element, its place and the focus stay (no rebuild, no new fit of the view).
    await group.focus();
    const placeOf = () => group.evaluate((m) => `${m.style.left},${m.style.top}`);
    const before = await placeOf();
    await springB?.publishAsync(springBShelf, JSON.stringify({ kg: 12 }), { qos: 1 });
    await expect.poll(() => group.getAttribute('aria-label')).toBe('3 fridges, 2 with food');
    expect(await group.textContent()).toBe('◑ 3 fridges, 2 with food');
    expect(await placeOf()).toBe(before);
    expect(await group.evaluate((m) => m === document.activeElement)).toBe(true);

    // Enter opens the group: the map zooms in until its fridges stand apart, each with its level in
    // words, and the focus moves to the first of them (north to south), not to the page's top.
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await named()).map(([, name]) => name).filter((n) => n?.startsWith('Spring')))
      .toEqual([
        expect.stringMatching(/^Spring St B fridge: (Full|Plenty)$/),
        expect.stringMatching(/^Spring St A fridge: (Full|Plenty)$/),
        'Spring St C fridge: no reading yet',
      ]);
    expect(await group.count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toMatch(/^Spring St B fridge: (Full|Plenty)$/);
    expect(await page.locator('.map-marker[data-fridges="1"]:visible').count()).toBeGreaterThanOrEqual(3);
    // A fridge of the opened group works as any marker: Enter opens its popup with its link.
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup-content');
    await expect.poll(() => popup.textContent()).toMatch(/^Spring St B fridge(Full|Plenty)$/);
    expect(await popup.getByRole('link').getAttribute('href')).toBe('/fridges/spring-b');
    expect(await seriousViolations(page), 'the map zoomed into the group').toEqual([]);

    // Zoomed back out by keyboard, they are one group again, with the counts of now.
    await page.getByTestId('fridge-map').focus();
    for (let step = 0; step < 4; step++) await page.keyboard.press('Minus');
    await expect
      .poll(() => page.locator('.map-cluster').first().getAttribute('aria-label'))
      .toBe('3 fridges, 2 with food');
    await page.close();
  });
});

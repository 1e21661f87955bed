import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  connectDevice,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const HOUR = 3_600_000;
const MIN = 60_000;
const oneShelf = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
};

describe('history charts and network figures in headless Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    data = tempDataDir();
    // The sensor uploads a week it buffered (the default accepts a day), so 7 d has something to show.
    system = await startTestSystem(
      data.dir,
      { timeZone: 'UTC', deviceBufferMaxAgeMs: 8 * 24 * HOUR },
      { dashboardDir },
    );
    await system.createFridge(oneShelf);
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    data.remove();
  });

  it('switches to 7 d, draws the temperature chart and says the excursions in words; /network has the month', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const publish = (topic: string, payload: object) =>
      device.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
    // The clock starts at 2026-12-01 10:00 UTC. Hourly readings at 3.5 °C for six days...
    const nowMs = system.clock.nowMs();
    const hourNow = Math.floor(nowMs / HOUR) * HOUR;
    const novemberSpell = Date.UTC(2026, 10, 28, 12, 0);
    const decemberSpell = Date.UTC(2026, 11, 1, 3, 0);
    for (let at = hourNow - 6 * 24 * HOUR; at < hourNow; at += HOUR) {
      const warm = at === novemberSpell || at === novemberSpell + HOUR || at === decemberSpell;
      if (!warm) await publish(reg.topics.temperature, { celsius: 3.5, ts: at });
    }
    // ...with two warm spells: 28 Nov 12:00–13:00 at 8 °C (two 1-hour buckets, one excursion)...
    for (const at of [novemberSpell, novemberSpell + 30 * MIN, novemberSpell + HOUR])
      await publish(reg.topics.temperature, { celsius: 8, ts: at });
    // ...and 1 Dec 03:00–03:45 at 7 °C (one bucket), the lowest reading 2.1 °C just after.
    for (const m of [0, 15, 30, 45])
      await publish(reg.topics.temperature, { celsius: 7, ts: decemberSpell + m * MIN });
    await publish(reg.topics.temperature, { celsius: 2.1, ts: decemberSpell + HOUR + 5 * MIN });

    // Today: food placed (10 kg), a visit takes 3 kg, a restock adds 5 kg.
    const door = reg.topics.door;
    const shelf = reg.topics.shelves.s1 as string;
    const settle = async (grossKg: number) => {
      for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004])
        await publish(shelf, { kg: grossKg + noise });
    };
    await device.publishAsync(door, 'closed', { qos: 1 });
    await settle(12);
    await device.publishAsync(door, 'open', { qos: 1 });
    for (const kg of [10.1, 5.3, 7.4]) await publish(shelf, { kg: kg + 2 });
    await device.publishAsync(door, 'closed', { qos: 1 });
    await settle(9);
    await device.publishAsync(door, 'open', { qos: 1 });
    for (const kg of [9.5, 13.8, 12.2]) await publish(shelf, { kg: kg + 2 });
    await device.publishAsync(door, 'closed', { qos: 1 });
    await settle(14);
    await eventually(async () => expect((await system.fridge('elm-st')).activity.today.visits).toBe(2));

    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/fridges/elm-st`);
    const history = page.getByTestId('history');
    // 24 h: only the December spell, in 15-minute buckets.
    // The first load fetches the bundle, the history and the uPlot chunk: allow it more than a second.
    await expect
      .poll(() => history.getByTestId('temperature-chart').locator('canvas').count(), { timeout: 10_000 })
      .toBe(1);
    await expect
      .poll(() => history.getByTestId('temperature-chart-summary').textContent())
      .toBe(
        'Over the last 24 hours the temperature ranged from 2.1 °C to 7.0 °C: 1 excursion above 5 °C (1 h shaded).',
      );
    await expect.poll(() => history.getByTestId('stock-chart').locator('canvas').count()).toBe(1);

    await history.getByTestId('range-7d').click();
    await expect.poll(() => history.getByTestId('range-7d').getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => history.getByTestId('temperature-chart-summary').textContent())
      .toBe(
        'Over the last 7 days the temperature ranged from 2.1 °C to 8.0 °C: 2 excursions above 5 °C (3 h shaded).',
      );
    await expect.poll(() => history.getByTestId('temperature-chart').locator('canvas').count()).toBe(1);
    // The canvas really has paint on it: the excursions' red shading among its pixels.
    const redPixels = await history
      .getByTestId('temperature-chart')
      .locator('canvas')
      .evaluate((node) => {
        const canvas = node as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let red = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r = 0, g = 0, b = 0, a = 0] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
          if (a > 0 && r > g + 20 && r > b + 20) red++;
        }
        return red;
      });
    expect(redPixels).toBeGreaterThan(100);
    await expect
      .poll(() => history.getByTestId('stock-history-chart-summary').textContent())
      .toMatch(/^Over the last 7 days the stock went from .* kg to .* kg; lowest .* kg\.$/);
    await expect.poll(() => history.getByTestId('stock-history-chart').locator('canvas').count()).toBe(1);

    // The network page: December's figures per fridge and in total, November's row, and the CSV.
    await page.getByTestId('network-link').click();
    const network = page.getByTestId('network-page');
    const december = network.getByTestId('month-fridge-elm-st');
    await expect.poll(() => december.getByTestId('kg-shared').textContent()).toBe('3 kg');
    expect(await december.getByTestId('visits').textContent()).toBe('2');
    expect(await december.getByTestId('restocks').textContent()).toBe('1');
    // 03:00–03:45 at 7 °C: four 15-minute spans out of the band.
    expect(await december.getByTestId('hours-out').textContent()).toBe('1 h');
    expect(await network.getByTestId('month-total').getByTestId('visits').textContent()).toBe('2');
    expect(await network.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'This month: December 2026',
    );
    // 12:00, 12:30 and 13:00 at 8 °C: three 15-minute spans.
    const november = network.getByTestId('period-2026-11');
    expect(await november.getByTestId('hours-out').textContent()).toBe('0.8 h');
    expect(await november.getByTestId('visits').textContent()).toBe('0');
    const csvHref = await network.getByTestId('network-csv').getAttribute('href');
    const csv = await (await fetch(`${system.httpUrl}${csvHref}`)).text();
    expect(csv.split('\n')[0]).toMatch(/kg/i);
    await device.endAsync();
    await page.close();
  });
});

import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  ADMIN_TOKEN,
  connectDevice,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const HOUR = 3_600_000;
const MIN = 60_000;

/** Rows of the canvas painted with the safe band's green, and how many pixels hold the excursions' red. */
async function paintedRows(chart: Locator): Promise<{ height: number; green: number[]; red: number }> {
  return chart.locator('canvas').evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    const green = new Map<number, number>();
    let red = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a === 0) continue;
      if (r > g + 20 && r > b + 20) red++;
      else if (g > r + 40 && g > b + 20) {
        const row = Math.floor(i / 4 / canvas.width);
        green.set(row, (green.get(row) ?? 0) + 1);
      }
    }
    // A row of the band is green across most of the plot; a stray anti-aliased pixel is not.
    const bandRows = [...green].filter(([, n]) => n > canvas.width / 3).map(([row]) => row);
    return { height: canvas.height, green: bandRows.sort((x, y) => x - y), red };
  });
}

describe('a freezer’s history chart, and the range in the address, in headless Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { timeZone: 'UTC' }, { dashboardDir });
    await system.createFridge({
      id: 'ice-box',
      name: 'Ice box',
      kind: 'fridge',
      shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
    });
    // The organiser gives it the freezer profile: its alerts, and so its safe band, are a freezer's.
    const settings = await system.app.inject({
      method: 'PUT',
      url: '/api/fridges/ice-box/alert-settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { profile: 'freezer', probe: 'buffered' },
    });
    expect(settings.statusCode).toBe(200);
    // -18 °C every 15 minutes for the last day, and -10 °C from 03:00 to 03:45: thawing, though
    // far below a fridge's 5 °C.
    const reg = await system.registerDevice('ice-box', 'ice-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const nowMs = system.clock.nowMs();
    const thawMs = Date.UTC(2026, 11, 1, 3, 0);
    for (let at = nowMs - 23 * HOUR; at < nowMs; at += 15 * MIN) {
      const celsius = at >= thawMs && at < thawMs + HOUR ? -10 : -18;
      await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius, ts: at }), { qos: 1 });
    }
    await device.endAsync();
    await eventually(async () => {
      const res = await system.app.inject({ url: '/api/fridges/ice-box/history?metric=temperature' });
      expect(res.json().series[0]?.buckets.length ?? 0).toBe(92);
    });
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    data?.remove();
  });

  it('draws the freezer’s band (up to -15 °C) and shades the thaw, and says so in words', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/fridges/ice-box`);
    const chart = page.getByTestId('history').getByTestId('temperature-chart');
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('temperature-chart-summary').textContent())
      .toBe(
        'Over the last 24 hours the temperature ranged from -18.0 °C to -10.0 °C: 1 excursion above -15 °C (1 h shaded).',
      );
    const painted = await paintedRows(chart);
    expect(painted.red).toBeGreaterThan(100);
    // The y axis runs from -18 °C up to 0 °C; the band fills -15 °C and below: the bottom sixth
    // of the plot (a fridge's 0–5 °C band would sit at the top, above every reading).
    expect(painted.green.length).toBeGreaterThan(5);
    expect(painted.green[0]).toBeGreaterThan(painted.height * 0.6);
    await page.close();
  });

  it('keeps the range in the address: a shared link opens on it, Back and Forward move between ranges', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/fridges/ice-box?range=7d`);
    const history = page.getByTestId('history');
    const pressed = async () => {
      for (const r of ['24h', '7d', '30d'])
        if ((await history.getByTestId(`range-${r}`).getAttribute('aria-pressed')) === 'true') return r;
      return null;
    };
    const summary = () => history.getByTestId('temperature-chart-summary').textContent();
    await expect.poll(pressed, { timeout: 10_000 }).toBe('7d');
    await expect
      .poll(summary)
      .toMatch(/^Over the last 7 days .*: 1 excursion above -15 °C \(1 h shaded\)\.$/);

    await history.getByTestId('range-30d').click();
    await expect.poll(() => new URL(page.url()).search).toBe('?range=30d');
    await expect.poll(summary).toMatch(/^Over the last 30 days /);
    // The reader stays on the switch rather than being sent to the page's heading.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('range-30d');
    await history.getByTestId('range-24h').click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(summary).toMatch(/^Over the last 24 hours /);

    await page.goBack();
    await expect.poll(pressed).toBe('30d');
    await expect.poll(summary).toMatch(/^Over the last 30 days /);
    await page.goBack();
    await expect.poll(pressed).toBe('7d');
    expect(new URL(page.url()).search).toBe('?range=7d');
    await page.goForward();
    await expect.poll(pressed).toBe('30d');
    // A link someone shared with a range that does not exist opens on the default.
    await page.goto(`${system.httpUrl}/fridges/ice-box?range=1y`);
    await expect.poll(pressed, { timeout: 10_000 }).toBe('24h');
    await page.close();
  });
});

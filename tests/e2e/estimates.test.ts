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
const oneShelf = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
};

describe('stock estimates on the dashboard in headless Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { timeZone: 'UTC' }, { dashboardDir });
    await system.createFridge(oneShelf);
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    data.remove();
  });

  it('shows the ± band, the meals, a visit in today’s activity and the 24-hour chart', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const publish = async (topic: string, payload: string) => {
      await device.publishAsync(topic, payload, { qos: 1 });
    };
    const door = reg.topics.door;
    const shelf = reg.topics.shelves.s1 as string;
    // The door closed and the shelf settled at 10 kg of food (12 kg on a 2 kg tare).
    await publish(door, 'closed');
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await publish(shelf, JSON.stringify({ kg: 12 + noise }));
    }
    // A visit: hands on the shelf while the door is open, then it settles at 7 kg of food.
    await publish(door, 'open');
    for (const kg of [10.1, 5.3, 7.4]) await publish(shelf, JSON.stringify({ kg: kg + 2 }));
    await publish(door, 'closed');
    for (const noise of [0.004, -0.006, 0.002, -0.001, 0.005, -0.003]) {
      await publish(shelf, JSON.stringify({ kg: 9 + noise }));
    }
    await eventually(async () => expect((await system.fridge('elm-st')).activity.today.visits).toBe(1));

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.httpUrl}/fridges/elm-st`);
    const detail = page.getByTestId('fridge-detail-elm-st');
    await expect.poll(() => detail.isVisible()).toBe(true);
    await expect.poll(() => detail.getByTestId('uncertainty').textContent()).toMatch(/^± \d+\.\d kg$/);
    await expect.poll(() => detail.getByTestId('meals').textContent()).toMatch(/^about \d+ meals?$/);
    await expect
      .poll(() => detail.getByTestId('activity-today').textContent())
      .toMatch(/^1 visit · 3 kg shared/);
    await expect.poll(() => detail.getByTestId('session-change').first().textContent()).toBe('took 3 kg');
    await expect.poll(() => detail.getByTestId('stock-chart').locator('canvas').count()).toBe(1);
    await expect.poll(() => detail.getByTestId('stock-summary').textContent()).toMatch(/to 7 kg/);

    // The list's header shows the network's impact this week.
    await page.goto(`${system.httpUrl}/`);
    await expect.poll(() => page.getByTestId('impact').textContent()).toBe('3 kg of food shared this week');
    await expect
      .poll(() => page.getByTestId('fridge-card-elm-st').getByTestId('meals').isVisible())
      .toBe(true);
    await device.endAsync();
    await page.close();
  });
});

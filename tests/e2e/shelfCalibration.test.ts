import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  ADMIN_TOKEN,
  connectDevice,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

/** Waits for what the page shows; generous, since CI machines run several browsers at once. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });

/** One shelf, configured with a guessed tare and capacity, as an organiser adds it before calibrating. */
const pineStreet = {
  id: 'pine-st',
  name: 'Pine St fridge',
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
};

describe('calibrating a shelf on the organiser screen in headless Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let device: MqttClient;
  let seq = 0;

  /** The scale reports what it weighs, three times, as firmware does while the load settles. */
  const weigh = async (kg: number) => {
    for (let i = 0; i < 3; i++) {
      seq += 1;
      await device.publishAsync('fridges/pine-st/shelves/s1/weight', JSON.stringify({ kg, seq }), { qos: 1 });
    }
  };
  const door = (state: 'open' | 'closed') => device.publishAsync('fridges/pine-st/door', state, { qos: 1 });

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { dashboardDir });
    browser = await launchChromium({ clock: system.clock });
    await system.createFridge(pineStreet);
    device = await connectDevice(system.mqttUrl, await system.registerDevice('pine-st', 'pine-scale'));
  });
  afterAll(async () => {
    await device?.endAsync();
    await browser?.close();
    await system?.stop();
    data.remove();
  });

  it('tares the empty shelf, marks it full with a known 5 kg weight, and the level follows', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    await page.getByTestId('organise-link').click();
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('sign-in').click();
    await poll(() => page.getByTestId('organise-page').isVisible()).toBe(true);
    await page.goto(`${system.httpUrl}/organise/fridges/pine-st`);
    await poll(() => page.getByTestId('manage-fridge-title').textContent()).toBe('Pine St fridge');

    // No reading yet: nothing to calibrate against, and the screen says why.
    expect(await page.getByTestId('tare-s1').isDisabled()).toBe(true);
    expect(await page.getByTestId('calibration-blocked-s1').textContent()).toMatch(
      /No reading from this shelf yet/,
    );

    // The empty shelf weighs 2.4 kg, not the 2 kg guessed: 0.4 kg of phantom food.
    await weigh(2.4);
    await poll(() => page.getByTestId('shelf-reading-s1').textContent()).toMatch(
      /^Reads 2\.4 kg: 0\.4 kg of food over a 2 kg tare/,
    );
    await page.getByTestId('tare-s1').click();
    await page.getByTestId('tare-s1-yes').click();
    await poll(() => page.getByTestId('calibration-done-s1').textContent()).toBe('Tared: 2.4 kg is empty.');
    await poll(() => page.getByTestId('shelf-reading-s1').textContent()).toMatch(
      /^Reads 2\.4 kg: 0 kg of food over a 2\.4 kg tare/,
    );
    // "Mark full" on an empty shelf would set no capacity: the screen does not offer it.
    expect(await page.getByTestId('mark-full-s1').isDisabled()).toBe(true);

    // A volunteer puts a known 5 kg bag on the shelf; the scale keeps reporting after the door
    // shuts, and the estimator settles the visit on those readings.
    await door('open');
    await weigh(7.4);
    await door('closed');
    await weigh(7.4);
    await poll(() => page.getByTestId('shelf-reading-s1').textContent()).toMatch(
      /^Reads 7\.4 kg: 5 kg of food over a 2\.4 kg tare/,
    );
    // 5 of 20 kg: "a few items".
    await poll(() => page.getByTestId('calibration-level').textContent()).toMatch(/“A few items” \(25%/);

    await page.getByTestId('mark-full-s1').click();
    await page.getByTestId('mark-full-s1-yes').click();
    await poll(() => page.getByTestId('calibration-done-s1').textContent()).toBe(
      'Marked full: it holds 5 kg.',
    );
    await poll(() => page.getByTestId('calibration-level').textContent()).toMatch(/“Full” \(100% of 5 kg\)/);
    const status = await system.fridge('pine-st');
    expect(status.shelves[0]).toMatchObject({ tareKg: 2.4, capacityKg: 5, grossKg: 7.4 });
    expect(status.stock.level).toBe('full');

    // A typed capacity: a bad one is refused next to the field, a good one is saved.
    await page.getByTestId('capacity-s1').fill('0');
    await page.getByTestId('save-capacity-s1').click();
    await poll(() => page.getByTestId('capacity-s1-error').textContent()).toMatch(/More than 0/);
    await page.getByTestId('capacity-s1').fill('12,5');
    await page.getByTestId('save-capacity-s1').click();
    await poll(() => page.getByTestId('calibration-done-s1').textContent()).toBe('Capacity set: 12.5 kg.');
    await poll(() => page.getByTestId('calibration-level').textContent()).toMatch(
      /“A few items” \(40% of 12\.5 kg\)/,
    );
    await page.close();
  });
});

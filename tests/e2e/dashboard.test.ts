import { describe, expect, it } from 'vitest';
import { dashboardInChromium } from '../helpers/dashboardInChromium';
import { connectDevice, elmStreet } from '../helpers/testSystem';

describe('the dashboard in headless Chromium', () => {
  const env = dashboardInChromium();

  it('changes the page live when a device publishes, without a reload', async () => {
    const page = await env.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.system.httpUrl}/`);
    const card = page.getByTestId('fridge-card-elm-st');
    await expect.poll(() => card.getByTestId('level').textContent()).toMatch(/no reading yet/i);
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-connection')).toBe('live');
    // Marks this document: a reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });

    const reg = await env.system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(env.system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 20 }), { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s2 as string, JSON.stringify({ kg: 16 }), { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 7.3 }), { qos: 1 });
    await device.publishAsync(reg.topics.door, 'open', { qos: 1 });

    await expect.poll(() => card.getByTestId('kg').textContent()).toBe('32 kg');
    await expect.poll(() => card.getByTestId('level').getAttribute('data-level')).toBe('full');
    await expect.poll(() => card.getByTestId('temperature').textContent()).toBe('7.3 °C');
    // One warm reading (a door opening) is no alarm: the alert rules judge it, not the badge.
    await expect.poll(() => card.getByTestId('temperature').getAttribute('data-status')).toBe('ok');
    expect(await card.getByTestId('temperature-status').count()).toBe(0);
    await expect.poll(() => card.getByTestId('door').getAttribute('data-door')).toBe('open');
    await expect.poll(() => card.getByTestId('online').getAttribute('data-online')).toBe('true');

    // Someone takes food: the level drops on screen.
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 4 }), { qos: 1 });
    await expect.poll(() => card.getByTestId('level').getAttribute('data-level')).toBe('few');
    await expect.poll(() => card.getByTestId('kg').textContent()).toBe('16 kg');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    await device.endAsync();
    await page.close();
  });

  it('says the temperature status in words, and changes it live when an alert starts and ends', async () => {
    await env.system.createFridge({ ...elmStreet, id: 'oak-st', name: 'Oak St fridge' });
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/`);
    const card = page.getByTestId('fridge-card-oak-st');
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-connection')).toBe('live');
    const reg = await env.system.registerDevice('oak-st', 'oak-sensor');
    const device = await connectDevice(env.system.mqttUrl, reg);
    const minute = 60_000;
    // The device uploads what it buffered: readings judged at their own time (measured time).
    const startMs = env.system.clock.nowMs() - 60 * minute;
    const send = (atMs: number, celsius: number) =>
      device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius, ts: atMs }), { qos: 1 });
    for (let i = 0; i <= 35; i++) await send(startMs + i * minute, 6.5);
    const status = card.getByTestId('temperature-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('warning');
    expect(await status.textContent()).toMatch(
      /^Too warm for \d+ (h|min)( \d+ min)?: take no meat, dairy or cooked food$/,
    );
    // Cold again for longer than the hold time: resolved, and the words go.
    for (let i = 36; i <= 60; i++) await send(startMs + i * minute, 4);
    await expect.poll(() => card.getByTestId('temperature').getAttribute('data-status')).toBe('ok');
    expect(await status.count()).toBe(0);
    await device.endAsync();
    await page.close();
  });

  it('serves the detail page on a deep link', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/fridges/elm-st`);
    await expect.poll(() => page.getByTestId('fridge-detail-elm-st').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('shelf-s1').getByTestId('shelf-kg').textContent()).toBe('2 kg');
    await page.close();
  });
});

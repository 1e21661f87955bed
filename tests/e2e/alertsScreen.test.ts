import { describe, expect, it } from 'vitest';
import { dashboardInChromium } from '../helpers/dashboardInChromium';
import { ADMIN_TOKEN, connectDevice } from '../helpers/testSystem';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });

describe('the organiser Alerts screen in headless Chromium', () => {
  const env = dashboardInChromium();

  it('lists an open alert and acknowledges it with the action taken', async () => {
    const reg = await env.system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(env.system.mqttUrl, reg);
    // A buffered upload of 40 warm minutes, judged in measured time: a warning at once.
    const startMs = env.system.clock.nowMs() - 45 * 60_000;
    for (let i = 0; i <= 40; i++)
      await device.publishAsync(
        reg.topics.temperature,
        JSON.stringify({ celsius: 6.5, ts: startMs + i * 60_000 }),
        { qos: 1 },
      );
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/organise/alerts`);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('sign-in').click();
    const item = page.locator('[data-type="tooWarm"]');
    await poll(() => item.isVisible()).toBe(true);
    expect(await item.textContent()).toContain('Elm St fridge: fridge too warm for');
    await poll(() => page.getByTestId('fleet-summary').textContent()).toMatch(/1 of 1 sensors online/);
    await item.getByLabel('Who takes care of it').fill('Ana');
    await item.getByLabel(/Action taken/).fill('moved the dairy');
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await poll(() => page.getByTestId('acknowledged').textContent()).toMatch(
      /Acknowledged by Ana.*moved the dairy/,
    );
    await device.endAsync();

    // The fridge's own screen sets which rules apply and where the probe sits.
    await page.goto(`${env.system.httpUrl}/organise/fridges/elm-st`);
    await page.getByLabel('Temperature probe', { exact: true }).selectOption('buffered');
    await page.getByRole('button', { name: 'Save alert settings' }).click();
    await poll(() => page.getByText('Saved.').isVisible()).toBe(true);
    const saved = await env.system.app.inject({
      url: '/api/fridges/elm-st/alert-settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(saved.json()).toEqual({ profile: 'fridge', probe: 'buffered', thresholds: {} });
    await page.close();
  });
});

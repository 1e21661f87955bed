import { describe, expect, it } from 'vitest';
import { dashboardInChromium } from '../helpers/dashboardInChromium';
import { ADMIN_TOKEN, connectDevice } from '../helpers/testSystem';

/** Waits for what the page shows; generous, since CI machines run several browsers at once. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });

describe('the organiser screens in headless Chromium', () => {
  const env = dashboardInChromium({ fridges: [] });

  it('adds a fridge with two shelves, registers its sensor once, and the public list shows it live', async () => {
    const page = await env.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.system.httpUrl}/`);
    await poll(() => page.getByTestId('no-fridges').isVisible()).toBe(true);

    // The discreet footer link leads to the sign-in; a wrong token is refused with a message.
    await page.getByTestId('organise-link').click();
    await page.getByTestId('token-input').fill('not-the-organiser-token');
    await page.getByTestId('sign-in').click();
    await poll(() => page.getByTestId('token-error').textContent()).toMatch(/did not accept/);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('sign-in').click();
    await poll(() => page.getByTestId('organise-page').isVisible()).toBe(true);

    // The form: the id follows the name; a missing capacity is reported next to its field.
    await page.getByTestId('add-fridge-link').click();
    await page.getByTestId('fridge-name').fill('Oak Ave fridge');
    expect(await page.getByTestId('fridge-id').inputValue()).toBe('oak-ave-fridge');
    await page.getByTestId('fridge-address').fill('3 Oak Ave');
    await page.getByTestId('shelf-0-tare').fill('2');
    await page.getByTestId('shelf-0-capacity').fill('20');
    await page.getByTestId('add-shelf').click();
    expect(await page.getByTestId('shelf-1-id').inputValue()).toBe('s2');
    await page.getByTestId('shelf-1-tare').fill('1,5');
    await page.getByTestId('save-fridge').click();
    await poll(() => page.getByTestId('shelves.1.capacityKg-error').textContent()).toMatch(/kg/);
    expect(await page.getByTestId('shelf-1-capacity').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('shelf-1-capacity').fill('15');
    await page.getByTestId('save-fridge').click();

    await poll(() => page.getByTestId('manage-fridge-title').textContent()).toBe('Oak Ave fridge');
    expect(await page.getByTestId('flash').textContent()).toMatch(/Added Oak Ave fridge/);
    const created = await env.system.fridge('oak-ave-fridge');
    expect(created.shelves.map((s) => [s.id, s.tareKg, s.capacityKg])).toEqual([
      ['s1', 2, 20],
      ['s2', 1.5, 15],
    ]);

    // Registering a sensor shows its password, a QR code and a mosquitto_pub example, once.
    await page.getByTestId('device-id').fill('oak-sensor');
    await page.getByTestId('register-device').click();
    const credentials = page.getByTestId('device-credentials');
    await poll(() => credentials.isVisible()).toBe(true);
    expect(await page.getByTestId('credentials-once').textContent()).toMatch(/will not be shown again/);
    const password = (await page.getByTestId('device-password').textContent()) ?? '';
    const username = (await page.getByTestId('device-username').textContent()) ?? '';
    const mqttUrl = (await page.getByTestId('device-mqtt-url').textContent()) ?? '';
    expect(username).toBe('oak-sensor');
    expect(password.length).toBeGreaterThanOrEqual(16);
    await poll(() => page.getByTestId('device-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const qrWidth = await page
      .getByTestId('device-qr')
      .evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(qrWidth).toBeGreaterThan(100);
    expect(await page.getByTestId('device-mosquitto').textContent()).toContain(
      `-u oak-sensor -P ${password}`,
    );
    await poll(() => page.getByTestId('organise-device-oak-sensor').isVisible()).toBe(true);

    // Once hidden, the password is nowhere on the page.
    await page.getByTestId('credentials-done').click();
    await poll(() => credentials.count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    // The credentials work: the sensor publishes with what the page showed.
    const device = await connectDevice(mqttUrl, { username, password });
    await device.publishAsync('fridges/oak-ave-fridge/shelves/s1/weight', JSON.stringify({ kg: 12 }), {
      qos: 1,
    });
    await device.publishAsync('fridges/oak-ave-fridge/shelves/s2/weight', JSON.stringify({ kg: 1.5 }), {
      qos: 1,
    });

    // The public list shows the new fridge with its reading, without a reload.
    await page.getByRole('link', { name: 'Community fridges' }).click();
    const card = page.getByTestId('fridge-card-oak-ave-fridge');
    await poll(() => card.isVisible()).toBe(true);
    await poll(() => card.getByTestId('kg').textContent()).toBe('10 kg');
    expect(await card.textContent()).toContain('3 Oak Ave');

    // A restock request appears on the card live, from the stream's `restock` event, and on /requests.
    const raised = await env.system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { fridgeId: 'oak-ave-fridge' },
    });
    expect(raised.statusCode).toBe(201);
    await poll(() => card.getByTestId('restock').textContent()).toMatch(/^Restock requested \d\d:\d\d$/);
    await page.getByTestId('requests-link').click();
    await poll(() => page.getByTestId('request-oak-ave-fridge').getAttribute('data-status')).toBe('open');
    await device.endAsync();
    await page.close();
  });
});

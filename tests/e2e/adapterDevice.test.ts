import { describe, expect, it } from 'vitest';
import { connectAdapter, deviceDetails, registerAdapter } from '../helpers/adapterDevices';
import { dashboardInChromium } from '../helpers/dashboardInChromium';
import { ADMIN_TOKEN, eventually } from '../helpers/testSystem';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });

describe('registering a sensor people can buy, in headless Chromium', () => {
  const env = dashboardInChromium();

  it('registers a Tasmota device with its door, probe and shelf, shows its console line once, and its telemetry reaches the fridge', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/organise`);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('sign-in').click();
    await poll(() => page.getByTestId('organise-page').isVisible()).toBe(true);
    await page.goto(`${env.system.httpUrl}/organise/fridges/elm-st`);
    await poll(() => page.getByTestId('adapter-form').isVisible()).toBe(true);

    // Choosing the kind fills in what Tasmota calls its sensors; a bad topic is refused in place.
    await page.getByTestId('adapter-kind').selectOption('tasmota');
    expect(await page.getByTestId('adapter-door').inputValue()).toBe('Switch1');
    expect(await page.getByTestId('adapter-shelf-s1').inputValue()).toBe('HX711');
    expect(await page.getByTestId('adapter-shelf-s2').inputValue()).toBe('');
    await page.getByTestId('adapter-topic').fill('elm/#');
    await page.getByTestId('adapter-register').click();
    await poll(() => page.getByTestId('adapter-topic-error').isVisible()).toBe(true);
    await page.getByTestId('adapter-topic').fill('elmfridge');
    await page.getByTestId('adapter-probe-f').check();
    await page.getByTestId('adapter-register').click();

    const config = page.getByTestId('adapter-config-text');
    await poll(() => config.isVisible()).toBe(true);
    const text = (await config.textContent()) ?? '';
    const password = (await page.getByTestId('adapter-password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(text).toContain(
      `MqttUser elm-st-tasmota; MqttPassword ${password}; MqttClient elm-st-tasmota; Topic elmfridge; TelePeriod 30; WeightRes 3`,
    );
    await page.getByTestId('adapter-config-done').click();
    await poll(() => page.getByTestId('adapter-config').count()).toBe(0);
    expect(await page.content()).not.toContain(password);
    await poll(() => page.getByTestId('organise-device-elm-st-tasmota').isVisible()).toBe(true);

    // The device, configured as the page said, sends its telemetry: the fridge shows it.
    const tasmota = await connectAdapter(env.system.mqttUrl, { username: 'elm-st-tasmota', password });
    await tasmota.publishAsync(
      'tele/elmfridge/SENSOR',
      '{"Time":"2026-12-01T11:00:05","Switch1":"OFF","DS18B20":{"Id":"00000566CC39","Temperature":39.2},"HX711":{"Weight":12.5,"WeightRaw":12500,"AbsRaw":845123},"TempUnit":"F"}',
    );
    await poll(async () => (await env.system.fridge('elm-st')).shelves[0]?.kg).toBe(10.5);
    expect((await env.system.fridge('elm-st')).temperature.celsius).toBe(4);
    expect((await env.system.fridge('elm-st')).door.open).toBe(false);
    await tasmota.endAsync();
    await page.close();
  });
  it('offers what an ESPHome device has published under its prefix and rebinds its door, inverted, keeping its password', async () => {
    const created = await registerAdapter(env.system, {
      deviceId: 'elm-st-esp',
      kind: 'esphome',
      topic: 'elm-esp',
      bindings: [{ source: 'binary_sensor/door', fridgeId: 'elm-st', role: 'door' }],
    });
    // The device as flashed: a reed switch on the door and one on the side (wired the other way).
    const esp = await connectAdapter(env.system.mqttUrl, created);
    await esp.publishAsync('elm-esp/binary_sensor/door/state', 'OFF', { retain: true });
    await esp.publishAsync('elm-esp/binary_sensor/side_reed/state', 'OFF', { retain: true });
    await esp.publishAsync('elm-esp/sensor/fridge_temperature/state', '4.5', { retain: true });
    await poll(async () => (await env.system.fridge('elm-st')).door.open).toBe(false);

    const page = await env.browser.context.newPage();
    // The browser context keeps the organiser's session from the test before, when it ran.
    await page.goto(`${env.system.httpUrl}/organise`);
    const signIn = page.getByTestId('token-input').or(page.getByTestId('organise-page'));
    await poll(() => signIn.isVisible()).toBe(true);
    if (await page.getByTestId('token-input').isVisible()) {
      await page.getByTestId('token-input').fill(ADMIN_TOKEN);
      await page.getByTestId('sign-in').click();
    }
    await poll(() => page.getByTestId('organise-page').isVisible()).toBe(true);
    await page.goto(`${env.system.httpUrl}/organise/fridges/elm-st`);
    await poll(() => page.getByTestId('bindings-panel').isVisible()).toBe(true);
    await page.getByTestId('bindings-device').selectOption('elm-st-esp');
    await poll(() => page.getByTestId('bindings-door').inputValue()).toBe('binary_sensor/door');

    // The door is offered the other binary sensor it sends, the probe and shelves its sensor.
    const sideOffer = page.getByTestId('bindings-door-offer-binary_sensor/side_reed');
    await poll(() => sideOffer.isVisible()).toBe(true);
    expect(await page.getByTestId('bindings-door-offer-sensor/fridge_temperature').count()).toBe(0);
    expect(await page.getByTestId('bindings-probe-offer-sensor/fridge_temperature').isVisible()).toBe(true);
    expect(await page.getByTestId('bindings-probe-offer-binary_sensor/side_reed').count()).toBe(0);

    await sideOffer.click();
    expect(await page.getByTestId('bindings-door').inputValue()).toBe('binary_sensor/side_reed');
    await page.getByTestId('bindings-door-inverted').check();
    await page.getByTestId('bindings-save').click();
    await poll(() => page.getByTestId('bindings-saved').textContent()).toContain('keeps its password');
    expect((await deviceDetails(env.system, 'elm-st-esp')).bindings).toEqual([
      expect.objectContaining({ source: 'binary_sensor/side_reed', role: 'door', invert: true }),
    ]);

    // The side reed, inverted, now is the door: OFF means open; the old door sensor no longer counts.
    await esp.publishAsync('elm-esp/binary_sensor/side_reed/state', 'OFF');
    await eventually(async () => expect((await env.system.fridge('elm-st')).door.open).toBe(true));
    await esp.publishAsync('elm-esp/binary_sensor/door/state', 'ON');
    // The same login connects again once the old session is gone (same client id would take it over).
    await esp.endAsync();
    await eventually(async () =>
      expect((await env.system.fridge('elm-st')).devices.find((d) => d.id === 'elm-st-esp')?.online).toBe(
        false,
      ),
    );
    const again = await connectAdapter(env.system.mqttUrl, created);
    await again.publishAsync('elm-esp/binary_sensor/side_reed/state', 'ON');
    await eventually(async () => expect((await env.system.fridge('elm-st')).door.open).toBe(false));
    await again.endAsync();
    await page.close();
  });
});

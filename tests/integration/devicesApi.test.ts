import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdapter } from '../helpers/adapterDevices';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('POST /api/devices and friends', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const post = (payload: object) =>
    system.app.inject({ method: 'POST', url: '/api/devices', headers: auth, payload });

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  it('answers the password and a ready ESPHome file once, with no-store; GET shows bindings and never the password', async () => {
    const res = await post({
      deviceId: 'elm-esp',
      kind: 'esphome',
      topic: 'elm-esp',
      bindings: [
        { source: 'sensor/shelf_1', fridgeId: 'elm-st', role: 'weight', shelfId: 's1' },
        { source: 'sensor/probe', fridgeId: 'elm-st', role: 'temperature' },
        { source: 'binary_sensor/door', fridgeId: 'elm-st', role: 'door', invert: true },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json();
    expect(created).toMatchObject({
      deviceId: 'elm-esp',
      username: 'elm-esp',
      topics: { publish: ['elm-esp/#'], availability: 'elm-esp/status' },
      config: { format: 'yaml' },
    });
    for (const line of [
      'topic_prefix: elm-esp',
      `password: "${created.password}"`,
      'client_id: elm-esp',
      'ssid: "YOUR_WIFI_NAME"',
      'name: "shelf_1"',
      'accuracy_decimals: 3',
      'calibrate_linear:',
      'platform: dallas_temp',
      'name: "probe"',
      'device_class: door',
    ])
      expect(created.config.text).toContain(line);
    const details = await system.app.inject({ url: '/api/devices/elm-esp', headers: auth });
    expect(details.statusCode).toBe(200);
    expect(details.body).not.toContain(created.password);
    expect(details.json()).toMatchObject({
      kind: 'esphome',
      topic: 'elm-esp',
      fridgeIds: ['elm-st'],
      lastRefusal: null,
      bindings: [
        { source: 'sensor/shelf_1', role: 'weight', shelfId: 's1', invert: false, warning: null },
        { source: 'sensor/probe', role: 'temperature', shelfId: null },
        { source: 'binary_sensor/door', role: 'door', invert: true },
      ],
    });
    // The fridge's page lists the device.
    expect((await system.fridge('elm-st')).devices.map((d) => d.id)).toEqual(['elm-esp']);
  });

  it('refuses bad bindings and clashing topics with a named error, and changes nothing', async () => {
    const base = { kind: 'tasmota', topic: 'oakfridge' };
    const cases: Array<[object, number, string]> = [
      [
        { ...base, deviceId: 'a1', bindings: [{ source: 'HX711', fridgeId: 'elm-st', role: 'weight' }] },
        400,
        'BAD_REQUEST',
      ],
      [
        {
          ...base,
          deviceId: 'a2',
          bindings: [{ source: 'HX711', fridgeId: 'elm-st', role: 'weight', shelfId: 's9' }],
        },
        404,
        'SHELF_NOT_FOUND',
      ],
      [
        {
          ...base,
          deviceId: 'a3',
          bindings: [{ source: 'DS18B20', fridgeId: 'nowhere', role: 'temperature' }],
        },
        404,
        'FRIDGE_NOT_FOUND',
      ],
      [
        {
          ...base,
          deviceId: 'a4',
          bindings: [{ source: 'DS18B20', fridgeId: 'elm-st', role: 'temperature', unit: 'kg' }],
        },
        400,
        'BAD_REQUEST',
      ],
      [
        {
          ...base,
          deviceId: 'a5',
          bindings: [{ source: 'DS18B20', fridgeId: 'elm-st', role: 'temperature', invert: true }],
        },
        400,
        'BAD_REQUEST',
      ],
      [{ deviceId: 'a6', kind: 'esphome', bindings: [] }, 400, 'BAD_REQUEST'],
      [{ deviceId: 'a7', kind: 'esphome', topic: 'elm-esp/sub', bindings: [] }, 409, 'DEVICE_TOPIC_TAKEN'],
      [{ deviceId: 'a8', kind: 'shelly', topic: 'fridges', bindings: [] }, 400, 'BAD_REQUEST'],
      [{ deviceId: 'a9', kind: 'esphome', topic: 'x/#', bindings: [] }, 400, 'BAD_REQUEST'],
      [{ deviceId: 'elm-esp', kind: 'esphome', topic: 'other', bindings: [] }, 409, 'DEVICE_EXISTS'],
      [
        {
          ...base,
          deviceId: 'a10',
          bindings: [
            { source: 'Switch1', fridgeId: 'elm-st', role: 'door' },
            { source: 'Switch2', fridgeId: 'elm-st', role: 'door' },
          ],
        },
        400,
        'BAD_REQUEST',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect({ body, status: res.statusCode, code: res.json().error?.code }).toEqual({ body, status, code });
    }
    const missing = await system.app.inject({ url: '/api/devices/a1', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect((await post({ ...base, deviceId: 'oak-t', bindings: [] })).statusCode).toBe(201);
    expect(
      (await system.app.inject({ method: 'POST', url: '/api/devices', payload: { ...base, deviceId: 'x' } }))
        .statusCode,
    ).toBe(401);
  });

  it('rebinds without new credentials; a native device has no bindings to change; sources need a known device', async () => {
    const put = (id: string, bindings: object[]) =>
      system.app.inject({
        method: 'PUT',
        url: `/api/devices/${id}/bindings`,
        headers: auth,
        payload: { bindings },
      });
    const res = await put('oak-t', [
      { source: 'DS18B20-2', fridgeId: 'elm-st', role: 'temperature', unit: 'F' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().bindings).toEqual([
      {
        source: 'DS18B20-2',
        fridgeId: 'elm-st',
        role: 'temperature',
        shelfId: null,
        invert: false,
        unit: 'F',
        attribute: null,
        warning: null,
      },
    ]);
    await system.registerDevice('elm-st', 'elm-native');
    expect((await put('elm-native', [])).json().error.code).toBe('BAD_REQUEST');
    expect((await put('nobody', [])).statusCode).toBe(404);
    const native = await registerAdapter(system, {
      deviceId: 'elm-native-2',
      kind: 'native',
      bindings: [{ source: 'firmware', fridgeId: 'elm-st', role: 'door' }],
    });
    expect(native.topics.publish).toContain('fridges/elm-st/door');
    const sources = await system.app.inject({ url: '/api/devices/oak-t/sources', headers: auth });
    expect(sources.json()).toEqual([]);
  });
});

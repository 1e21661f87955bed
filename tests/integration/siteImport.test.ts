import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  connectDevice,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const network = (count: number) => ({
  fridges: Array.from({ length: count }, (_, i) => ({
    id: `net-${i}`,
    name: `Network fridge ${i}`,
    kind: 'fridge',
    shelves: [
      { id: 'top', tareKg: 2, capacityKg: 20 },
      { id: 'bottom', tareKg: 2, capacityKg: 25 },
    ],
    devices: [{ id: `net-${i}-sensor` }],
  })),
});

describe('POST /api/import', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    // An organiser limit that one request per fridge and device (160 for 80 fridges) would exceed.
    system = await startTestSystem(data.dir, { rateLimitOrganiserPerMinute: 60 });
  });

  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  const count = async () => ((await system.app.inject({ url: '/api/fridges' })).json() as unknown[]).length;
  const importJson = (payload: unknown) =>
    system.app.inject({ method: 'POST', url: '/api/import', headers: auth, payload: payload as object });
  const importCsv = (csv: string) =>
    system.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: csv,
    });
  /** The message of a refused import; fails the test unless the answer is a 400. */
  const refusal = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect(res.statusCode, res.body).toBe(400);
    return (res.json() as { error: { code: string; message: string } }).error;
  };

  // 80 scrypt hashes take 10-40 s on a busy 2-core machine: a longer limit than the default.
  it('moves 80 fridges in with one request and answers each device credentials once, as a file', {
    timeout: 120_000,
  }, async () => {
    const res = await importJson(network(80));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-disposition']).toBe('attachment; filename="device-credentials.json"');
    expect(res.headers['cache-control']).toBe('no-store');
    const result = res.json() as {
      fridges: number;
      devices: Array<{ deviceId: string; password: string; topics: { shelves: Record<string, string> } }>;
    };
    expect(result.fridges).toBe(80);
    expect(result.devices).toHaveLength(80);
    expect(await count()).toBe(80);
    // A device from the file logs in and its reading is stored.
    const reg = result.devices[7];
    if (!reg) throw new Error('no device 7');
    const device = await connectDevice(system.mqttUrl, { username: reg.deviceId, password: reg.password });
    await device.publishAsync(reg.topics.shelves.top as string, JSON.stringify({ kg: 9 }), { qos: 1 });
    expect(system.ingest.storedReadings()).toBe(1);
    await device.endAsync();
  });

  it('takes CSV and answers the credentials as CSV', async () => {
    const csv = [
      'record,fridge,id,name,kind,address,tare_kg,capacity_kg',
      'fridge,elm-st,,Elm Street fridge,fridge,"12 Elm St, Leeds",,',
      'shelf,elm-st,top,,,,2.5,20',
      'device,elm-st,elm-st-sensor,,,,,',
      'fridge,mill-lane,,Mill Lane pantry,pantry,,,',
      'device,mill-lane,,,,,,',
    ].join('\n');
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/import?format=csv',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-disposition']).toBe('attachment; filename="device-credentials.csv"');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('device_id,fridge_id,username,password,mqtt_url');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^elm-st-sensor,elm-st,elm-st-sensor,[\w-]{24},mqtt:\/\//);
    expect(lines[2]).toMatch(/^mill-lane-[0-9a-f]{6},mill-lane,/);
    const elm = (await system.app.inject({ url: '/api/fridges/elm-st' })).json() as {
      address: string;
      shelves: unknown[];
    };
    expect(elm.address).toBe('12 Elm St, Leeds');
    expect(elm.shelves).toHaveLength(1);
  });

  it('refuses the whole import, naming every bad row and field, and creates nothing', async () => {
    await system.createFridge({ id: 'taken', name: 'Taken', kind: 'fridge', shelves: [] });
    const body = network(3);
    (body.fridges[1] as { shelves: Array<{ tareKg: number }> }).shelves[0] = {
      id: 'top',
      tareKg: 900,
      capacityKg: 20,
    } as never;
    (body.fridges[2] as { id: string }).id = 'taken';
    const res = await importJson(body);
    const error = refusal(res);
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.message).toContain('fridges/1/shelves/0 field tareKg');
    expect(await count()).toBe(1);

    const semantic = network(3);
    (semantic.fridges[2] as { id: string }).id = 'taken';
    (semantic.fridges[1] as { devices: Array<{ id: string }> }).devices[0] = { id: 'net-0-sensor' };
    const second = await importJson(semantic);
    const { message } = refusal(second);
    expect(message).toContain('2 problems');
    expect(message).toContain('fridges/2 field id: a fridge with id "taken" exists');
    expect(message).toContain(
      'fridges/1/devices/0 field id: device "net-0-sensor" is also in fridges/0/devices/0',
    );
    expect(await count()).toBe(1);
  });

  it('names the CSV line of each problem', async () => {
    const csv = [
      'record,fridge,id,name,kind,address,tare_kg,capacity_kg',
      'fridge,elm-st,,Elm Street fridge,fridge,,,',
      'shelf,elm-st,top,,,,two,20',
      'shelf,oak-ave,top,,,,2,20',
      'sensor,elm-st,x,,,,,',
    ].join('\n');
    const res = await importCsv(csv);
    const { message } = refusal(res);
    expect(message).toContain('line 3 field tare_kg: not a number: "two"');
    expect(message).toContain('line 4 field fridge: no fridge row for "oak-ave" above this line');
    expect(message).toContain('line 5 field record: "sensor" is not fridge, shelf or device');

    const badKind =
      'record,fridge,id,name,kind,address,tare_kg,capacity_kg\nfridge,elm-st,,Elm,freezer-box,,,\nshelf,elm-st,top,,,,2,-1\n';
    const second = await importCsv(badKind);
    const secondMessage = refusal(second).message;
    expect(secondMessage).toContain('line 2 field kind');
    expect(secondMessage).toContain('line 3 field capacityKg');
    expect(await count()).toBe(0);
  });

  it('takes each fridge place and hours, in JSON and in CSV, as the fridge form does', async () => {
    const json = await importJson({
      fridges: [
        {
          ...network(1).fridges[0],
          location: { lat: 52.52, lon: 13.405 },
          openingHours: { mo: [{ from: '08:00', to: '20:00' }] },
        },
      ],
    });
    expect(json.statusCode, json.body).toBe(201);
    expect((await system.app.inject({ url: '/api/fridges/net-0' })).json()).toMatchObject({
      location: { lat: 52.52, lon: 13.405 },
      openingHours: { mo: [{ from: '08:00', to: '20:00' }] },
    });
    const csv = [
      'record,fridge,id,name,kind,address,tare_kg,capacity_kg,lat,lon,opening_hours',
      'fridge,elm-st,,Elm Street fridge,fridge,12 Elm St,,,51.5,-0.12,Mo-Fr 08:00-20:00; Sa 10:00-14:00',
      'shelf,elm-st,top,,,,2,20,,,',
      'fridge,oak-ave,,Oak Avenue pantry,pantry,,,,,,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode, res.body).toBe(201);
    expect((await system.app.inject({ url: '/api/fridges/elm-st' })).json()).toMatchObject({
      location: { lat: 51.5, lon: -0.12 },
      openingHours: { fr: [{ from: '08:00', to: '20:00' }], sa: [{ from: '10:00', to: '14:00' }] },
    });
    expect((await system.app.inject({ url: '/api/fridges/oak-ave' })).json()).toMatchObject({
      location: null,
      openingHours: null,
    });
  });

  it('refuses a bad latitude in row 3, naming the row and field, and imports nothing', async () => {
    const csv = [
      'record,fridge,id,name,kind,address,tare_kg,capacity_kg,lat,lon,opening_hours',
      'fridge,elm-st,,Elm Street fridge,fridge,,,,51.5,-0.12,',
      'fridge,oak-ave,,Oak Avenue fridge,fridge,,,,95,-0.1,',
    ].join('\n');
    const res = await importCsv(csv);
    const { message } = refusal(res);
    expect(message).toMatch(/line 3 field location\/lat: .*90/);
    expect(message).not.toContain('line 2');
    const badHours = await importCsv(
      `${csv.split('\n')[0]}\nfridge,ash-rd,,Ash Road fridge,fridge,,,,51.4,-0.2,Mo 08:00-08:00\n`,
    );
    expect(refusal(badHours).message).toContain(
      'line 2 field opening_hours: openingHours.mo[0]: from and to must differ',
    );

    const fridges = network(3).fridges;
    const bad = await importJson({
      fridges: fridges.map((fridge, i) => (i === 2 ? { ...fridge, location: { lat: -91, lon: 0 } } : fridge)),
    });
    expect(refusal(bad).message).toMatch(/fridges\/2 field location\/lat: /);
    expect(await count()).toBe(0);
  });

  it('is for organisers only', async () => {
    const res = await system.app.inject({ method: 'POST', url: '/api/import', payload: network(1) });
    expect(res.statusCode).toBe(401);
    expect(await count()).toBe(0);
  });
});

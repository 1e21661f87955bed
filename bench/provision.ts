import mqtt from 'mqtt';
import type { Publisher } from './load';

export const BENCH_TOKEN = 'bench-admin-token-0123456789';
const auth = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };

interface Registration {
  deviceId: string;
  password: string;
  topics: { shelves: Record<string, string>; door: string };
}

/** One benchmark fridge: a shelf and one device. */
const fridge = (i: number) => ({
  id: `bench-${i}`,
  name: `Bench ${i}`,
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
  devices: [{ id: `bench-${i}-dev` }],
});

/**
 * Creates `count` fridges with a device each through the bulk import (one request, whatever
 * the count); a server without it (an older checkout) gets them one request at a time.
 */
export async function provision(httpUrl: string, count: number): Promise<Registration[]> {
  const fridges = Array.from({ length: count }, (_, i) => fridge(i));
  const res = await fetch(`${httpUrl}/api/import`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ fridges }),
  });
  if (res.status === 201) return ((await res.json()) as { devices: Registration[] }).devices;
  if (res.status !== 404) throw new Error(`import: ${res.status} ${await res.text()}`);
  const registrations: Registration[] = [];
  for (const { devices, ...body } of fridges) {
    const created = await fetch(`${httpUrl}/api/fridges`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(body),
    });
    if (created.status !== 201) throw new Error(`create fridge: ${created.status} ${await created.text()}`);
    const reg = await fetch(`${httpUrl}/api/fridges/${body.id}/devices`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ deviceId: devices[0]?.id }),
    });
    if (reg.status !== 201) throw new Error(`register device: ${reg.status} ${await reg.text()}`);
    registrations.push((await reg.json()) as Registration);
  }
  return registrations;
}

/** Connects each device as the firmware does: client id = device id, persistent session, QoS 1. */
export async function connectDevices(mqttUrl: string, registrations: Registration[]): Promise<Publisher[]> {
  const publishers: Publisher[] = [];
  for (const reg of registrations) {
    const client = await mqtt.connectAsync(mqttUrl, {
      username: reg.deviceId,
      password: reg.password,
      clientId: reg.deviceId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    publishers.push({ client, topic: reg.topics.shelves.s1 ?? reg.topics.door });
  }
  return publishers;
}

/** Anonymous publishers on a broker with no authentication (the bare aedes baseline). */
export async function connectAnonymous(mqttUrl: string, count: number): Promise<Publisher[]> {
  const publishers: Publisher[] = [];
  for (let i = 0; i < count; i++) {
    const client = await mqtt.connectAsync(mqttUrl, {
      clientId: `bare-${i}`,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    publishers.push({ client, topic: `fridges/bench-${i}/shelves/s1/weight` });
  }
  return publishers;
}

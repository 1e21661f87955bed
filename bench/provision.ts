import mqtt from 'mqtt';
import type { Publisher } from './load';

export const BENCH_TOKEN = 'bench-admin-token-0123456789';
const auth = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };

export interface Registration {
  deviceId: string;
  password: string;
  topics: { shelves: Record<string, string>; door: string; temperature: string };
}

type FridgeBody = {
  id: string;
  name: string;
  kind: string;
  shelves: Array<{ id: string; tareKg: number; capacityKg: number }>;
  devices: Array<{ id: string }>;
};

/** One benchmark fridge: a shelf and one device. */
const fridge = (i: number): FridgeBody => ({
  id: `bench-${i}`,
  name: `Bench ${i}`,
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
  devices: [{ id: `bench-${i}-dev` }],
});

/** A fridge of issue 12's 10,000: three shelves, door and probe, all on one device. */
export const scaleFridge = (i: number): FridgeBody => ({
  ...fridge(i),
  shelves: ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 })),
});

/**
 * Creates `count` fridges with a device each through the bulk import (one request, whatever
 * the count); a server without it (an older checkout) gets them one request at a time.
 */
export async function provision(
  httpUrl: string,
  count: number,
  shape: (i: number) => FridgeBody = fridge,
): Promise<Registration[]> {
  const fridges = Array.from({ length: count }, (_, i) => shape(i));
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

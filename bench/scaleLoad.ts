import { fork } from 'node:child_process';
import { createConnection } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type IClientOptions, MqttClient } from 'mqtt';
import { treeCpuMs } from './processes';
import type { Registration } from './provision';
import type { ProbeReply, ProbeRequest } from './scaleProbe';
import { toWallClockMs } from './wallClock';

/** One reading a device sends each minute: a shelf's weight, the door, the probe. */
interface Sensor {
  fridgeId: string;
  client: MqttClient;
  topic: string;
  payload: (round: number) => string;
}

/**
 * A source address of its own per device (Linux routes all of 127.0.0.0/8 to loopback): the
 * broker's per-address limits (300 CONNECTs a minute, `broker/connectLimiter.ts`) then see 10,000
 * devices as a city's routers would, not as one host opening 10,000 connections.
 */
const loopbackAddress = (i: number) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

function connectFrom(localAddress: string, mqttUrl: string, options: IClientOptions): Promise<MqttClient> {
  const { hostname, port } = new URL(mqttUrl);
  const client = new MqttClient(
    () => createConnection({ host: hostname, port: Number(port), localAddress }),
    options,
  );
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error(`connection from ${localAddress} closed before CONNACK`)));
  });
}

/** Connects every device as firmware does (client id = device id, persistent session), `parallel` at a time. */
export async function connectMany(
  mqttUrl: string,
  registrations: readonly Registration[],
  parallel = 50,
): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(registrations.length);
  let next = 0;
  const worker = async () => {
    while (next < registrations.length) {
      const i = next++;
      const reg = registrations[i] as Registration;
      clients[i] = await connectFrom(loopbackAddress(i), mqttUrl, {
        username: reg.deviceId,
        password: reg.password,
        clientId: reg.deviceId,
        clean: false,
        protocolVersion: 4,
        reconnectPeriod: 0,
        keepalive: 300,
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return clients;
}

const fridgeOf = (reg: Registration) => reg.deviceId.replace(/-dev$/, '');

/**
 * Every sensor of every fridge, ordered sensor by sensor: sent in turn at the target rate, each
 * fridge then hears from one of its sensors every count/rate seconds, and from each sensor once a
 * minute when rate = 5 × fridges / 60.
 */
export function sensorsOf(registrations: readonly Registration[], clients: readonly MqttClient[]): Sensor[] {
  const sensors: Sensor[] = [];
  const kinds = ['s1', 's2', 's3', 'door', 'temperature'] as const;
  for (const kind of kinds) {
    registrations.forEach((reg, i) => {
      const client = clients[i] as MqttClient;
      const fridgeId = fridgeOf(reg);
      if (kind === 'door')
        sensors.push({ fridgeId, client, topic: reg.topics.door, payload: () => 'closed' });
      else if (kind === 'temperature')
        sensors.push({
          fridgeId,
          client,
          topic: reg.topics.temperature,
          payload: (round) => String(3.5 + ((i + round) % 10) / 10),
        });
      else
        sensors.push({
          fridgeId,
          client,
          topic: reg.topics.shelves[kind] as string,
          payload: (round) => JSON.stringify({ kg: 8 + ((i * 7 + round) % 40) / 10 }),
        });
    });
  }
  return sensors;
}

export interface SensorLoadResult {
  sent: number;
  acked: number;
  /** PUBACK latency from when each reading was due, sorted, ms. */
  pubackMs: number[];
}

/**
 * Open loop at `perSecond` over the sensors in turn for `durationS`; `onSent` hears each reading's
 * fridge and the time it went out. Latency counts from when a reading was due (no coordinated
 * omission). `every` is called about once a second, for sampling RSS and the API.
 */
export async function sensorLoad(
  sensors: readonly Sensor[],
  perSecond: number,
  durationS: number,
  onSent: (fridgeId: string, atMs: number) => void,
  every: () => void = () => undefined,
): Promise<SensorLoadResult> {
  const total = Math.round(perSecond * durationS);
  const intervalMs = 1000 / perSecond;
  const pubackMs: number[] = [];
  // A count, not a promise per reading: an hour-long run sends 3 million.
  let unacked = 0;
  let allAcked: () => void = () => undefined;
  const started = performance.now();
  let lastTick = started;
  for (let i = 0; i < total; i++) {
    const dueAt = started + i * intervalMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const sensor = sensors[i % sensors.length] as Sensor;
    const round = Math.floor(i / sensors.length);
    onSent(sensor.fridgeId, performance.now());
    unacked++;
    sensor.client.publish(sensor.topic, sensor.payload(round), { qos: 1 }, (err) => {
      if (!err) pubackMs.push(performance.now() - dueAt);
      if (--unacked === 0) allAcked();
    });
    if (performance.now() - lastTick >= 1000) {
      lastTick = performance.now();
      every();
    }
  }
  if (unacked > 0) await new Promise<void>((resolve) => (allAcked = resolve));
  pubackMs.sort((a, b) => a - b);
  return { sent: total, acked: pubackMs.length, pubackMs };
}

/**
 * A dashboard on the live feed that times each fridge's event against the reading that caused
 * it, and `drainers` more that only read: in a process of their own (bench/scaleProbe.ts), so
 * neither waits for this process's 10,000 devices.
 */
export function latencyProbe(httpUrl: string) {
  // 'advanced': V8's serializer, not JSON. An hour-long run's reply carries 3 million latencies;
  // as JSON it held this process's event loop long enough for the server to drop its 10,000
  // devices for missed keep-alives (2026-12-02), and the run never ended.
  const child = fork(new URL('./scaleProbe.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
  });
  const waiting: Array<(reply: ProbeReply) => void> = [];
  let failure: Error | null = null;
  child.on('message', (reply: ProbeReply) => {
    if (reply.kind === 'failed') failure = new Error(reply.message);
    waiting.shift()?.(reply);
  });
  const ask = (request: ProbeRequest): Promise<ProbeReply> =>
    new Promise((resolve, reject) => {
      waiting.push((reply) => (reply.kind === 'failed' ? reject(failure) : resolve(reply)));
      child.send(request);
    });
  let drainerBytes = 0;
  return {
    ready: ask({ kind: 'open', httpUrl }).then(() => undefined),
    sent(fridgeId: string, atMs: number) {
      child.send({ kind: 'sent', fridgeId, atMs: toWallClockMs(atMs) } satisfies ProbeRequest);
    },
    /** Opens `count` more readers that only drain the stream. */
    async addDrainers(count: number): Promise<void> {
      await ask({ kind: 'drainers', count });
    },
    /** Latencies since the last call, sorted, and how many readings brought no event of their own. */
    async take(): Promise<{ latenciesMs: number[]; unanswered: number; timeline: Array<[number, number]> }> {
      const reply = await ask({ kind: 'take' });
      if (reply.kind !== 'taken') throw new Error(`probe answered ${reply.kind}`);
      drainerBytes = reply.drainerBytes;
      return { latenciesMs: reply.latenciesMs, unanswered: reply.unanswered, timeline: reply.timeline };
    },
    /** Bytes the drainers received, as of the last take(). */
    drainerBytes: () => drainerBytes,
    /** CPU time the readers' process used so far, ms: it shares the machine's cores with the server. */
    cpuMs: () => (child.pid === undefined ? 0 : treeCpuMs(child.pid)),
    close() {
      child.kill();
    },
  };
}

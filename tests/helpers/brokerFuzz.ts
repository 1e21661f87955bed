import type { Client, PublishPacket } from 'aedes';
import fc from 'fast-check';
import { expect } from 'vitest';
import { DEFAULT_CONNECT_LIMITS } from '../../broker/connectLimiter';
import type { EmbeddedBroker } from '../../broker/embeddedBroker';
import { MAX_DEVICE_PACKET_BYTES } from '../../broker/socketGuard';
import { parseDeviceMessage } from '../../contract/payloads';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { connectPacket, publishPacket, rawExchange } from './rawMqtt';
import {
  connectDevice,
  elmStreet,
  runningClock,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from './testSystem';

/** The fuzzing device: registered to elm-st (shelves s1, s2) as elm-sensor. */
export const FUZZ_FRIDGE = 'elm-st';
export const FUZZ_DEVICE = 'elm-sensor';

/** A running system with one fridge and one device for the fuzz runs, on a clock the test can move. */
export interface FuzzSystem {
  system: TestSystem;
  reg: DeviceRegistration;
  /** Moves the clock past the connect limiter's window: every fuzz login counts against this address. */
  nextConnectWindow(): void;
  stop(): Promise<void>;
}

export async function startFuzzSystem(): Promise<FuzzSystem> {
  const data = tempDataDir();
  const testClock = runningClock();
  let offsetMs = 0;
  const system = await startTestSystem(
    data.dir,
    {},
    { clock: { nowMs: () => testClock.nowMs() + offsetMs } },
  );
  await system.createFridge(elmStreet);
  const reg = await system.registerDevice(FUZZ_FRIDGE, FUZZ_DEVICE);
  return {
    system,
    reg,
    nextConnectWindow: () => {
      offsetMs += DEFAULT_CONNECT_LIMITS.windowMs;
    },
    stop: async () => {
      await system.stop();
      data.remove();
    },
  };
}

/** After a fuzz run: a real device still gets in, publishes, and the reading counts. */
export async function expectDeviceStillServed(fuzz: FuzzSystem): Promise<void> {
  fuzz.nextConnectWindow();
  const device = await connectDevice(fuzz.system.mqttUrl, fuzz.reg);
  await device.publishAsync(`fridges/${FUZZ_FRIDGE}/temperature`, '{"celsius": 5}', { qos: 1 });
  await device.endAsync();
  expect((await fuzz.system.fridge(FUZZ_FRIDGE)).temperature.celsius).toBe(5);
}
const KNOWN_SHELVES = new Set(['s1', 's2']);

/** Topics the device may publish to, one of them naming a shelf the fridge does not have. */
const OWN_TOPICS = [
  `fridges/${FUZZ_FRIDGE}/door`,
  `fridges/${FUZZ_FRIDGE}/temperature`,
  `fridges/${FUZZ_FRIDGE}/shelves/s1/weight`,
  `fridges/${FUZZ_FRIDGE}/shelves/s9/weight`,
  `fridges/${FUZZ_FRIDGE}/devices/${FUZZ_DEVICE}/status`,
];

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const FIELDS = ['kg', 'celsius', 'open', 'online', 'battery', 'rssi', 'firmware', 'probe', 'seq', 'ts'];

/** Numbers JSON cannot carry and strings that only look like numbers. */
const ODD_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '0x10',
  '1_000',
  '.5',
  '5.',
  '+5',
  '١٢',
  '4,2',
  '9007199254740993',
  '-0',
  '1e-400',
  '',
];

/** Payloads a misbehaving or hostile device sends. */
export const hostilePayload: fc.Arbitrary<Buffer> = fc.oneof(
  // Noise on the wire.
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 1200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map(utf8) },
  // Too large: just over the limit, up to 1 MiB now and then, some of it valid-looking JSON.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: 1025, max: 4096 }), fc.integer({ min: 1025, max: 1024 * 1024 })),
        fc.boolean(),
      )
      .map(([size, json]) =>
        json ? utf8(`{"kg": 5, "firmware": "${'x'.repeat(size)}"}`) : Buffer.alloc(size, 0x35 /* "5" */),
      ),
  },
  // Deep nesting, of objects and arrays: mostly within the size limit, sometimes far beyond.
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.integer({ min: 1, max: 160 }), fc.integer({ min: 1, max: 20_000 }))
      .map((depth) => utf8(`${'{"kg":'.repeat(depth)}1${'}'.repeat(depth)}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20_000 }))
      .map((depth) => utf8(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  },
  // NaN, Infinity and friends, bare and in JSON.
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...ODD_NUMBERS), fc.constantFrom(...FIELDS), fc.boolean())
      .map(([n, field, bare]) => utf8(bare ? n : `{"${field}": ${n}}`)),
  },
  // Wrong types and unknown or dangerous keys.
  {
    weight: 4,
    arbitrary: fc
      .dictionary(
        fc.oneof(
          fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'),
          fc.string({ maxLength: 8 }),
        ),
        fc.jsonValue({ maxDepth: 3 }),
        { maxKeys: 5 },
      )
      .map((body) => utf8(JSON.stringify(body))),
  },
  // Unicode in ids and text fields.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.constantFrom('probe', 'firmware'),
      )
      .map(([text, field]) => utf8(JSON.stringify({ celsius: 4, online: true, [field]: text }))),
  },
  // Invalid UTF-8 inside otherwise good JSON.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf])
      .map((bad) => Buffer.concat([utf8('{"celsius": 4, "probe": "'), Buffer.from(bad), utf8('"}')])),
  },
  // A good reading with a broken seq or ts.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('seq', 'ts'),
        fc.oneof(
          fc.constantFrom(-1, 1.5, 2 ** 53 + 2, '7', null, true, 'yesterday', '2026-13-45T99:99:99Z', '1'),
          fc.double(),
        ),
      )
      .map(([field, value]) => utf8(JSON.stringify({ kg: 5, [field]: value }))),
  },
);

const TOPIC_LEVELS = [
  'fridges',
  FUZZ_FRIDGE,
  'oak-ave',
  'door',
  'temperature',
  'shelves',
  's1',
  'weight',
  'devices',
  FUZZ_DEVICE,
  'oak-sensor',
  'status',
  'state',
  'requests',
  '+',
  '#',
  '..',
  '.',
  '',
  '$SYS',
  '$quarantine',
  'ELM-ST',
  'élm-st',
  'elm-st\u0000',
  ' elm-st',
  'x'.repeat(65),
];

/** Topic names with every trick: wildcards, `..`, empty levels, unicode, case, NUL, length. */
export const hostileTopic: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...OWN_TOPICS),
  fc
    .array(fc.oneof(fc.constantFrom(...TOPIC_LEVELS), fc.string({ maxLength: 6 })), { maxLength: 7 })
    .map((l) => l.join('/')),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(...OWN_TOPICS).map((t) => `${t}/`),
  fc.constantFrom(...OWN_TOPICS).map((t) => `/${t}`),
);

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The ACL rule of docs/protocol.md, written again here so the fuzz does not check the broker
 * against its own code: the device's fridge sensors (any slug shelf) and its own status.
 */
export function deviceMayPublish(topic: string): boolean {
  const levels = topic.split('/');
  if (levels[0] !== 'fridges' || levels[1] !== FUZZ_FRIDGE) return false;
  if (levels.length === 3) return levels[2] === 'door' || levels[2] === 'temperature';
  if (levels.length !== 5) return false;
  const [, , group, id, leaf] = levels;
  if (group === 'shelves' && leaf === 'weight') return SLUG.test(id ?? '');
  return group === 'devices' && id === FUZZ_DEVICE && leaf === 'status';
}

/** What must happen to one message: accepted (stored), or refused for a reason. */
export function expectedOutcome(topic: string, payload: Buffer): string {
  if (!deviceMayPublish(topic)) return 'not-authorized';
  const parsed = parseDeviceMessage(topic, payload);
  if (!parsed.ok) return parsed.reason;
  const value = parsed.value.value;
  if (value.kind === 'weight' && !KNOWN_SHELVES.has(value.shelfId)) return 'unknown-shelf';
  return 'accepted';
}

export interface FuzzFigures {
  cases: number;
  refusedByReason: Record<string, number>;
  stored: number;
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

function counterDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [reason, n] of Object.entries(after)) {
    const d = n - (before[reason] ?? 0);
    if (d !== 0) delta[reason] = d;
  }
  return delta;
}

/**
 * Bytes after the fixed header of a QoS 1 PUBLISH (MQTT 3.1.1 §3.3.2): topic length, topic,
 * packet id, payload. Over the limit the socket guard closes the connection before the body is
 * read (tests/security/packetLimits.test.ts), so the wire runners send only what fits.
 */
function fitsOnTheWire(topic: string, payload: Buffer): boolean {
  return 2 + Buffer.byteLength(topic, 'utf8') + 2 + payload.length <= MAX_DEVICE_PACKET_BYTES;
}

/** Hostile cases only: a message the contract accepts is not an attack, and would change state. */
function hostileCases(topics: fc.Arbitrary<string>, count: number, seed: number, through: 'wire' | 'hooks') {
  return fc.sample(
    fc
      .tuple(topics, hostilePayload)
      .filter(([topic, payload]) => through === 'hooks' || fitsOnTheWire(topic, payload))
      .filter(([topic, payload]) => expectedOutcome(topic, payload) !== 'accepted'),
    { seed, numRuns: count },
  );
}

async function siteSnapshot(system: TestSystem): Promise<string> {
  const res = await system.app.inject({ url: '/api/fridges' });
  return res.body;
}

/**
 * Publishes `count` hostile payloads to the device's own topics over one real MQTT connection,
 * a chunk at a time. Every message must be acknowledged (a refused payload is acked and
 * dropped, so the device does not resend it forever), counted under its reason, and change
 * nothing; the connection must stay up.
 */
export async function fuzzPayloadsOverMqtt(
  system: TestSystem,
  reg: DeviceRegistration,
  count: number,
  seed: number,
): Promise<FuzzFigures> {
  const cases = hostileCases(fc.constantFrom(...OWN_TOPICS), count, seed, 'wire');
  const countersBefore = system.ingest.counters();
  const storedBefore = system.ingest.storedReadings();
  const device = await connectDevice(system.mqttUrl, reg);
  const snapshotBefore = await siteSnapshot(system);
  const CHUNK = 200;
  try {
    for (let i = 0; i < cases.length; i += CHUNK) {
      await Promise.all(
        cases.slice(i, i + CHUNK).map(([topic, payload]) => device.publishAsync(topic, payload, { qos: 1 })),
      );
      expect(device.connected).toBe(true);
    }
    // Taken while still connected: going offline is a change the device may make.
    expect(await siteSnapshot(system)).toBe(snapshotBefore);
  } finally {
    await device.endAsync();
  }
  const expected = tally(cases.map(([topic, payload]) => expectedOutcome(topic, payload)));
  expect(counterDelta(countersBefore, system.ingest.counters())).toEqual(expected);
  expect(system.ingest.storedReadings()).toBe(storedBefore);
  return { cases: cases.length, refusedByReason: expected, stored: 0 };
}

/**
 * Sends `count` hostile topic and payload pairs through the broker's own hooks (authorizePublish,
 * as aedes calls it for a logged-in device), without a socket per refused topic: a refused
 * topic closes a real connection, and logging in again costs a scrypt hash. Checks each
 * answer against the ACL rule above, that refused payloads are moved to the quarantine
 * prefix (never forwarded), the counters by reason, and that nothing is stored.
 */
export async function fuzzTopicsThroughHooks(
  system: TestSystem,
  broker: EmbeddedBroker,
  reg: DeviceRegistration,
  count: number,
  seed: number,
): Promise<FuzzFigures> {
  const client = { id: reg.username, conn: { remoteAddress: '127.0.0.1' } } as unknown as Client;
  await new Promise<void>((resolve, reject) =>
    broker.aedes.authenticate(client, reg.username, Buffer.from(reg.password), (err, ok) =>
      err || !ok ? reject(err ?? new Error('not authenticated')) : resolve(),
    ),
  );
  const cases = hostileCases(hostileTopic, count, seed, 'hooks');
  const countersBefore = system.ingest.counters();
  const storedBefore = system.ingest.storedReadings();
  const snapshotBefore = await siteSnapshot(system);
  const authorize = (packet: PublishPacket) =>
    new Promise<'refused' | 'acknowledged'>((resolve) =>
      broker.aedes.authorizePublish(client, packet, (err) => resolve(err ? 'refused' : 'acknowledged')),
    );
  const CHUNK = 500;
  for (let i = 0; i < cases.length; i += CHUNK) {
    await Promise.all(
      cases.slice(i, i + CHUNK).map(async ([topic, payload]) => {
        const packet = { cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false, messageId: 1 };
        const answer = await authorize(packet as PublishPacket);
        const expected = expectedOutcome(topic, payload);
        // not-authorized closes the connection (MQTT-3.3.5-2); any other refusal is acked, quarantined.
        expect(answer, topic).toBe(expected === 'not-authorized' ? 'refused' : 'acknowledged');
        if (expected !== 'not-authorized') expect(packet.topic).toBe(`$quarantine/${topic}`);
      }),
    );
  }
  const expected = tally(cases.map(([topic, payload]) => expectedOutcome(topic, payload)));
  expect(counterDelta(countersBefore, system.ingest.counters())).toEqual(expected);
  expect(system.ingest.storedReadings()).toBe(storedBefore);
  expect(await siteSnapshot(system)).toBe(snapshotBefore);
  return { cases: cases.length, refusedByReason: expected, stored: 0 };
}

/** Byte sequences sent to the broker's port before or instead of a proper login. */
const rawBytes: fc.Arbitrary<Buffer[]> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((b) => [Buffer.from(b)]),
  // A CONNECT with random bytes after it, or cut short, or with a corrupted byte.
  fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.nat(255)).map(([tail, cut, flip]) => {
    const connect = connectPacket({ clientId: 'fuzz', username: 'nobody', password: 'nothing' });
    const mutated = Buffer.from(connect);
    mutated[cut % mutated.length] = flip;
    return (
      [[connect, Buffer.from(tail)], [connect.subarray(0, cut % connect.length)], [mutated]][cut % 3] ?? []
    );
  }),
  // A fixed header announcing a packet of up to 256 MB that never comes.
  fc
    .constantFrom(
      [0x10, 0xff, 0xff, 0xff, 0x7f],
      [0x30, 0xff, 0xff, 0xff, 0x7f, 0x00],
      [0x10, 0xff, 0xff, 0xff, 0xff, 0xff],
    )
    .map((bytes) => [Buffer.from(bytes)]),
  // Anything but CONNECT first.
  fc
    .constantFrom(0x30, 0x32, 0x82, 0xc0, 0xe0, 0x40, 0xf0, 0x00)
    .map((type) => [Buffer.from([type, 0x02, 0x00, 0x01])]),
);

export interface RawFuzzFigures {
  cases: number;
  closedByBroker: number;
}

/** Random bytes on fresh TCP connections; the broker must shrug them off and keep serving. */
export async function fuzzRawBytes(port: number, count: number, seed: number): Promise<RawFuzzFigures> {
  const cases = fc.sample(rawBytes, { seed, numRuns: count });
  let closedByBroker = 0;
  const CHUNK = 50;
  for (let i = 0; i < cases.length; i += CHUNK) {
    const answers = await Promise.all(
      cases.slice(i, i + CHUNK).map((bytes) => rawExchange(port, bytes, { waitMs: 300 })),
    );
    closedByBroker += answers.filter((a) => a.closedByBroker).length;
    // A login that is not a device's never gets CONNACK 0.
    for (const answer of answers) expect(answer.connack === null || answer.connack > 0).toBe(true);
  }
  return { cases: cases.length, closedByBroker };
}

/**
 * Hostile topics over the wire, one fresh login per case (a refused topic closes the
 * connection): raw CONNECT and PUBLISH packets, so the client library cannot refuse a topic
 * first. The broker must acknowledge exactly the topics the ACL rule allows.
 * `nextWindow` is called between chunks so the connection limiter's window can be moved on.
 */
export async function fuzzTopicsOverWire(
  system: TestSystem,
  reg: DeviceRegistration,
  count: number,
  seed: number,
  nextWindow: () => void,
): Promise<FuzzFigures> {
  const port = Number(new URL(system.mqttUrl).port);
  const cases = hostileCases(hostileTopic, count, seed, 'wire');
  const countersBefore = system.ingest.counters();
  const storedBefore = system.ingest.storedReadings();
  // The device's own client id (the broker refuses any other), so one login at a time: a second
  // connection with the same id would take the first one over.
  const login = connectPacket({ clientId: reg.username, username: reg.username, password: reg.password });
  const CHUNK = 10;
  for (let i = 0; i < cases.length; i += CHUNK) {
    nextWindow();
    for (const [topic, payload] of cases.slice(i, i + CHUNK)) {
      // CONNACK and PUBACK are 4 bytes each: 8 bytes means the message was taken.
      const answer = await rawExchange(port, login, {
        afterConnack: [publishPacket(topic, payload)],
        until: 8,
        waitMs: 5000,
      });
      expect(answer.connack, `${topic} ${payload.length} bytes, closed: ${answer.closedByBroker}`).toBe(0);
      const acknowledged = answer.received.length >= 8 && answer.received[4] === 0x40;
      expect(acknowledged ? 'acknowledged' : 'refused', JSON.stringify(topic)).toBe(
        deviceMayPublish(topic) ? 'acknowledged' : 'refused',
      );
    }
  }
  const outcomes = cases.map(([topic, payload]) => expectedOutcome(topic, payload));
  const delta = counterDelta(countersBefore, system.ingest.counters());
  // aedes itself closes the connection for `+`, `#` and empty topics before our hook sees them:
  // those are refused but not counted. Every other case is counted under its reason.
  const countedByHook = tally(outcomes.filter((_o, i) => reachesHook(cases[i]?.[0] ?? '')));
  expect(delta).toEqual(countedByHook);
  expect(system.ingest.storedReadings()).toBe(storedBefore);
  return { cases: cases.length, refusedByReason: tally(outcomes), stored: 0 };
}

/** aedes refuses these topics in its publish handler, before `authorizePublish` (MQTT-4.7.1-1, 4.7.3-1). */
function reachesHook(topic: string): boolean {
  const encoded = Buffer.from(topic, 'utf8').toString('utf8');
  return encoded.length > 0 && !encoded.includes('+') && !encoded.includes('#');
}

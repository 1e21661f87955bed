import Type, { type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { SLUG_PATTERN } from './ids';
import { type ParsedTopic, parseTopic } from './topics';

/**
 * Payload limits of the wire contract. Values outside them are physically absurd for a
 * fridge or a shelf, so they are refused at the broker rather than stored.
 */
export const LIMITS = {
  /** Largest payload accepted, in bytes; real payloads are under 200. */
  payloadBytes: 1024,
  /** Colder than any domestic freezer, hotter than a sun-baked metal box. */
  minCelsius: -50,
  maxCelsius: 80,
  /** A tared HX711 load cell reads slightly negative through noise; more than this is a fault. */
  minKg: -1,
  maxKg: 1000,
} as const;

/** Why a message was refused; each reason has its own counter. */
export type RefusalReason =
  | 'unknown-topic'
  | 'not-authorized'
  | 'payload-too-large'
  | 'malformed-payload'
  | 'out-of-range'
  | 'unknown-fridge'
  | 'unknown-shelf'
  | 'unknown-device'
  /** A sensor under an adapter device's topic that no binding maps to a fridge (issue 15). */
  | 'unmapped-source'
  /** A unit the adapter cannot convert (Tasmota `TempUnit` other than C or F, a bad binding unit). */
  | 'wrong-unit'
  /** The sensor sent `nan` or nothing usable where a number belongs: a failed or unplugged probe. */
  | 'not-a-number';

const Timestamp = Type.Union([Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 })]);
const Sequence = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Meta = { ts: Type.Optional(Timestamp), seq: Type.Optional(Sequence) };

const strict = { additionalProperties: false } as const;

export const DoorPayloadSchema = Type.Object({ open: Type.Boolean(), ...Meta }, strict);
export const TemperaturePayloadSchema = Type.Object(
  {
    celsius: Type.Number({ minimum: LIMITS.minCelsius, maximum: LIMITS.maxCelsius }),
    probe: Type.Optional(Type.String({ pattern: SLUG_PATTERN })),
    ...Meta,
  },
  strict,
);
export const WeightPayloadSchema = Type.Object(
  { kg: Type.Number({ minimum: LIMITS.minKg, maximum: LIMITS.maxKg }), ...Meta },
  strict,
);
export const DeviceStatusPayloadSchema = Type.Object(
  {
    online: Type.Boolean(),
    battery: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    rssi: Type.Optional(Type.Number({ minimum: -150, maximum: 0 })),
    firmware: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    ...Meta,
  },
  strict,
);

export type DoorPayload = Static<typeof DoorPayloadSchema>;
export type TemperaturePayload = Static<typeof TemperaturePayloadSchema>;
export type WeightPayload = Static<typeof WeightPayloadSchema>;
export type DeviceStatusPayload = Static<typeof DeviceStatusPayloadSchema>;

/** What a sensor said, stripped of wire details. */
export type SensorValue =
  | { kind: 'door'; open: boolean }
  | { kind: 'temperature'; celsius: number; probe?: string }
  | { kind: 'weight'; shelfId: string; kg: number }
  | {
      kind: 'deviceStatus';
      deviceId: string;
      online: boolean;
      battery?: number;
      rssi?: number;
      firmware?: string;
    };

export interface DeviceMessage {
  fridgeId: string;
  value: SensorValue;
  /** Device time in epoch ms, when the payload carried a parseable `ts`. */
  deviceTimeMs?: number;
  seq?: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: RefusalReason; detail: string };

const refuse = (
  reason: RefusalReason,
  detail: string,
): { ok: false; reason: RefusalReason; detail: string } => ({
  ok: false,
  reason,
  detail,
});

const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

function checkAgainst<S extends TSchema>(schema: S) {
  const compiled = Compile(schema);
  return (value: unknown): ParseResult<Static<S>> => {
    if (compiled.Check(value)) return { ok: true, value: value as Static<S> };
    const errors = [...compiled.Errors(value)].filter((e) => e.keyword !== 'boolean');
    const first = errors[0];
    const field = first?.instancePath ? first.instancePath.slice(1) : 'payload';
    const reason = first && RANGE_KEYWORDS.has(first.keyword) ? 'out-of-range' : 'malformed-payload';
    return refuse(reason, `${field}: ${first?.message ?? 'is not valid'}`);
  };
}

const checkDoor = checkAgainst(DoorPayloadSchema);
const checkTemperature = checkAgainst(TemperaturePayloadSchema);
const checkWeight = checkAgainst(WeightPayloadSchema);
const checkDeviceStatus = checkAgainst(DeviceStatusPayloadSchema);

// A Map, not an object literal: `constructor` or `__proto__` must not read as a door state.
const BARE_DOOR = new Map<string, boolean>([
  ['open', true],
  ['closed', false],
  ['1', true],
  ['0', false],
]);
const BARE_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * Reads a payload as JSON when it looks like an object, otherwise as a bare value; bare forms
 * exist because the smallest firmware (Tasmota rules, a shell loop) can only send a word.
 */
function decodePayload(text: string): ParseResult<{ json: Record<string, unknown> } | { bare: string }> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
        return { ok: true, value: { json: json as Record<string, unknown> } };
      }
    } catch {
      // falls through to the refusal below
    }
    return refuse('malformed-payload', 'payload: is not a JSON object');
  }
  return { ok: true, value: { bare: trimmed } };
}

function bareNumber(text: string, unit: string): ParseResult<number> {
  if (!BARE_NUMBER.test(text))
    return refuse('malformed-payload', `payload: expected a JSON object or a number in ${unit}`);
  return { ok: true, value: Number(text) };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Accepts ISO 8601 or epoch milliseconds; `undefined` when absent. */
export function parseDeviceTime(ts: string | number | undefined): ParseResult<number | undefined> {
  if (ts === undefined) return { ok: true, value: undefined };
  // Date.parse alone is lenient ("1" is 2001): a string must be ISO 8601 with a zone.
  if (typeof ts === 'string' && !ISO_8601.test(ts)) {
    return refuse('malformed-payload', 'ts: is not ISO 8601 (2026-11-29T17:30:00Z) or epoch milliseconds');
  }
  const ms = typeof ts === 'number' ? ts : Date.parse(ts);
  if (!Number.isFinite(ms)) return refuse('malformed-payload', 'ts: is not ISO 8601 or epoch milliseconds');
  return { ok: true, value: ms };
}

function withMeta(
  fridgeId: string,
  value: SensorValue,
  meta: { ts?: string | number; seq?: number },
): ParseResult<DeviceMessage> {
  const time = parseDeviceTime(meta.ts);
  if (!time.ok) return time;
  const message: DeviceMessage = { fridgeId, value };
  if (time.value !== undefined) message.deviceTimeMs = time.value;
  if (meta.seq !== undefined) message.seq = meta.seq;
  return { ok: true, value: message };
}

function rangeChecked(value: number, min: number, max: number, field: string): ParseResult<number> {
  if (value < min || value > max)
    return refuse('out-of-range', `${field}: must be between ${min} and ${max}`);
  return { ok: true, value };
}

function parseBody(topic: ParsedTopic, text: string): ParseResult<DeviceMessage> {
  const decoded = decodePayload(text);
  if (!decoded.ok) return decoded;
  const body = decoded.value;
  const { fridgeId } = topic;
  switch (topic.kind) {
    case 'door': {
      if ('bare' in body) {
        const open = BARE_DOOR.get(body.bare);
        if (open === undefined)
          return refuse('malformed-payload', 'payload: expected open, closed, 1, 0 or JSON');
        return withMeta(fridgeId, { kind: 'door', open }, {});
      }
      const checked = checkDoor(body.json);
      if (!checked.ok) return checked;
      return withMeta(fridgeId, { kind: 'door', open: checked.value.open }, checked.value);
    }
    case 'temperature': {
      if ('bare' in body) {
        const n = bareNumber(body.bare, '°C');
        if (!n.ok) return n;
        const celsius = rangeChecked(n.value, LIMITS.minCelsius, LIMITS.maxCelsius, 'celsius');
        if (!celsius.ok) return celsius;
        return withMeta(fridgeId, { kind: 'temperature', celsius: celsius.value }, {});
      }
      const checked = checkTemperature(body.json);
      if (!checked.ok) return checked;
      const { celsius, probe } = checked.value;
      return withMeta(
        fridgeId,
        probe === undefined ? { kind: 'temperature', celsius } : { kind: 'temperature', celsius, probe },
        checked.value,
      );
    }
    case 'weight': {
      if ('bare' in body) {
        const n = bareNumber(body.bare, 'kg');
        if (!n.ok) return n;
        const kg = rangeChecked(n.value, LIMITS.minKg, LIMITS.maxKg, 'kg');
        if (!kg.ok) return kg;
        return withMeta(fridgeId, { kind: 'weight', shelfId: topic.shelfId, kg: kg.value }, {});
      }
      const checked = checkWeight(body.json);
      if (!checked.ok) return checked;
      return withMeta(
        fridgeId,
        { kind: 'weight', shelfId: topic.shelfId, kg: checked.value.kg },
        checked.value,
      );
    }
    case 'deviceStatus': {
      if ('bare' in body) return refuse('malformed-payload', 'payload: device status must be a JSON object');
      const checked = checkDeviceStatus(body.json);
      if (!checked.ok) return checked;
      const { online, battery, rssi, firmware } = checked.value;
      const value: SensorValue = { kind: 'deviceStatus', deviceId: topic.deviceId, online };
      if (battery !== undefined) value.battery = battery;
      if (rssi !== undefined) value.rssi = rssi;
      if (firmware !== undefined) value.firmware = firmware;
      return withMeta(fridgeId, value, checked.value);
    }
    case 'state':
    case 'requests':
    case 'alerts':
      return refuse('not-authorized', `${topic.kind}: is published by the server only`);
  }
}

/**
 * One strict decoder for every message, not one made per message. A call without `stream` ends
 * its input, so an invalid or truncated payload leaves nothing behind for the next one
 * (`payloads.test.ts` decodes a valid message after each kind of bad one).
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one message a device published. Pure: the broker (embedded mode) and the server's
 * subscriber (external-broker mode) both call it, so both refuse exactly the same inputs.
 */
export function parseDeviceMessage(topicName: string, payload: Uint8Array): ParseResult<DeviceMessage> {
  if (payload.byteLength > LIMITS.payloadBytes) {
    return refuse('payload-too-large', `payload: ${payload.byteLength} bytes exceeds ${LIMITS.payloadBytes}`);
  }
  const topic = parseTopic(topicName);
  if (!topic)
    return refuse(
      'unknown-topic',
      `topic: ${JSON.stringify(topicName.slice(0, 200))} is not in the contract`,
    );
  let text: string;
  try {
    text = UTF8.decode(payload);
  } catch {
    return refuse('malformed-payload', 'payload: is not UTF-8');
  }
  return parseBody(topic, text);
}

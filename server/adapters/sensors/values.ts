import { LIMITS } from '../../../contract/payloads';
import type { Observation, SensorBinding, SourceRefusal } from './types';

/**
 * Reading values the way off-the-shelf firmware writes them: numbers that arrive as strings,
 * `nan` from a failed probe, `ON`/`OFF` or `true`/`false` for a switch, units that differ.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; refusal: SourceRefusal };

const fail = (refusal: Omit<SourceRefusal, 'source'>, source: string | null): Read<never> => ({
  ok: false,
  refusal: { ...refusal, source },
});

const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const NOT_A_NUMBER = new Set(['nan', '-nan', 'NaN', 'null', 'unknown', 'unavailable', 'inf', '-inf']);

/** A number, or a string holding one; `nan` (ESPHome's failed sensor) is named as such. */
export function readNumber(raw: unknown, field: string, source: string | null): Read<number> {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw };
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (DECIMAL.test(text)) return { ok: true, value: Number(text) };
    if (NOT_A_NUMBER.has(text))
      return fail(
        { reason: 'not-a-number', detail: `${field}: the sensor sent "${text}" (failed or unplugged?)` },
        source,
      );
  }
  if (raw === null) return fail({ reason: 'not-a-number', detail: `${field}: the sensor sent null` }, source);
  return fail({ reason: 'malformed-payload', detail: `${field}: expected a number` }, source);
}

// Maps, not object literals: `constructor` must not read as a switch state.
const SWITCH_WORDS = new Map<string, boolean>([
  ['on', true],
  ['off', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['open', true],
  ['close', false],
  ['closed', false],
]);

/** A two-state value: `ON`/`OFF`, `true`/`false`, `1`/`0`, `open`/`close`. */
export function readSwitch(raw: unknown, field: string, source: string | null): Read<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'number' && (raw === 0 || raw === 1)) return { ok: true, value: raw === 1 };
  if (typeof raw === 'string') {
    const state = SWITCH_WORDS.get(raw.trim().toLowerCase());
    if (state !== undefined) return { ok: true, value: state };
  }
  return fail(
    { reason: 'malformed-payload', detail: `${field}: expected ON/OFF, true/false or open/close` },
    source,
  );
}

/** °C from a value in `unit` (C or F; null means C). */
export function toCelsius(value: number, unit: string | null, source: string | null): Read<number> {
  const u = (unit ?? 'C').toUpperCase();
  if (u === 'C') return { ok: true, value };
  if (u === 'F') return { ok: true, value: Math.round((((value - 32) * 5) / 9) * 1000) / 1000 };
  return fail({ reason: 'wrong-unit', detail: `temperature unit "${unit}" is neither C nor F` }, source);
}

const KG_PER_UNIT = new Map<string, number>([
  ['kg', 1],
  ['g', 0.001],
  ['lb', 0.45359237],
]);

/** kg from a value in `unit` (kg, g or lb; null means kg). */
export function toKg(value: number, unit: string | null, source: string | null): Read<number> {
  const factor = KG_PER_UNIT.get((unit ?? 'kg').toLowerCase());
  if (factor === undefined)
    return fail({ reason: 'wrong-unit', detail: `weight unit "${unit}" is not kg, g or lb` }, source);
  return { ok: true, value: Math.round(value * factor * 1e6) / 1e6 };
}

function inRange(value: number, min: number, max: number, field: string, source: string): Read<number> {
  if (value < min || value > max)
    return fail(
      { reason: 'out-of-range', detail: `${field}: ${value} is not between ${min} and ${max}` },
      source,
    );
  return { ok: true, value };
}

/**
 * One bound sensor's raw value as an observation of its role, in our units and the contract's
 * limits. `declaredUnit` is what the message itself says (Tasmota `TempUnit`), which wins over
 * the binding's.
 */
export function observe(
  binding: SensorBinding,
  raw: unknown,
  declaredUnit: string | null = null,
): Read<Observation> {
  const { source } = binding;
  switch (binding.role) {
    case 'door': {
      const state = readSwitch(raw, source, source);
      if (!state.ok) return state;
      return { ok: true, value: { kind: 'door', binding, open: state.value !== binding.invert } };
    }
    case 'temperature': {
      const n = readNumber(raw, source, source);
      if (!n.ok) return n;
      const celsius = toCelsius(n.value, declaredUnit ?? binding.unit, source);
      if (!celsius.ok) return celsius;
      const checked = inRange(celsius.value, LIMITS.minCelsius, LIMITS.maxCelsius, `${source} °C`, source);
      if (!checked.ok) return checked;
      return { ok: true, value: { kind: 'temperature', binding, celsius: checked.value } };
    }
    case 'weight': {
      const n = readNumber(raw, source, source);
      if (!n.ok) return n;
      const kg = toKg(n.value, declaredUnit ?? binding.unit, source);
      if (!kg.ok) return kg;
      const checked = inRange(kg.value, LIMITS.minKg, LIMITS.maxKg, `${source} kg`, source);
      if (!checked.ok) return checked;
      return { ok: true, value: { kind: 'weight', binding, kg: checked.value } };
    }
    case 'battery': {
      const n = readNumber(raw, source, source);
      if (!n.ok) return n;
      const checked = inRange(n.value, 0, 100, `${source} battery %`, source);
      if (!checked.ok) return checked;
      return { ok: true, value: { kind: 'battery', binding, fraction: checked.value / 100 } };
    }
  }
}

/** A JSON object, or null when the text is not one. */
export function jsonObject(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A field of a parsed JSON object, never one inherited from Object.prototype. */
export function field(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** `online`/`offline` (also `Online`, `true`/`false`, `{"state":"online"}`), or null. */
export function readAvailability(text: string): boolean | null {
  const json = jsonObject(text);
  const raw = json ? field(json, 'state') : text.trim();
  if (typeof raw !== 'string') return null;
  const word = raw.toLowerCase();
  if (word === 'online' || word === 'true') return true;
  if (word === 'offline' || word === 'false') return false;
  return null;
}

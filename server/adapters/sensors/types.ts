import type { RefusalReason } from '../../../contract/payloads';

/** What a bound sensor stands for on its fridge. */
export type BindingRole = 'door' | 'temperature' | 'weight' | 'battery';

/**
 * One sensor of an adapter device, bound to one fridge: `source` is what the ecosystem calls the
 * sensor (a Zigbee2MQTT friendly name, an ESPHome `sensor/<object_id>`, a Tasmota key such as
 * `DS18B20-2`, a Shelly component such as `temperature:0`).
 */
export interface SensorBinding {
  source: string;
  role: BindingRole;
  fridgeId: string;
  /** The shelf a weight binding weighs; null for the other roles. */
  shelfId: string | null;
  /** Flips a door's open/closed (wiring: a reed switch closed when the door is shut, or open). */
  invert: boolean;
  /** What the sensor sends: `C`/`F` for temperature, `kg`/`g`/`lb` for weight; null: the usual. */
  unit: string | null;
  /** The field that carries the value when it is not the usual one (Zigbee2MQTT). */
  attribute: string | null;
}

/** What a device said about one bound sensor, in our units. */
export type Observation =
  | { kind: 'door'; binding: SensorBinding; open: boolean }
  | { kind: 'temperature'; binding: SensorBinding; celsius: number }
  | { kind: 'weight'; binding: SensorBinding; kg: number }
  | { kind: 'battery'; binding: SensorBinding; fraction: number }
  /** The device (source null) or one of its sensors came online or went away (LWT, availability). */
  | { kind: 'availability'; source: string | null; online: boolean };

export interface SourceRefusal {
  reason: RefusalReason;
  detail: string;
  /** The sensor it concerns, when one is named. */
  source: string | null;
}

/**
 * What one message said: zero or more observations, the refusals of the parts that could not be
 * read (one bad probe does not spoil its neighbours in the same Tasmota message), and the sources
 * it named, bound or not (what the organiser screen offers to bind).
 */
export interface Translation {
  observations: Observation[];
  refusals: SourceRefusal[];
  seen: string[];
  /** Device time in epoch ms when the message carried a zoned one (Shelly `params.ts`). */
  deviceTimeMs?: number;
}

export interface TranslateInput {
  /** The full topic name the message came on. */
  topic: string;
  /** The payload as UTF-8 text (the intake refuses what is not). */
  payload: string;
  /** The device's registered topic root. */
  root: string;
  bindings: readonly SensorBinding[];
}

/** A pure translator: one per ecosystem, no I/O, no clock. */
export type Translator = (input: TranslateInput) => Translation;

export const nothing = (): Translation => ({ observations: [], refusals: [], seen: [] });

export const refusedWhole = (
  reason: RefusalReason,
  detail: string,
  source: string | null = null,
): Translation => ({
  observations: [],
  refusals: [{ reason, detail, source }],
  seen: source === null ? [] : [source],
});

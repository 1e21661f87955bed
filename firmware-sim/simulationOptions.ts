import { FRIDGE_KINDS, isSlug } from '../contract';
import type { BackoffOptions } from './backoff';
import { faultProblems } from './faults';
import { SENSOR_FORMATS, type SensorFormat } from './formats';
import type { SimulationLogger } from './logger';
import type { BehaviourProfile, ProfileName } from './profiles';
import { PROFILES } from './profiles';
import type { DeviceCredentials } from './simulatedDevice';
import type { SimulatedFridge } from './types';

export interface SimulationFridge extends SimulatedFridge {
  /** The one device that carries this fridge's sensors. */
  device: DeviceCredentials & {
    /** Overrides `SimulationOptions.mqttUrl` for this device. */
    mqttUrl?: string;
  };
  /** Overrides `SimulationOptions.profile` for this fridge (e.g. 'still' for a fridge with an incident). */
  profile?: ProfileName | BehaviourProfile;
  /**
   * The fridge was simulated this long before the start, its device cut off: the readings of
   * that time are uploaded (with their `ts`) when it first connects, as a device coming back
   * online does. Faults may start this far before the start. Needs speed 1. Default 0.
   */
  historyMs?: number;
  /** Overrides `SimulationOptions.format` for this fridge's device. */
  format?: SensorFormat;
  /**
   * The device's root topic in its format (Zigbee2MQTT base topic, ESPHome prefix, Tasmota
   * `Topic`, Shelly prefix); default `defaultFormatTopic`. Unused by the native contract.
   */
  topic?: string;
}

export interface SimulationOptions {
  /** Broker URL, e.g. `mqtt://localhost:1883`. */
  mqttUrl: string;
  fridges: readonly SimulationFridge[];
  /**
   * Simulated time per real time: 60 runs one simulated minute per real second. Payloads carry
   * `ts` only at speed 1, since the server would flag simulated future timestamps as clock skew.
   * Default 1.
   */
  speed?: number;
  /** Same seed, same fridge behaviour. Default 1. */
  seed?: number;
  /** 'realistic' (default) or 'demo' (a visit every ~20-60 s per fridge, for the demo site). */
  profile?: ProfileName | BehaviourProfile;
  /** Writes the ground truth as JSON lines to this file (truncated first). */
  truthFile?: string;
  logger?: SimulationLogger;
  /** Simulated start, epoch ms; default now. */
  startMs?: number;
  /** Local time of the fridges; default this machine's offset at the start. */
  utcOffsetMinutes?: number;
  /** Real ms between model steps; default 500. */
  tickMs?: number;
  /** Readings a device keeps while offline; default 10,000. */
  offlineBufferLimit?: number;
  /** Reconnect backoff; default 1 s doubling to 60 s. */
  reconnect?: Partial<BackoffOptions>;
  /**
   * First seq of every device; default the wall clock in ms, so a restarted simulator keeps
   * counting upward as the server's deduplication expects (unless it sent >1 message per ms).
   */
  firstSeq?: number;
  /** What the devices speak (`formats/`); default 'native', the project's own contract. */
  format?: SensorFormat;
  /** Real time source; default `Date.now`. */
  clock?: { nowMs(): number };
}

const positive = (value: number | undefined) => value === undefined || (Number.isFinite(value) && value > 0);

/** Checks the options once; throws one error listing `path: message` for every bad field. */
export function validateSimulationOptions(options: SimulationOptions): void {
  const problems: string[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push(`${path}: ${message}`);
  };
  check(
    typeof options.mqttUrl === 'string' && /^mqtts?:\/\/|^wss?:\/\//.test(options.mqttUrl),
    'mqttUrl',
    'must be an mqtt://, mqtts://, ws:// or wss:// URL',
  );
  check(positive(options.speed), 'speed', 'must be a positive number');
  check(
    options.format === undefined || SENSOR_FORMATS.includes(options.format),
    'format',
    `must be one of ${SENSOR_FORMATS.join(', ')}`,
  );
  check(positive(options.tickMs), 'tickMs', 'must be a positive number');
  check(options.seed === undefined || Number.isInteger(options.seed), 'seed', 'must be an integer');
  check(
    options.offlineBufferLimit === undefined ||
      (Number.isInteger(options.offlineBufferLimit) && options.offlineBufferLimit > 0),
    'offlineBufferLimit',
    'must be a positive integer',
  );
  check(
    options.firstSeq === undefined || (Number.isSafeInteger(options.firstSeq) && options.firstSeq >= 0),
    'firstSeq',
    'must be a non-negative integer',
  );
  check(
    typeof options.profile !== 'string' || options.profile in PROFILES,
    'profile',
    `must be one of ${Object.keys(PROFILES).join(', ')}`,
  );
  check(
    Array.isArray(options.fridges) && options.fridges.length > 0,
    'fridges',
    'must list at least one fridge',
  );
  const fridgeIds = new Set<string>();
  const deviceIds = new Set<string>();
  (options.fridges ?? []).forEach((fridge, i) => {
    const at = `fridges/${i}`;
    check(isSlug(fridge.fridgeId), `${at}/fridgeId`, 'must be a slug (a-z, 0-9, -)');
    check(!fridgeIds.has(fridge.fridgeId), `${at}/fridgeId`, 'is used twice');
    fridgeIds.add(fridge.fridgeId);
    check(FRIDGE_KINDS.includes(fridge.kind), `${at}/kind`, `must be one of ${FRIDGE_KINDS.join(', ')}`);
    check(isSlug(fridge.device?.deviceId), `${at}/device/deviceId`, 'must be a slug (a-z, 0-9, -)');
    check(!deviceIds.has(fridge.device?.deviceId), `${at}/device/deviceId`, 'is used twice');
    deviceIds.add(fridge.device?.deviceId);
    check(
      (fridge.device?.username === undefined) === (fridge.device?.password === undefined),
      `${at}/device`,
      'needs both username and password, or neither',
    );
    check(
      typeof fridge.profile !== 'string' || fridge.profile in PROFILES,
      `${at}/profile`,
      `must be one of ${Object.keys(PROFILES).join(', ')}`,
    );
    check(
      fridge.format === undefined || SENSOR_FORMATS.includes(fridge.format),
      `${at}/format`,
      `must be one of ${SENSOR_FORMATS.join(', ')}`,
    );
    check(
      fridge.topic === undefined ||
        (typeof fridge.topic === 'string' && fridge.topic.length > 0 && !/[#+]/.test(fridge.topic)),
      `${at}/topic`,
      'must be a topic name without wildcards',
    );
    const historyMs = fridge.historyMs ?? 0;
    check(Number.isFinite(historyMs) && historyMs >= 0, `${at}/historyMs`, 'must be a number >= 0');
    check(
      historyMs === 0 || (options.speed ?? 1) === 1,
      `${at}/historyMs`,
      'needs speed 1 (readings from before the start must carry their ts)',
    );
    problems.push(...faultProblems(fridge.faults, fridge.kind, at));
    (Array.isArray(fridge.faults) ? fridge.faults : []).forEach((fault, j) => {
      check(
        !(fault?.startAfterMs < -historyMs),
        `${at}/faults/${j}/startAfterMs`,
        `starts before the fridge's history (historyMs ${historyMs})`,
      );
    });
    check(
      Array.isArray(fridge.shelves) && fridge.shelves.length > 0,
      `${at}/shelves`,
      'must list at least one shelf',
    );
    const shelfIds = new Set<string>();
    (fridge.shelves ?? []).forEach((shelf, j) => {
      const shelfAt = `${at}/shelves/${j}`;
      check(
        isSlug(shelf.id) && !shelfIds.has(shelf.id),
        `${shelfAt}/id`,
        'must be a slug, unique in the fridge',
      );
      shelfIds.add(shelf.id);
      check(Number.isFinite(shelf.tareKg) && shelf.tareKg >= 0, `${shelfAt}/tareKg`, 'must be a number >= 0');
      check(
        Number.isFinite(shelf.capacityKg) && shelf.capacityKg > 0,
        `${shelfAt}/capacityKg`,
        'must be a positive number',
      );
    });
  });
  if (problems.length > 0) throw new Error(`invalid simulation options: ${problems.join('; ')}`);
}

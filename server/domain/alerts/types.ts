import type { SensorValue } from '../../../contract/payloads';
import { type IdRecord, idRecord } from '../idRecord';
import type { AlertsConfig, FridgeAlertSettings } from './config';
import type { GapLog } from './gapLog';

/** Times are epoch milliseconds, temperatures °C. */

export const ALERT_TYPES = [
  'tooWarm',
  'tooCold',
  'doorAjar',
  'doorSwitchFaulty',
  'deviceSilent',
  'probeSilent',
  'lowBattery',
  'sensorFault',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export type AlertCategory = 'foodSafety' | 'deviceHealth';
export const ALERT_CATEGORY: Readonly<Record<AlertType, AlertCategory>> = Object.freeze({
  tooWarm: 'foodSafety',
  tooCold: 'foodSafety',
  doorAjar: 'foodSafety',
  doorSwitchFaulty: 'deviceHealth',
  deviceSilent: 'deviceHealth',
  probeSilent: 'deviceHealth',
  lowBattery: 'deviceHealth',
  sensorFault: 'deviceHealth',
});

export type Severity = 'warning' | 'critical';
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { warning: 1, critical: 2 };

export const ALERT_STATUSES = ['active', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface Acknowledgement {
  by: string;
  atMs: number;
  note: string | null;
}

/** What a rule found, beyond "present": the figures the notice and the log need. */
export interface AlertDetails {
  /** tooWarm: the temperature rose steadily with the door closed (a power cut or a dead compressor). */
  steadyRise?: boolean;
  /** tooWarm: time above the total limit in this excursion. */
  warmTotalMs?: number;
  /** deviceSilent, lowBattery: which devices. */
  deviceIds?: string[];
  /** deviceSilent: a device's last will said it went offline. */
  offline?: boolean;
  /** lowBattery: the lowest charge, 0..1. */
  battery?: number;
  /** sensorFault: the shelves whose load cell misbehaves, with why. */
  shelves?: Array<{ shelfId: string; reason: string }>;
}

/**
 * How far an alert's notices have reached, in restock's circles (`domain/restock/circles.ts`):
 * 0, the fridge's own volunteers and the organisers; 1, the volunteers of its area too (of the
 * whole site, for a fridge without an area), which is everyone restock's last circle reaches.
 * See `alertAudience` in `audience.ts`.
 */
export type AlertCircle = 0 | 1;
export const WIDEST_ALERT_CIRCLE: AlertCircle = 1;

/**
 * One alert: at most one unresolved per fridge and type.
 * `active` → `acknowledged` → `resolved` (by itself, once the condition has stayed clear).
 */
export interface Alert {
  id: string;
  fridgeId: string;
  type: AlertType;
  category: AlertCategory;
  severity: Severity;
  status: AlertStatus;
  /** When the condition began (a warm run's first reading, the door opening, the last message). */
  startedAtMs: number;
  /** When the rule fired. */
  raisedAtMs: number;
  /** When the severity last rose; null if it never did. */
  escalatedAtMs: number | null;
  /** Since when the condition has been clear; null while present. */
  clearedAtMs: number | null;
  resolvedAtMs: number | null;
  acknowledgement: Acknowledgement | null;
  /** Warmest (tooWarm) or coldest (tooCold) reading while it lasted. */
  peakCelsius: number | null;
  details: AlertDetails;
  /** When an unacknowledged alert is sent again; null: never. */
  nextNoticeAtMs: number | null;
  /** The widest circle told so far: a warning starts at 0, a critical alert at the widest. */
  circle: AlertCircle;
  /** When an unacknowledged alert is told to the next circle; null: never (acknowledged, or widest). */
  widenAtMs: number | null;
}

/** How long it lasted: from the start of the condition to the moment it cleared (or `nowMs`). */
export const alertDurationMs = (alert: Alert, nowMs: number): number =>
  Math.max(0, (alert.clearedAtMs ?? nowMs) - alert.startedAtMs);

/** A continuous run of readings above the warning limit. */
export interface WarmRun {
  startMs: number;
  startCelsius: number;
  maxCelsius: number;
  /** Readings that fell clearly below the run's maximum: not a steady rise. */
  drops: number;
  /** Time above the total limit within the run. */
  warmTotalMs: number;
  /** First reading of the run outside a recovery window; null while every reading was inside one. */
  qualifiedAtMs: number | null;
  /** First reading of the current stretch above `criticalAboveCelsius` outside a window. */
  hotSinceMs: number | null;
  /** The door opened during the run (or its window reached into it). */
  doorInvolved: boolean;
}

export interface TemperatureTrack {
  last: { atMs: number; celsius: number } | null;
  run: WarmRun | null;
  /** Time above the total limit in the current tooWarm alert's excursion. */
  excursionWarmMs: number;
  coldSinceMs: number | null;
}

export interface DoorTrack {
  open: boolean;
  /** When it opened (open) or closed (closed); null before the first door reading. */
  sinceMs: number | null;
  /** Shelf weights when the door opened. */
  weightsAtOpen: IdRecord<number>;
  weightChanged: boolean;
  /** When the door last closed: the start of the recovery window. */
  lastClosedMs: number | null;
}

/** A device's gaps between messages over the last day (`gapLog.ts`). */
export type { GapLog } from './gapLog';

export interface DeviceTrack {
  /** Receive time of its last message (wall clock: silence is about now, not about `ts`). */
  lastHeardMs: number;
  /** Gaps between its messages over the last day, oldest first. */
  gaps: GapLog;
  /** Its last will (or status) said offline, and nothing was heard since. */
  offline: boolean;
  battery: number | null;
}

/** What the alert rules remember per fridge; the records keyed by ids are `IdRecord`s (`idRecord.ts`). */
export interface FridgeAlertState {
  temperature: TemperatureTrack;
  door: DoorTrack;
  shelfKg: IdRecord<number>;
  devices: IdRecord<DeviceTrack>;
  /** The temperature probe as a source of its own: a device may report weights with the probe unplugged. */
  probe?: DeviceTrack | null;
  shelfFaults: Array<{ shelfId: string; reason: string }>;
  /** Unresolved alerts by type. */
  alerts: Partial<Record<AlertType, Alert>>;
}

export const initialAlertState = (): FridgeAlertState => ({
  temperature: { last: null, run: null, excursionWarmMs: 0, coldSinceMs: null },
  door: { open: false, sinceMs: null, weightsAtOpen: idRecord(), weightChanged: false, lastClosedMs: null },
  shelfKg: idRecord(),
  devices: idRecord(),
  probe: null,
  shelfFaults: [],
  alerts: {},
});

/**
 * A rules' state built by one object literal: every state made here shares one hidden class. A
 * spread (`{ ...state, alerts }`) gives the copy its source's class, so a state read back from a
 * saved row while V8 was handing out classes of their own (`../idRecord.ts`) passed its class on
 * to every later step of that fridge.
 */
export function alertState(parts: FridgeAlertState): FridgeAlertState {
  return {
    temperature: parts.temperature,
    door: parts.door,
    shelfKg: parts.shelfKg,
    devices: parts.devices,
    probe: parts.probe,
    shelfFaults: parts.shelfFaults,
    alerts: parts.alerts,
  };
}

/** Everything the rules see besides state, event and time. */
export interface AlertContext {
  fridgeId: string;
  config: AlertsConfig;
  settings: FridgeAlertSettings;
  /** The fridge's registered devices; tracks of others are forgotten. */
  deviceIds: readonly string[];
  newAlertId: () => string;
}

export type AlertEvent =
  /**
   * A committed reading; the step's `nowMs` is its measured time (`ts`), so buffered readings
   * raise and resolve alerts as if they had come live. `receivedAtMs` is when it arrived.
   */
  | { type: 'reading'; deviceId: string | null; receivedAtMs: number; value: SensorValue }
  /** The stock estimator's verdict on each shelf's load cell (all faulty shelves, or none). */
  | { type: 'shelfFaults'; faults: Array<{ shelfId: string; reason: string }> }
  /** An organiser (or a signed link) acknowledges an alert. */
  | { type: 'acknowledge'; alertId: string; by: string; note: string | null }
  /** Time passed: door, silence, resolution and re-sends fire on this, never on the next message. */
  | { type: 'tick' };

/** `escalated`: its severity rose; `widened`: unacknowledged too long, the next circle is told. */
export type AlertChange = 'raised' | 'escalated' | 'widened' | 'acknowledged' | 'reminder' | 'resolved';

/** One change of an alert: stored, published, and (except acknowledged) told to volunteers. */
export interface AlertEffect {
  type: 'alertChanged';
  change: AlertChange;
  alert: Alert;
}

export type AlertRefusal = { reason: 'no-such-alert' } | { reason: 'already-resolved'; alert: Alert };

export interface AlertStep {
  state: FridgeAlertState;
  effects: AlertEffect[];
  refusal: AlertRefusal | null;
}

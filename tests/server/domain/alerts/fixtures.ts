import type { SensorValue } from '../../../../contract/payloads';
import {
  DEFAULT_ALERTS_CONFIG,
  defaultAlertSettings,
  type FridgeAlertSettings,
} from '../../../../server/domain/alerts/config';
import { alertStep, nextAlertDeadline } from '../../../../server/domain/alerts/rules';
import {
  type Alert,
  type AlertContext,
  type AlertEffect,
  type AlertEvent,
  type AlertType,
  type FridgeAlertState,
  initialAlertState,
} from '../../../../server/domain/alerts/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Tuesday 1 December 2026, 09:00 UTC: every scenario starts here, whatever the wall clock says. */
export const T0 = Date.UTC(2026, 11, 1, 9, 0);

export function context(
  overrides: Partial<AlertContext> = {},
  settings: Partial<FridgeAlertSettings> = {},
): AlertContext {
  let count = 0;
  return {
    fridgeId: 'elm-st',
    config: DEFAULT_ALERTS_CONFIG,
    settings: { ...defaultAlertSettings('fridge'), ...settings },
    deviceIds: ['elm-sensor'],
    newAlertId: () => `a-${++count}`,
    ...overrides,
  };
}

/** Feeds events in order, each at its own time, and keeps every effect with the time it came. */
export class Scenario {
  state: FridgeAlertState = initialAlertState();
  effects: Array<AlertEffect & { atMs: number }> = [];

  constructor(readonly ctx: AlertContext = context()) {}

  at(atMs: number, event: AlertEvent): AlertEffect[] {
    const step = alertStep(this.state, event, atMs, this.ctx);
    this.state = step.state;
    for (const effect of step.effects) this.effects.push({ ...effect, atMs });
    return step.effects;
  }

  /** A reading measured at `atMs`, received then too unless `receivedAtMs` says otherwise. */
  reading(
    atMs: number,
    value: SensorValue,
    receivedAtMs = atMs,
    deviceId: string | null = 'elm-sensor',
  ): AlertEffect[] {
    return this.at(atMs, { type: 'reading', deviceId, receivedAtMs, value });
  }

  celsius(atMs: number, celsius: number, receivedAtMs = atMs): AlertEffect[] {
    return this.reading(atMs, { kind: 'temperature', celsius }, receivedAtMs);
  }

  door(atMs: number, open: boolean, receivedAtMs = atMs): AlertEffect[] {
    return this.reading(atMs, { kind: 'door', open }, receivedAtMs);
  }

  /** One reading a minute from `fromMs` (inclusive) to `toMs` (exclusive), the temperature by time. */
  temperatures(fromMs: number, toMs: number, celsiusAt: (atMs: number) => number, stepMs = MINUTE): void {
    for (let t = fromMs; t < toMs; t += stepMs) this.celsius(t, celsiusAt(t));
  }

  /** Ticks as the feature's timer would: at every deadline up to `toMs`, then at `toMs`. */
  runUntil(toMs: number): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const deadline = nextAlertDeadline(this.state, this.ctx);
      if (deadline === null || deadline > toMs) break;
      this.at(deadline, { type: 'tick' });
    }
    this.at(toMs, { type: 'tick' });
  }

  changes(type?: AlertType): string[] {
    return this.effects
      .filter((e) => type === undefined || e.alert.type === type)
      .map((e) => `${e.alert.type}:${e.change}:${e.alert.severity}`);
  }

  last(type: AlertType, change?: string): (AlertEffect & { atMs: number }) | undefined {
    return this.effects
      .filter((e) => e.alert.type === type && (change === undefined || e.change === change))
      .at(-1);
  }

  active(type: AlertType): Alert | undefined {
    return this.state.alerts[type];
  }
}

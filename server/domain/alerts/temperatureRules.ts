import { type TemperatureThresholds, thresholdsOf } from './config';
import type { Condition } from './lifecycle';
import type { Alert, AlertContext, DoorTrack, FridgeAlertState, TemperatureTrack, WarmRun } from './types';

/**
 * A fall of this much below a run's maximum is a real fall, not probe noise (a DS18B20 reads in
 * 0.0625 °C steps with ~0.05 °C of noise): such a run is no steady rise.
 */
const DROP_CELSIUS = 0.3;
/** A steady rise must climb at least this much to be called one. */
const STEADY_RISE_MIN_CELSIUS = 1;

/** Whether an air probe at `atMs` may read warm because of a door: open now, or closed lately. */
export function inRecoveryWindow(door: DoorTrack, atMs: number, context: AlertContext): boolean {
  if (context.settings.probe === 'buffered') return false;
  if (door.open && door.sinceMs !== null && atMs >= door.sinceMs) return true;
  return (
    door.lastClosedMs !== null &&
    atMs >= door.lastClosedMs &&
    atMs - door.lastClosedMs < context.config.recoveryWindowMs
  );
}

export interface TemperatureOutcome {
  track: TemperatureTrack;
  warm: Condition | null;
  cold: Condition | null;
}

function extendRun(
  run: WarmRun | null,
  celsius: number,
  atMs: number,
  addWarmMs: number,
  inWindow: boolean,
  th: TemperatureThresholds,
): WarmRun {
  const base: WarmRun = run ?? {
    startMs: atMs,
    startCelsius: celsius,
    maxCelsius: celsius,
    drops: 0,
    warmTotalMs: 0,
    qualifiedAtMs: null,
    hotSinceMs: null,
    doorInvolved: false,
  };
  const hot = th.criticalAboveCelsius !== null && celsius > th.criticalAboveCelsius;
  return {
    ...base,
    maxCelsius: Math.max(base.maxCelsius, celsius),
    drops: base.drops + (celsius < base.maxCelsius - DROP_CELSIUS ? 1 : 0),
    warmTotalMs: base.warmTotalMs + (run ? addWarmMs : 0),
    qualifiedAtMs: base.qualifiedAtMs ?? (inWindow ? null : atMs),
    hotSinceMs: hot ? (base.hotSinceMs ?? (inWindow ? null : atMs)) : null,
    doorInvolved: base.doorInvolved || inWindow,
  };
}

const isSteadyRise = (run: WarmRun) =>
  !run.doorInvolved && run.drops === 0 && run.maxCelsius - run.startCelsius >= STEADY_RISE_MIN_CELSIUS;

/**
 * The temperature rules on one reading, in measured time:
 * - warning: above the limit for `warnForMs` in a row, counted from the first reading outside a
 *   recovery window (an air probe reads warm after every door session; that is not a fault);
 * - critical: the time above the total limit adds up to `criticalTotalMs` within one excursion
 *   (window readings count once a run has left the window), or above `criticalAboveCelsius` for
 *   `criticalForMs` in a row outside a window, or above `criticalAtOnceAboveCelsius` at all;
 * - cold: below `coldBelowCelsius` for `coldForMs` in a row.
 * An excursion lasts as long as its alert: readings that dip below the limit and come back
 * within the hold time belong to it. While its condition is clear, a window reading (a visit)
 * does not bring it back.
 */
export function onTemperature(
  state: Pick<FridgeAlertState, 'temperature' | 'door' | 'alerts'>,
  celsius: number,
  atMs: number,
  context: AlertContext,
): TemperatureOutcome {
  const th = thresholdsOf(context.settings);
  const previous = state.temperature;
  const last = previous.last;
  if (last && atMs < last.atMs) {
    // Older than what the rules have seen (out of order): kept in the log, judged by nobody.
    return { track: previous, warm: null, cold: null };
  }
  const gapMs = last ? atMs - last.atMs : 0;
  const countable = last !== null && gapMs <= context.config.maxReadingGapMs;
  const addWarmMs =
    countable && th.criticalTotalAboveCelsius !== null && last.celsius > th.criticalTotalAboveCelsius
      ? gapMs
      : 0;
  const inWindow = inRecoveryWindow(state.door, atMs, context);
  const above = th.warnAboveCelsius !== null && celsius > th.warnAboveCelsius;
  const run = above ? extendRun(previous.run, celsius, atMs, addWarmMs, inWindow, th) : null;
  const existing = state.alerts.tooWarm;
  const excursionWarmMs = existing ? previous.excursionWarmMs + addWarmMs : (run?.warmTotalMs ?? 0);
  const coldSinceMs =
    th.coldBelowCelsius !== null && celsius < th.coldBelowCelsius ? (previous.coldSinceMs ?? atMs) : null;
  const track: TemperatureTrack = { last: { atMs, celsius }, run, excursionWarmMs, coldSinceMs };
  return {
    track,
    warm: warmCondition(existing, run, celsius, atMs, inWindow, excursionWarmMs, th),
    cold: coldCondition(state.alerts.tooCold, coldSinceMs, celsius, atMs, th),
  };
}

function warmCondition(
  existing: Alert | undefined,
  run: WarmRun | null,
  celsius: number,
  atMs: number,
  inWindow: boolean,
  excursionWarmMs: number,
  th: TemperatureThresholds,
): Condition | null {
  const atOnce = th.criticalAtOnceAboveCelsius !== null && celsius > th.criticalAtOnceAboveCelsius;
  const hot = run?.hotSinceMs != null && atMs - run.hotSinceMs >= th.criticalForMs;
  const totalReached = excursionWarmMs >= th.criticalTotalMs;
  const details = {
    steadyRise: (existing?.details.steadyRise ?? false) || (run !== null && isSteadyRise(run)),
    warmTotalMs: excursionWarmMs,
  };
  if (existing) {
    if (!run && !atOnce) return null;
    // A visit while the alert is clearing is not the fault coming back.
    if (existing.clearedAtMs !== null && inWindow && !atOnce) return null;
    const severity = atOnce || hot || totalReached ? 'critical' : 'warning';
    return { severity, startedAtMs: existing.startedAtMs, peakCelsius: celsius, details };
  }
  if (!run) return atOnce ? { severity: 'critical', startedAtMs: atMs, peakCelsius: celsius, details } : null;
  const qualified = run.qualifiedAtMs !== null;
  const critical = atOnce || hot || (qualified && totalReached);
  const warning = qualified && run.qualifiedAtMs !== null && atMs - run.qualifiedAtMs >= th.warnForMs;
  if (!critical && !warning) return null;
  return {
    severity: critical ? 'critical' : 'warning',
    startedAtMs: run.startMs,
    peakCelsius: run.maxCelsius,
    details,
  };
}

function coldCondition(
  existing: Alert | undefined,
  coldSinceMs: number | null,
  celsius: number,
  atMs: number,
  th: TemperatureThresholds,
): Condition | null {
  if (coldSinceMs === null) return null;
  if (!existing && atMs - coldSinceMs < th.coldForMs) return null;
  return { severity: 'warning', startedAtMs: existing?.startedAtMs ?? coldSinceMs, peakCelsius: celsius };
}

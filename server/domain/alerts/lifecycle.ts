import {
  ALERT_CATEGORY,
  type Alert,
  type AlertCircle,
  type AlertContext,
  type AlertDetails,
  type AlertEffect,
  type AlertType,
  type FridgeAlertState,
  SEVERITY_RANK,
  type Severity,
  WIDEST_ALERT_CIRCLE,
} from './types';

/** A rule's verdict: the condition is present, since when, and how bad. */
export interface Condition {
  severity: Severity;
  startedAtMs: number;
  /** When the rule would have fired, if that was before the moment it is evaluated (buffered data). */
  firedAtMs?: number;
  peakCelsius?: number | null;
  details?: AlertDetails;
  /**
   * When its notice actually goes out (a buffered reading's receive time): re-sends count from
   * here, not from the measured moment hours ago.
   */
  noticeAtMs?: number;
}

export type Alerts = FridgeAlertState['alerts'];

/** The coldest reading is the peak of a cold alert; the warmest of every other. */
const lowerIsWorse = (type: AlertType) => type === 'tooCold';

function mergePeak(type: AlertType, a: number | null, b: number | null | undefined): number | null {
  if (b === undefined || b === null) return a;
  if (a === null) return b;
  return lowerIsWorse(type) ? Math.min(a, b) : Math.max(a, b);
}

/** When an unacknowledged alert is sent again: critical ones and low batteries only. */
function nextNoticeAt(
  type: AlertType,
  severity: Severity,
  atMs: number,
  context: AlertContext,
): number | null {
  if (severity === 'critical') return atMs + context.config.resendCriticalEveryMs;
  if (type === 'lowBattery') return atMs + context.config.remindBatteryEveryMs;
  return null;
}

/**
 * The circle an alert starts at: food at risk cannot wait for a circle to answer, so a critical
 * alert reaches every circle at once; a warning starts near and widens while nobody acknowledges it.
 */
const firstCircle = (severity: Severity): AlertCircle => (severity === 'critical' ? WIDEST_ALERT_CIRCLE : 0);

/** When an unacknowledged alert at `circle`, told at `atMs`, is told to the next circle. */
const widenAt = (circle: AlertCircle, atMs: number, context: AlertContext): number | null =>
  circle < WIDEST_ALERT_CIRCLE ? atMs + context.config.escalateAfterMs : null;

const sameDetails = (a: AlertDetails, b: AlertDetails) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies one rule's verdict at `atMs` to the fridge's alerts: raises an alert, raises its
 * severity (never lowers it), notes the moment its condition cleared, or leaves it. Returns the
 * same object when nothing changed.
 */
export function applyCondition(
  alerts: Alerts,
  type: AlertType,
  condition: Condition | null,
  atMs: number,
  context: AlertContext,
  effects: AlertEffect[],
): Alerts {
  const existing = alerts[type];
  if (condition === null) {
    if (!existing || existing.clearedAtMs !== null) return alerts;
    return { ...alerts, [type]: { ...existing, clearedAtMs: atMs } };
  }
  if (!existing) {
    const raisedAtMs = Math.min(atMs, condition.firedAtMs ?? atMs);
    const toldAtMs = Math.max(atMs, condition.noticeAtMs ?? atMs);
    const circle = firstCircle(condition.severity);
    const alert: Alert = {
      id: context.newAlertId(),
      fridgeId: context.fridgeId,
      type,
      category: ALERT_CATEGORY[type],
      severity: condition.severity,
      status: 'active',
      startedAtMs: Math.min(condition.startedAtMs, raisedAtMs),
      raisedAtMs,
      escalatedAtMs: null,
      clearedAtMs: null,
      resolvedAtMs: null,
      acknowledgement: null,
      peakCelsius: condition.peakCelsius ?? null,
      details: condition.details ?? {},
      nextNoticeAtMs: nextNoticeAt(type, condition.severity, toldAtMs, context),
      circle,
      // Counted from when the notice went out: a buffered upload's alert widens 30 min after it.
      widenAtMs: widenAt(circle, toldAtMs, context),
    };
    effects.push({ type: 'alertChanged', change: 'raised', alert });
    return { ...alerts, [type]: alert };
  }
  const rises = SEVERITY_RANK[condition.severity] > SEVERITY_RANK[existing.severity];
  const peakCelsius = mergePeak(type, existing.peakCelsius, condition.peakCelsius);
  const details = condition.details ?? existing.details;
  if (!rises) {
    if (
      existing.clearedAtMs === null &&
      peakCelsius === existing.peakCelsius &&
      sameDetails(details, existing.details)
    )
      return alerts;
    return { ...alerts, [type]: { ...existing, clearedAtMs: null, peakCelsius, details } };
  }
  // Worse news is news: an acknowledged alert that turns critical is unacknowledged again.
  const escalated: Alert = {
    ...existing,
    severity: condition.severity,
    status: 'active',
    escalatedAtMs: atMs,
    clearedAtMs: null,
    peakCelsius,
    details,
    nextNoticeAtMs: nextNoticeAt(
      type,
      condition.severity,
      Math.max(atMs, condition.noticeAtMs ?? atMs),
      context,
    ),
    circle: firstCircle(condition.severity),
    widenAtMs: null,
  };
  effects.push({ type: 'alertChanged', change: 'escalated', alert: escalated });
  return { ...alerts, [type]: escalated };
}

/**
 * Resolves alerts whose condition has stayed clear for the hold time (resolved at the end of the
 * hold, so buffered readings resolve in measured time) and, when `remind`, widens the
 * unacknowledged ones to their next circle (once per circle, `escalateAfterMs` apart, like an
 * unclaimed restock request) and re-sends those that are due.
 */
/** How long an alert's condition must stay clear before it resolves: short for a shut door. */
function resolveHoldMs(alert: Alert, context: AlertContext): number {
  return alert.type === 'doorAjar' || alert.type === 'doorSwitchFaulty'
    ? context.config.doorResolveAfterMs
    : context.config.resolveAfterMs;
}

export function settleAlerts(
  alerts: Alerts,
  nowMs: number,
  remind: boolean,
  context: AlertContext,
  effects: AlertEffect[],
): Alerts {
  let next = alerts;
  for (const alert of Object.values(alerts)) {
    if (!alert) continue;
    if (alert.clearedAtMs !== null) {
      const resolvedAtMs = alert.clearedAtMs + resolveHoldMs(alert, context);
      if (nowMs < resolvedAtMs) continue;
      const resolved: Alert = {
        ...alert,
        status: 'resolved',
        resolvedAtMs,
        nextNoticeAtMs: null,
        widenAtMs: null,
      };
      effects.push({ type: 'alertChanged', change: 'resolved', alert: resolved });
      next = { ...next };
      delete next[alert.type];
      continue;
    }
    if (!remind || alert.status !== 'active') continue;
    let current = alert;
    if (current.widenAtMs !== null && nowMs >= current.widenAtMs && current.circle < WIDEST_ALERT_CIRCLE) {
      const circle = (current.circle + 1) as AlertCircle;
      current = { ...current, circle, widenAtMs: widenAt(circle, nowMs, context) };
      effects.push({ type: 'alertChanged', change: 'widened', alert: current });
      next = { ...next, [alert.type]: current };
    }
    if (current.nextNoticeAtMs !== null && nowMs >= current.nextNoticeAtMs) {
      const interval = current.nextNoticeAtMs - current.raisedAtMs;
      const reminded: Alert = {
        ...current,
        nextNoticeAtMs: nextNoticeAt(current.type, current.severity, nowMs, context) ?? nowMs + interval,
      };
      effects.push({ type: 'alertChanged', change: 'reminder', alert: reminded });
      next = { ...next, [alert.type]: reminded };
    }
  }
  return next;
}

/** The earliest moment at which time alone may resolve, widen or re-send one of these alerts. */
export function nextLifecycleDeadline(alerts: Alerts, context: AlertContext): number | null {
  let next: number | null = null;
  for (const alert of Object.values(alerts)) {
    if (!alert) continue;
    const dues =
      alert.clearedAtMs !== null
        ? [alert.clearedAtMs + resolveHoldMs(alert, context)]
        : alert.status === 'active'
          ? [alert.nextNoticeAtMs, alert.widenAtMs]
          : [];
    for (const due of dues) if (due !== null && (next === null || due < next)) next = due;
  }
  return next;
}

/** An open alert of a removed fridge: resolved now, without notices (its history stays in the log). */
export const closedWithFridge = (alert: Alert, nowMs: number): Alert => ({
  ...alert,
  status: 'resolved',
  clearedAtMs: alert.clearedAtMs ?? nowMs,
  resolvedAtMs: nowMs,
  nextNoticeAtMs: null,
  widenAtMs: null,
});

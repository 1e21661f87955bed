import {
  ALERT_CATEGORY,
  type Alert,
  type AlertContext,
  type AlertDetails,
  type AlertEffect,
  type AlertType,
  type FridgeAlertState,
  SEVERITY_RANK,
  type Severity,
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
      nextNoticeAtMs: nextNoticeAt(
        type,
        condition.severity,
        Math.max(atMs, condition.noticeAtMs ?? atMs),
        context,
      ),
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
  };
  effects.push({ type: 'alertChanged', change: 'escalated', alert: escalated });
  return { ...alerts, [type]: escalated };
}

/**
 * Resolves alerts whose condition has stayed clear for the hold time (resolved at the end of the
 * hold, so buffered readings resolve in measured time) and, when `remind`, re-sends the
 * unacknowledged ones that are due.
 */
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
      const resolvedAtMs = alert.clearedAtMs + context.config.resolveAfterMs;
      if (nowMs < resolvedAtMs) continue;
      const resolved: Alert = { ...alert, status: 'resolved', resolvedAtMs, nextNoticeAtMs: null };
      effects.push({ type: 'alertChanged', change: 'resolved', alert: resolved });
      next = { ...next };
      delete next[alert.type];
      continue;
    }
    if (
      remind &&
      alert.status === 'active' &&
      alert.nextNoticeAtMs !== null &&
      nowMs >= alert.nextNoticeAtMs
    ) {
      const interval = alert.nextNoticeAtMs - alert.raisedAtMs;
      const reminded: Alert = {
        ...alert,
        nextNoticeAtMs: nextNoticeAt(alert.type, alert.severity, nowMs, context) ?? nowMs + interval,
      };
      effects.push({ type: 'alertChanged', change: 'reminder', alert: reminded });
      next = { ...next, [alert.type]: reminded };
    }
  }
  return next;
}

/** The earliest moment at which time alone may resolve or re-send one of these alerts. */
export function nextLifecycleDeadline(alerts: Alerts, context: AlertContext): number | null {
  let next: number | null = null;
  for (const alert of Object.values(alerts)) {
    if (!alert) continue;
    const due =
      alert.clearedAtMs !== null
        ? alert.clearedAtMs + context.config.resolveAfterMs
        : alert.status === 'active'
          ? alert.nextNoticeAtMs
          : null;
    if (due !== null && (next === null || due < next)) next = due;
  }
  return next;
}

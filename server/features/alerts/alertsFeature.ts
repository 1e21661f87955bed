import { randomBytes } from 'node:crypto';
import type { ActiveAlertsMessage, AlertView, FleetHealth, TemperatureLog } from '../../../contract/alerts';
import type { FridgeStatus } from '../../../contract/api';
import { topics } from '../../../contract/topics';
import { alertAudience, widenedAudience } from '../../domain/alerts/audience';
import { defaultAlertSettings, type FridgeAlertSettings, thresholdsOf } from '../../domain/alerts/config';
import { alertStep, nextAlertDeadline } from '../../domain/alerts/rules';
import {
  type Alert,
  type AlertContext,
  type AlertEffect,
  type AlertEvent,
  type AlertRefusal,
  type AlertStep,
  type FridgeAlertState,
  initialAlertState,
} from '../../domain/alerts/types';
import { temperatureVerdict } from '../../domain/alerts/words';
import type { FeatureContext } from '../../featureModule';
import { type AlertFilter, AlertRepository } from '../../storage/alertRepository';
import { RestockRepository } from '../../storage/restockRepository';
import { DeadlineQueue } from '../deadlineQueue';
import { DeadlineTimer } from '../deadlineTimer';
import type { NotificationService } from '../notifications/notificationService';
import { alertNotice } from './alertNotices';
import { fleetHealth, temperatureLog } from './alertReports';
import { AlertSnapshots } from './alertSnapshots';
import { alertView } from './alertView';

export type AcknowledgeResult = { ok: true; alert: Alert } | { ok: false; refusal: AlertRefusal };

/** Longest sleep of the alert timer; a shorter one is set whenever a deadline comes closer. */
const MAX_TIMER_MS = 60_000;
/** How often the rules' memory (runs, door, device gaps) is saved when no alert changed. */
const SNAPSHOT_MS = 60_000;

const faultsOf = (status: FridgeStatus) =>
  status.shelves
    .filter((shelf) => shelf.doubtful)
    .map((shelf) => ({ shelfId: shelf.id, reason: shelf.doubtReason ?? 'doubtful' }));

/**
 * Food-safety and device-health alerts on the spine: feeds committed readings (at their measured
 * time), the estimator's shelf faults and time into the pure rules (`domain/alerts/rules.ts`),
 * stores each change with its notices in one transaction, publishes the unresolved set retained
 * on `fridges/{id}/alerts`, announces `alertChanged` (SSE), and judges the public temperature
 * status. One timer serves the nearest deadline (door, silence, resolution, re-sends).
 */
export class AlertsFeature {
  private readonly states = new Map<string, FridgeAlertState>();
  private readonly settingsById = new Map<string, FridgeAlertSettings>();
  /** Fridges whose memory changed since it was written, saved in slices (alertSnapshots.ts). */
  private readonly snapshots: AlertSnapshots;
  /**
   * Each fridge's next deadline, refreshed when its state changes (recomputing every fridge's on
   * each reading cost half the ingest CPU in the benchmark profile, docs/benchmarks.md); the timer
   * is set to the earliest.
   */
  private readonly deadlines = new DeadlineQueue();
  private readonly repository: AlertRepository;
  /** The restock settings name each fridge's area: the second circle of alerts too. */
  private readonly restockSettings: RestockRepository;
  private unsubscribe: Array<() => void> = [];
  private readonly timer: DeadlineTimer;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly context: FeatureContext,
    readonly notifications: NotificationService,
    private readonly newAlertId: () => string = () => `al-${randomBytes(6).toString('hex')}`,
  ) {
    this.repository = new AlertRepository(context.db);
    this.timer = new DeadlineTimer(context.clock, MAX_TIMER_MS, () => this.runTimers());
    this.restockSettings = new RestockRepository(context.db);
    this.snapshots = new AlertSnapshots({
      logger: context.logger,
      write: (fridgeIds) =>
        context.db.transaction(() => {
          for (const fridgeId of fridgeIds) {
            const state = this.states.get(fridgeId);
            if (state) this.repository.saveState(fridgeId, state);
          }
        })(),
    });
  }

  start(): void {
    const { bus, catalog } = this.context;
    for (const [id, state] of this.repository.loadStates()) this.states.set(id, state);
    for (const alert of this.repository.list({ status: 'open', limit: 1_000_000 })) {
      const state = this.states.get(alert.fridgeId) ?? initialAlertState();
      this.states.set(alert.fridgeId, { ...state, alerts: { ...state.alerts, [alert.type]: alert } });
    }
    for (const [id, settings] of this.repository.allSettings()) this.settingsById.set(id, settings);
    catalog.setTemperatureJudge((fridgeId, fridgeState, nowMs) =>
      temperatureVerdict({
        profile: this.settings(fridgeId).profile,
        warnAboveCelsius: thresholdsOf(this.settings(fridgeId)).warnAboveCelsius,
        celsius: fridgeState.temperature?.celsius ?? null,
        alerts: this.states.get(fridgeId)?.alerts ?? {},
        nowMs,
        timeZone: this.notifications.timeZone,
      }),
    );
    this.running = true;
    this.unsubscribe = [
      bus.on('readingAccepted', 'alerts', (r) => {
        // A late reading is older than one already judged: it stays in the log only.
        if (r.late) return;
        this.apply(
          r.fridgeId,
          { type: 'reading', deviceId: r.deviceId, receivedAtMs: r.receivedAtMs, value: r.value },
          r.measuredAtMs,
        );
      }),
      bus.on('fridgeStateChanged', 'alerts', ({ fridgeId, status }) => {
        const faults = faultsOf(status);
        const known = this.states.get(fridgeId)?.shelfFaults ?? [];
        // Nearly every status has no doubtful shelf, before and after: no serialising to see that.
        if (faults.length === 0 && known.length === 0) return;
        if (JSON.stringify(faults) === JSON.stringify(known)) return;
        this.apply(fridgeId, { type: 'shelfFaults', faults }, this.context.clock.nowMs());
      }),
      bus.on('fridgeRemoved', 'alerts', ({ fridgeId }) => this.forget(fridgeId)),
    ];
    for (const id of catalog.ids()) this.publishActive(id);
    this.snapshotTimer = setInterval(() => this.snapshots.begin(), SNAPSHOT_MS);
    this.snapshotTimer.unref();
    // Deadlines that passed while the server was down fire now.
    this.runTimers();
  }

  stop(): void {
    this.running = false;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.timer.stop();
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.snapshotTimer = null;
    this.snapshots.saveAll();
    this.context.catalog.setTemperatureJudge(null);
    this.states.clear();
    this.settingsById.clear();
  }

  /** Fires every deadline that has come (the timer calls this; tests may too). */
  runTimers(): void {
    const nowMs = this.context.clock.nowMs();
    for (const fridgeId of [...this.states.keys()]) {
      const context = this.rulesContext(fridgeId);
      const state = this.states.get(fridgeId);
      if (!context || !state) continue;
      const deadline = nextAlertDeadline(state, context);
      if (deadline === null || deadline > nowMs) continue;
      try {
        this.apply(fridgeId, { type: 'tick' }, nowMs);
      } catch (err) {
        this.context.logger.error({ err, fridgeId }, 'alert timer failed');
      }
    }
    this.scheduleTimer();
  }

  // --- Commands ---

  acknowledge(alertId: string, by: string, note: string | null): AcknowledgeResult {
    const stored = this.repository.get(alertId);
    if (!stored) return { ok: false, refusal: { reason: 'no-such-alert' } };
    if (stored.status === 'resolved')
      return { ok: false, refusal: { reason: 'already-resolved', alert: stored } };
    const step = this.apply(
      stored.fridgeId,
      { type: 'acknowledge', alertId, by, note },
      this.context.clock.nowMs(),
    );
    if (!step) return { ok: false, refusal: { reason: 'no-such-alert' } };
    if (step.refusal) return { ok: false, refusal: step.refusal };
    const alert = step.effects[0]?.alert ?? this.repository.get(alertId);
    return alert ? { ok: true, alert } : { ok: false, refusal: { reason: 'no-such-alert' } };
  }

  // --- Reads ---

  alert(id: string): Alert | null {
    return this.repository.get(id);
  }

  alerts(filter: AlertFilter): Alert[] {
    return this.repository.list(filter);
  }

  view(alert: Alert): AlertView {
    const name = this.context.catalog.definition(alert.fridgeId)?.name ?? alert.fridgeId;
    return alertView(alert, name, this.settings(alert.fridgeId).profile, this.context.clock.nowMs());
  }

  settings(fridgeId: string): FridgeAlertSettings {
    const saved = this.settingsById.get(fridgeId);
    if (saved) return saved;
    return defaultAlertSettings(this.context.catalog.definition(fridgeId)?.kind ?? 'fridge');
  }

  saveSettings(fridgeId: string, settings: FridgeAlertSettings): FridgeAlertSettings {
    this.repository.saveSettings(fridgeId, settings);
    this.settingsById.set(fridgeId, settings);
    this.context.catalog.refresh(fridgeId);
    // New thresholds move deadlines: the one timer is recomputed over every fridge.
    this.scheduleTimer();
    return settings;
  }

  fleet(): FleetHealth {
    const { catalog, config } = this.context;
    return fleetHealth(catalog.statuses(), (id) => this.states.get(id), config.alerts.lowBatteryAtOrBelow);
  }

  temperatureLog(fridgeId: string, fromMs: number, toMs: number): TemperatureLog {
    return temperatureLog(this.repository, fridgeId, fromMs, toMs);
  }

  // --- Internals ---

  private rulesContext(fridgeId: string): AlertContext | null {
    const fridge = this.context.catalog.definition(fridgeId);
    if (!fridge) return null;
    return {
      fridgeId,
      config: this.context.config.alerts,
      settings: this.settings(fridgeId),
      deviceIds: fridge.deviceIds,
      newAlertId: this.newAlertId,
    };
  }

  /**
   * Who hears of a change: everyone the alert has reached so far, or, when it widens, only the
   * circle it widens to (`domain/alerts/audience.ts`).
   */
  private audience({ alert, change }: AlertEffect): string[] {
    const of = change === 'widened' ? widenedAudience : alertAudience;
    return of(
      alert.fridgeId,
      alert.category,
      alert.circle,
      this.notifications.volunteers.list(),
      (id) => this.restockSettings.settings(id).area,
    );
  }

  private apply(fridgeId: string, event: AlertEvent, nowMs: number): AlertStep | null {
    const rules = this.rulesContext(fridgeId);
    if (!rules) return null;
    const { db, bus, catalog, config } = this.context;
    const before = this.states.get(fridgeId) ?? initialAlertState();
    const step = alertStep(before, event, nowMs, rules);
    if (step.refusal) return step;
    const after = step.state;
    this.states.set(fridgeId, after);
    // Nearly every reading changes no alert: nothing is collected for it.
    const changed =
      step.effects.length === 0 && after.alerts === before.alerts ? null : changedAlerts(before, step);
    if (changed === null || changed.size === 0) {
      if (after !== before) this.snapshots.changed(fridgeId);
      if (this.running) this.scheduleTimerFor(fridgeId, after, rules);
      return step;
    }
    const wallNowMs = this.context.clock.nowMs();
    const definition = catalog.definition(fridgeId);
    const notices = step.effects.flatMap((effect) => {
      const audience = this.audience(effect);
      // A circle that adds nobody (all its listeners were told already) is skipped, as restock's are.
      if (effect.change === 'widened' && audience.length === 0) return [];
      const notice = alertNotice(effect, audience, {
        fridgeName: definition?.name ?? fridgeId,
        address: definition?.address ?? null,
        profile: rules.settings.profile,
        links: this.notifications.links,
        timeZone: this.notifications.timeZone,
        ackLinkTtlMs: config.alerts.ackLinkTtlMs,
        escalateAfterMs: config.alerts.escalateAfterMs,
        nowMs: wallNowMs,
      });
      return notice ? [notice] : [];
    });
    // The change and the notices it causes are stored together, or not at all.
    db.transaction(() => {
      for (const alert of changed.values()) this.repository.saveAlert(alert);
      this.repository.saveState(fridgeId, after);
      for (const notice of notices) this.notifications.enqueue(notice);
    })();
    this.snapshots.settled(fridgeId);
    for (const { alert, change } of step.effects) {
      bus.emit('alertChanged', {
        fridgeId,
        alertId: alert.id,
        type: alert.type,
        change,
        severity: alert.severity,
        status: alert.status,
      });
    }
    this.publishActive(fridgeId);
    catalog.refresh(fridgeId);
    if (this.running) this.scheduleTimerFor(fridgeId, after, rules);
    return step;
  }

  /** The retained `fridges/{id}/alerts`: what is not resolved yet (an empty list when all is well). */
  private publishActive(fridgeId: string): void {
    const alerts = Object.values(this.states.get(fridgeId)?.alerts ?? {}).flatMap((a) =>
      a ? [this.view(a)] : [],
    );
    const message: ActiveAlertsMessage = { fridgeId, alerts };
    this.context.mqtt.publishRetained(topics.alerts(fridgeId), JSON.stringify(message));
  }

  /** A removed fridge: its open alerts close without notices; their history stays. */
  private forget(fridgeId: string): void {
    const state = this.states.get(fridgeId);
    const nowMs = this.context.clock.nowMs();
    this.context.db.transaction(() => {
      for (const alert of Object.values(state?.alerts ?? {})) {
        if (alert)
          this.repository.saveAlert({
            ...alert,
            status: 'resolved',
            clearedAtMs: alert.clearedAtMs ?? nowMs,
            resolvedAtMs: nowMs,
            nextNoticeAtMs: null,
            widenAtMs: null,
          });
      }
      this.repository.forgetFridge(fridgeId);
    })();
    this.states.delete(fridgeId);
    this.deadlines.set(fridgeId, null);
    if (this.running) this.timer.schedule(this.deadlines.earliest());
    this.settingsById.delete(fridgeId);
    this.snapshots.settled(fridgeId);
    // An empty retained payload deletes the retained message (MQTT 3.1.1 §3.3.1.3).
    this.context.mqtt.publishRetained(topics.alerts(fridgeId), '');
  }

  /** Recomputes every fridge's deadline (start, timer runs), then sets the timer. */
  private scheduleTimer(): void {
    if (!this.running) return;
    this.deadlines.clear();
    for (const [fridgeId, state] of this.states) {
      const rules = this.rulesContext(fridgeId);
      const deadline = rules ? nextAlertDeadline(state, rules) : null;
      this.deadlines.set(fridgeId, deadline);
    }
    this.timer.schedule(this.deadlines.earliest());
  }

  /** One fridge changed: only its deadline is recomputed (`DeadlineQueue`: O(log n), not a scan). */
  private scheduleTimerFor(fridgeId: string, state: FridgeAlertState, rules: AlertContext): void {
    this.deadlines.set(fridgeId, nextAlertDeadline(state, rules));
    this.timer.schedule(this.deadlines.earliest());
  }
}

/** The alerts a step changed: those its effects name, and any other it replaced. */
function changedAlerts(before: FridgeAlertState, step: AlertStep): Map<string, Alert> {
  const changed = new Map<string, Alert>();
  for (const effect of step.effects) changed.set(effect.alert.id, effect.alert);
  for (const alert of Object.values(step.state.alerts)) {
    if (alert && before.alerts[alert.type] !== alert && !changed.has(alert.id)) changed.set(alert.id, alert);
  }
  return changed;
}

import { randomBytes } from 'node:crypto';
import type { AlertView, FleetHealth, TemperatureLog } from '../../../contract/alerts';
import { topics } from '../../../contract/topics';
import type { FridgeAlertSettings } from '../../domain/alerts/config';
import { closedWithFridge } from '../../domain/alerts/lifecycle';
import { alertStep } from '../../domain/alerts/rules';
import {
  type Alert,
  type AlertEvent,
  type AlertRefusal,
  type AlertStep,
  type FridgeAlertState,
  initialAlertState,
} from '../../domain/alerts/types';
import type { FeatureContext } from '../../featureModule';
import { type AlertFilter, AlertRepository, type SavedAlertStates } from '../../storage/alertRepository';
import { SqliteReadingStore, type StoredReading } from '../../storage/readingStore';
import { RestockRepository } from '../../storage/restockRepository';
import type { NotificationService } from '../notifications/notificationService';
import { lastAppliedReadingId, replayStoredReadings } from '../readingReplay';
import {
  type AlertNoticeSources,
  alertChangedEvents,
  changedAlerts,
  changedShelfFaults,
  noticesOf,
} from './alertChanges';
import { AlertDeadlines } from './alertDeadlines';
import { fleetHealth, temperatureLog } from './alertReports';
import { AlertSettings } from './alertSettings';
import { AlertSnapshots, loadAlertStates, stateWriter } from './alertSnapshots';
import { activeAlertsMessage, alertView, temperatureJudge } from './alertView';

export type AcknowledgeResult = { ok: true; alert: Alert } | { ok: false; refusal: AlertRefusal };

/**
 * Food-safety and device-health alerts on the spine: feeds committed readings (at their measured
 * time), the estimator's shelf faults and time into the pure rules (`domain/alerts/rules.ts`),
 * stores each change with its notices in one transaction, publishes the unresolved set retained
 * on `fridges/{id}/alerts`, announces `alertChanged` (SSE), and judges the public temperature
 * status. One timer serves the nearest deadline (door, silence, resolution, re-sends).
 */
export class AlertsFeature {
  private readonly states = new Map<string, FridgeAlertState>();
  private readonly fridgeSettings: AlertSettings;
  /** Fridges whose memory changed since it was written, saved in slices (alertSnapshots.ts). */
  private readonly snapshots: AlertSnapshots;
  /** Each fridge's next deadline and the one timer (alertDeadlines.ts). */
  private readonly deadlines: AlertDeadlines;
  private readonly repository: AlertRepository;
  private readonly noticeSources: AlertNoticeSources;
  private unsubscribe: Array<() => void> = [];
  private running = false;
  /**
   * The last reading announced to the rules (replayed at start, then heard live): every memory
   * includes every reading of its fridge up to it, and a memory is saved with it.
   */
  private lastReadingId = 0;

  constructor(
    private readonly context: FeatureContext,
    readonly notifications: NotificationService,
    newAlertId: () => string = () => `al-${randomBytes(6).toString('hex')}`,
  ) {
    this.repository = new AlertRepository(context.db);
    this.deadlines = new AlertDeadlines(context.clock, () => this.runTimers());
    this.noticeSources = { context, notifications, restockSettings: new RestockRepository(context.db) };
    this.snapshots = new AlertSnapshots({
      logger: context.logger,
      write: stateWriter(context.db, this.repository, this.states, () => this.lastReadingId),
      includedUpTo: () => this.lastReadingId,
    });
    this.fridgeSettings = new AlertSettings(
      this.repository,
      (id) => context.catalog.definition(id),
      context.config.alerts,
      newAlertId,
    );
  }

  start(): void {
    const { bus, catalog } = this.context;
    const saved = loadAlertStates(this.repository);
    for (const [id, state] of saved.states) this.states.set(id, state);
    this.fridgeSettings.load();
    const judge = temperatureJudge(this.fridgeSettings, this.states, this.notifications.timeZone);
    catalog.setTemperatureJudge(judge);
    this.replay(saved);
    this.running = true;
    this.unsubscribe = [
      bus.on('readingAccepted', 'alerts', (r) => {
        this.lastReadingId = r.id;
        // A late reading is older than one already judged: it stays in the log only.
        if (r.late) return;
        this.hear(r);
      }),
      bus.on('fridgeStateChanged', 'alerts', ({ fridgeId, status }) => {
        // An organiser changed the fridge (its devices, its kind): its deadline may move.
        if (this.deadlines.outdated(fridgeId, catalog.definition(fridgeId) ?? undefined))
          this.refreshDeadline(fridgeId);
        const faults = changedShelfFaults(status, this.states.get(fridgeId)?.shelfFaults ?? []);
        if (faults) this.apply(fridgeId, { type: 'shelfFaults', faults }, this.context.clock.nowMs());
      }),
      bus.on('fridgeRemoved', 'alerts', ({ fridgeId }) => this.forget(fridgeId)),
    ];
    for (const id of catalog.ids()) this.publishActive(id);
    this.snapshots.start();
    for (const fridgeId of this.states.keys()) this.refreshDeadline(fridgeId);
    // Deadlines that passed while the server was down fire now, on the memory the replay rebuilt:
    // the replay steps each reading at its own time, as live, and only then does time catch up.
    this.runTimers();
  }

  stop(): void {
    this.running = false;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.deadlines.stop();
    this.snapshots.saveAll();
    this.context.catalog.setTemperatureJudge(null);
    this.states.clear();
    this.fridgeSettings.clear();
  }

  /** Fires every deadline that has come (the timer calls this; tests may too): the due fridges alone. */
  runTimers(): void {
    const nowMs = this.context.clock.nowMs();
    for (const fridgeId of this.deadlines.takeDue(nowMs)) {
      try {
        // Its step sets its next deadline (`apply`).
        this.apply(fridgeId, { type: 'tick' }, nowMs);
      } catch (err) {
        this.deadlines.keepDue(fridgeId, nowMs);
        this.context.logger.error({ err, fridgeId }, 'alert timer failed');
      }
    }
    if (this.running) this.deadlines.schedule();
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
    return this.fridgeSettings.of(fridgeId);
  }

  saveSettings(fridgeId: string, settings: FridgeAlertSettings): FridgeAlertSettings {
    this.fridgeSettings.save(fridgeId, settings);
    this.context.catalog.refresh(fridgeId);
    // New thresholds move its deadlines.
    this.refreshDeadline(fridgeId);
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

  /**
   * The readings stored after the saved memory (a crash since its last save, or readings stored
   * while this module was not yet listening) go through the rules as they did, or would have,
   * live: in stored order, each at its measured time (`readingReplay.ts`, shared with the stock
   * estimator). An alert change already stored is in the memory it was stored with, after the
   * reading that made it, so it is not made again; one the replay makes is stored with its
   * notices like any other. Deadlines are not fired between replayed readings: a deadline that
   * changed something live was stored with the memory (so its readings are not replayed), and one
   * that did not changed nothing. A database from before migration 028 names no reading its rows
   * include: they are taken to include every reading stored before this start, as before.
   */
  private replay(saved: SavedAlertStates): void {
    const { db, readingsAnnouncedUpTo } = this.context;
    const lastId = lastAppliedReadingId(db, readingsAnnouncedUpTo);
    this.lastReadingId = lastId;
    if (saved.upToReadingId === null) {
      this.repository.saveUpTo(lastId);
      return;
    }
    const cursors = { upToReadingId: saved.upToReadingId, rowUpTo: saved.rowUpTo };
    replayStoredReadings(new SqliteReadingStore(db), cursors, lastId, (reading) => {
      // A change it makes is stored as including this reading.
      this.lastReadingId = reading.id;
      this.hear(reading);
    });
    this.lastReadingId = lastId;
  }

  /** A reading judged by its fridge's rules at its measured time. */
  private hear(
    r: Pick<StoredReading, 'fridgeId' | 'deviceId' | 'receivedAtMs' | 'measuredAtMs' | 'value'>,
  ): void {
    this.apply(
      r.fridgeId,
      { type: 'reading', deviceId: r.deviceId, receivedAtMs: r.receivedAtMs, value: r.value },
      r.measuredAtMs,
    );
  }

  private apply(fridgeId: string, event: AlertEvent, nowMs: number): AlertStep | null {
    const rules = this.fridgeSettings.rulesContext(fridgeId);
    if (!rules) return null;
    const { db, bus, catalog } = this.context;
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
      this.refreshDeadline(fridgeId, after, rules);
      return step;
    }
    const notices = noticesOf(step.effects, rules, this.noticeSources);
    // Changed until the transaction commits: if it fails, the periodic save writes the memory and
    // no round names a reading as included by every row before it does.
    this.snapshots.changed(fridgeId);
    // The change and the notices it causes are stored together, or not at all.
    db.transaction(() => {
      for (const alert of changed.values()) this.repository.saveAlert(alert);
      this.repository.saveState(fridgeId, after, this.lastReadingId);
      for (const notice of notices) this.notifications.enqueue(notice);
    })();
    this.snapshots.settled(fridgeId);
    for (const event of alertChangedEvents(fridgeId, step.effects)) bus.emit('alertChanged', event);
    this.publishActive(fridgeId);
    catalog.refresh(fridgeId);
    this.refreshDeadline(fridgeId, after, rules);
    return step;
  }

  private publishActive(fridgeId: string): void {
    const message = activeAlertsMessage(fridgeId, this.states.get(fridgeId), (alert) => this.view(alert));
    this.context.mqtt.publishRetained(topics.alerts(fridgeId), JSON.stringify(message));
  }

  /** A removed fridge: its open alerts close without notices; their history stays. */
  private forget(fridgeId: string): void {
    const state = this.states.get(fridgeId);
    const nowMs = this.context.clock.nowMs();
    const closed = Object.values(state?.alerts ?? {}).flatMap((a) => (a ? [closedWithFridge(a, nowMs)] : []));
    this.repository.forgetFridge(fridgeId, closed);
    this.states.delete(fridgeId);
    this.deadlines.forget(fridgeId);
    if (this.running) this.deadlines.schedule();
    this.fridgeSettings.forget(fridgeId);
    this.snapshots.settled(fridgeId);
    // An empty retained payload deletes the retained message (MQTT 3.1.1 §3.3.1.3).
    this.context.mqtt.publishRetained(topics.alerts(fridgeId), '');
  }

  /** One fridge's next deadline (after its step, or when its settings or definition change), then the timer. */
  private refreshDeadline(
    fridgeId: string,
    state = this.states.get(fridgeId),
    rules = this.fridgeSettings.rulesContext(fridgeId),
  ): void {
    const definition = this.context.catalog.definition(fridgeId);
    if (!this.running || !state || !rules || !definition) return;
    this.deadlines.refresh(fridgeId, state, rules, definition);
  }
}

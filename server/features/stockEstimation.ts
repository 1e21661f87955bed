import type { Clock } from '../clock';
import type { EstimatorConfig, EstimatorState } from '../domain/estimation';
import {
  coarseStepsOf,
  createEstimatorState,
  estimatorEventOf,
  stepEstimatorInPlace,
  summarizeActivity,
} from '../domain/estimation';
import { markFullRefusal, markFullRefusalText } from '../domain/estimation/calibrationCheck';
import type { EstimatorEvent, EstimatorStep } from '../domain/estimation/types';
import type { FridgeDefinition } from '../domain/fridgeStatus';
import { idRecord } from '../domain/idRecord';
import type { ShelfSpec } from '../domain/stock';
import { utcOffsetMinutes } from '../domain/utcOffset';
import { AppError } from '../errors';
import type { EventBus } from '../eventBus';
import type { Db } from '../storage/database';
import type { EstimatorStateStore } from '../storage/estimatorStateStore';
import type { FridgeRepository } from '../storage/fridgeRepository';
import type { ReadingStore } from '../storage/readingStore';
import type { SessionStore } from '../storage/sessionStore';
import type { StockHistoryStore } from '../storage/stockHistoryStore';
import { carryOutEffects, type EffectSinks } from './estimateEffects';
import { describeEstimate, RecentSessions, SESSION_MEMORY_MS } from './estimateView';
import { restoreEstimatorStates } from './estimatorRestore';
import { EstimatorSaver } from './estimatorSaver';
import { EstimatorStates } from './estimatorStates';
import type { EstimateView, FridgeCatalog } from './fridgeCatalog';
import { lastAppliedReadingId } from './readingReplay';
import { timedTurn } from './slowTurns';
import { StockChart } from './stockChart';

export interface StockEstimationOptions {
  db: Db;
  /** See FeatureContext: readings committed on the writer thread but not yet announced are not in the states. */
  readingsAnnouncedUpTo?: () => number | null;
  readings: ReadingStore;
  sessions: SessionStore;
  history: StockHistoryStore;
  saved: EstimatorStateStore;
  fridges: FridgeRepository;
  catalog: FridgeCatalog;
  bus: EventBus;
  clock: Clock;
  config: EstimatorConfig;
  timeZone: string;
  logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** How often settle and door timeouts are checked without a reading. */
  tickMs?: number;
  /** How often the estimator states are saved; a restart replays the readings stored since. */
  snapshotMs?: number;
  /** Rows a save writes per turn of the event loop (SAVE_SLICE_ROWS). */
  saveSliceRows?: number;
  /** Runs a save's next slice on a later turn (default: setImmediate; tests run them by hand). */
  deferSaveSlice?: (slice: () => void) => () => void;
}

/**
 * How often the states that stepped are saved. The readings log is the source of truth and a
 * state only spares the next start a replay, so this bounds a crash's replay, not what is kept: at
 * 833 readings/s (10,000 fridges, a reading per sensor per minute) a fridge steps about every 12 s
 * and each save writes nearly every row, whatever the interval, so the rows written per reading
 * fall with the interval. At 30 s that was 0.38 rows (a 3.5 kB JSON each) per reading; at 2
 * minutes it is 0.1. A crash then replays up to 100,000 readings at that rate, a start about 1.1 s
 * longer than with 25,000 (docs/scaling.md "Eighth round"); a clean stop saves everything.
 */
const SNAPSHOT_MS = 120_000;

const sameShelves = (a: readonly ShelfSpec[], b: readonly ShelfSpec[]) =>
  a.length === b.length &&
  a.every((s, i) => s.id === b[i]?.id && s.tareKg === b[i]?.tareKg && s.capacityKg === b[i]?.capacityKg);

/**
 * Runs the pure stock estimator over the readings log. It consumes readings after they are
 * committed, keeps its states in memory, and saves them with the id of the last reading they
 * include: after a crash it replays the readings stored since, so no reading is missed and the
 * estimate equals a clean run. Door sessions it measures are stored and announced on the bus.
 */
export class StockEstimation {
  private readonly states = new EstimatorStates();
  private readonly recentSessions = new RecentSessions();
  /** Where each step's effects go (the session log, the chart, the shelves, the bus). */
  private readonly sinks: EffectSinks;
  /** Writes the fridges stepped since their last save, a slice per turn (a row each). */
  private readonly saver: EstimatorSaver;
  /** The definition each fridge was last stepped with: a new one (shelves edited) gets a tick. */
  private readonly steppedWith = new Map<string, FridgeDefinition>();
  private unsubscribe: Array<() => void> = [];
  private tickTimer: NodeJS.Timeout | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: StockEstimationOptions) {
    this.sinks = {
      sessions: options.sessions,
      recentSessions: this.recentSessions,
      chart: new StockChart(options.history),
      fridges: options.fridges,
      catalog: options.catalog,
      bus: options.bus,
    };
    this.saver = new EstimatorSaver({
      saved: options.saved,
      stateOf: (fridgeId) => this.states.get(fridgeId),
      lastReadingId: () => lastAppliedReadingId(options.db, options.readingsAnnouncedUpTo),
      logger: options.logger,
      sliceRows: options.saveSliceRows,
      defer: options.deferSaveSlice,
    });
  }

  start(): void {
    const { saved, readings, catalog, sessions, clock } = this.options;
    const sinceMs = clock.nowMs() - SESSION_MEMORY_MS;
    for (const session of sessions.between(null, sinceMs, Number.MAX_SAFE_INTEGER))
      this.recentSessions.remember(session);
    // Up to the last reading announced: a batch still on the writer thread reaches the listener below.
    const lastId = lastAppliedReadingId(this.options.db, this.options.readingsAnnouncedUpTo);
    restoreEstimatorStates(saved, readings, this.states, lastId, (reading) =>
      this.applyReading(reading.fridgeId, reading.value, reading.measuredAtMs, reading.receivedAtMs, false),
    );
    for (const id of catalog.ids()) this.publish(id, clock.nowMs());
    this.saver.saveAll();
    this.unsubscribe = [
      this.options.bus.on('readingAccepted', 'stockEstimation', (r) => {
        if (!r.late) this.applyReading(r.fridgeId, r.value, r.measuredAtMs, r.receivedAtMs, true);
      }),
      this.options.bus.on('fridgeRemoved', 'stockEstimation', ({ fridgeId }) => {
        this.states.delete(fridgeId);
        this.recentSessions.forget(fridgeId);
        this.saver.forget(fridgeId);
        this.steppedWith.delete(fridgeId);
      }),
    ];
    this.tickTimer = setInterval(
      () => timedTurn('estimator tick', this.options.logger, () => this.tickAll()),
      this.options.tickMs ?? 5000,
    );
    // A slice per turn: one transaction of every row held the loop for up to a second at 10,000
    // fridges (issue 12, docs/scaling.md "Fourth round").
    this.snapshotTimer = setInterval(() => this.saver.begin(), this.options.snapshotMs ?? SNAPSHOT_MS);
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.tickTimer = null;
    this.snapshotTimer = null;
    this.saver.saveAll();
    this.states.clear();
    this.recentSessions.clear();
    this.steppedWith.clear();
  }

  /** Calibrates a shelf: "it is empty now" (tare), "it is full now", or a new capacity. */
  calibrate(
    fridgeId: string,
    event: Extract<EstimatorEvent, { type: 'tare' | 'markFull' | 'setCapacity' }>,
  ): void {
    const fridge = this.options.catalog.definition(fridgeId);
    if (!fridge) return;
    if (event.type === 'markFull') {
      const refusal = markFullRefusal(this.states.get(fridgeId)?.shelves[event.shelfId], this.options.config);
      if (refusal) throw new AppError('SHELF_NOT_MARKABLE_FULL', event.shelfId, markFullRefusalText(refusal));
    }
    this.step(fridge, event, this.options.clock.nowMs(), true);
    this.saver.saveOne(fridgeId);
  }

  /** The estimator's figures for the status, or null before any reading. */
  view(fridgeId: string): EstimateView | null {
    const state = this.states.get(fridgeId);
    return state ? this.describe(fridgeId, state, this.options.clock.nowMs()) : null;
  }

  networkActivity(nowMs: number) {
    const all = this.recentSessions.all();
    const coarse = idRecord<Record<string, number>>();
    for (const fridgeId of this.states.ids())
      coarse[fridgeId] = coarseStepsOf(this.states.get(fridgeId) as EstimatorState);
    return summarizeActivity(all, nowMs, utcOffsetMinutes(nowMs, this.options.timeZone), coarse);
  }

  private applyReading(
    fridgeId: string,
    value: Parameters<typeof estimatorEventOf>[0],
    measuredAtMs: number,
    receivedAtMs: number,
    live: boolean,
  ): void {
    const fridge = this.options.catalog.definition(fridgeId);
    const event = estimatorEventOf(value, measuredAtMs);
    if (!fridge || !event) return;
    // Replays use the receive time as "now", so a replay steps exactly as the live run did.
    this.step(fridge, event, live ? Math.max(receivedAtMs, this.options.clock.nowMs()) : receivedAtMs, live);
  }

  /**
   * Steps the fridges a tick can change (an open session, a pending timeout: `tickCanChange`) and
   * those whose definition changed since their last step (the step reconfigures their shelves).
   * A tick of any other fridge returns an equal state and no effect, and at 10,000 fridges
   * stepping them all cost a copy of every state every 5 s (issue 12, docs/scaling.md).
   */
  private tickAll(): void {
    const nowMs = this.options.clock.nowMs();
    for (const id of this.states.ids()) {
      const fridge = this.options.catalog.definition(id);
      if (fridge && (this.states.tickCanChange(id) || this.steppedWith.get(id) !== fridge))
        this.step(fridge, { type: 'tick' }, nowMs, true);
    }
  }

  private step(fridge: FridgeDefinition, event: EstimatorEvent, nowMs: number, announce: boolean): void {
    const { config } = this.options;
    let state = this.states.get(fridge.id) ?? createEstimatorState(fridge.id, fridge.shelves, config);
    const effects: EstimatorStep['effects'] = [];
    const configured = state.shelfIds
      .map((id) => state.shelves[id]?.spec)
      .filter((s): s is ShelfSpec => Boolean(s));
    if (!sameShelves(configured, fridge.shelves)) {
      const reconfigured = stepEstimatorInPlace(
        state,
        { type: 'configureShelves', shelves: fridge.shelves },
        nowMs,
        config,
      );
      state = reconfigured.state;
      effects.push(...reconfigured.effects);
    }
    // In place: `get` unpacked new objects, and a copy per reading was a quarter of the CPU at 10k.
    const result = stepEstimatorInPlace(state, event, nowMs, config);
    this.states.set(fridge.id, result.state);
    this.saver.changed(fridge.id);
    this.steppedWith.set(fridge.id, fridge);
    effects.push(...result.effects);
    const changed = carryOutEffects(this.sinks, fridge, effects, nowMs, announce);
    if (changed && announce) this.publish(fridge.id, nowMs, result.state);
  }

  private publish(fridgeId: string, nowMs: number, state = this.states.get(fridgeId)): void {
    if (state) this.options.catalog.setEstimate(fridgeId, this.describe(fridgeId, state, nowMs));
  }

  private describe(fridgeId: string, state: EstimatorState, nowMs: number): EstimateView {
    const { config, timeZone } = this.options;
    return describeEstimate(fridgeId, state, this.recentSessions.of(fridgeId), nowMs, config, timeZone);
  }
}

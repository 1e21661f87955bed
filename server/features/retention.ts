import type { Clock } from '../clock';
import type { FeatureFactory, FeatureModule } from '../featureModule';
import type { Logger } from '../logger';
import type { Db } from '../storage/database';
import { RollupExpiry, type RollupSeriesKey, SWEEP_START } from '../storage/rollupExpiry';
import { RollupStore } from '../storage/rollupStore';
import { SettingsStore } from '../storage/settingsStore';
import { databaseBytes, ensureIncrementalVacuum, incrementalVacuumStep } from '../storage/vacuum';
import { DeadlineTimer } from './deadlineTimer';
import { mirrorCursorKey } from './influxMirror';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  rawRetentionMs: number;
  rollupRetentionMs: number;
  /** How far ahead of its receipt a reading may be dated (deviceClockToleranceMs). */
  futureToleranceMs: number;
  /** Readings measured from this instant on must stay (a mirror still has to copy them); null: none. */
  holdFromMs?: () => number | null;
  /** Readings per transaction: a few milliseconds of the event loop, so ingest never waits long. */
  batchRows?: number;
  /** Pages given back to the file system per step (4 KiB each). */
  vacuumPagesPerStep?: number;
  /** How often to look for readings that aged past the cutoff once caught up. */
  idleCheckMs?: number;
}

export interface RetentionRun {
  deletedReadings: number;
  rollupsWritten: number;
  slices: number;
  /** Rollups deleted for being older than the rollup retention. */
  expiredRollups: number;
  vacuumedPages: number;
}

/**
 * Keeps raw readings for `rawRetentionMs`, then rolls them up into 15-minute buckets and deletes
 * them, a small slice (one fridge, about `batchRows` readings) per transaction with a pause
 * between slices, so ingest's commits interleave. Rollups older than `rollupRetentionMs` go in a
 * sweep over the rollups table itself (at most `batchRows` per step), so a fridge with no raw
 * readings left, or one removed, loses them too. Freed pages go back with `incremental_vacuum`.
 */
export class RetentionJob implements FeatureModule {
  readonly name = 'retention';
  private readonly store: RollupStore;
  private readonly expiry: RollupExpiry;
  /** Where the rollup sweep under way stands; null: none is. */
  private sweepAfter: RollupSeriesKey | null = null;
  private lastSweepEndMs = Number.NEGATIVE_INFINITY;
  private readonly timer: DeadlineTimer;
  private stopped = true;
  private lastError: string | null = null;

  constructor(private readonly options: RetentionOptions) {
    this.store = new RollupStore(options.db);
    this.expiry = new RollupExpiry(options.db);
    this.timer = new DeadlineTimer(options.clock, options.idleCheckMs ?? 5 * 60_000, () => this.onDue());
  }

  start(): void {
    this.stopped = false;
    const setup = ensureIncrementalVacuum(this.options.db);
    if (setup === 'vacuumed') this.options.logger.info({}, 'database rewritten once so it can shrink');
    if (setup === 'too-big')
      this.options.logger.warn(
        { bytes: databaseBytes(this.options.db) },
        'old readings are pruned, but the file only shrinks after `npm run db:vacuum` (server stopped)',
      );
    this.timer.schedule(this.options.clock.nowMs());
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
  }

  health(): { ok: boolean; detail?: string } {
    return this.lastError === null ? { ok: true } : { ok: false, detail: `retention: ${this.lastError}` };
  }

  /** Raw readings measured before this are due to be rolled up and deleted. */
  cutoffMs(): number {
    const byAge = this.options.clock.nowMs() - this.options.rawRetentionMs;
    const hold = this.options.holdFromMs?.() ?? null;
    return hold === null ? byAge : Math.min(byAge, hold);
  }

  /**
   * One step: a slice of one fridge, else a batch of expired rollups, else a vacuum step. False
   * when there is nothing to do.
   */
  step(run: RetentionRun = emptyRun()): boolean {
    const { options } = this;
    const cutoffMs = this.cutoffMs();
    const fridgeId = this.store.fridgeWithOldReadings(cutoffMs - options.futureToleranceMs);
    if (fridgeId !== null) {
      const slice = this.store.rollUpSlice(fridgeId, cutoffMs, options.batchRows ?? 2000);
      run.slices += 1;
      run.deletedReadings += slice.deletedReadings;
      run.rollupsWritten += slice.rollupsWritten;
      return true;
    }
    if (this.expireRollups(run)) return true;
    const pages = incrementalVacuumStep(options.db, options.vacuumPagesPerStep ?? 2000);
    run.vacuumedPages += pages;
    return pages > 0;
  }

  /**
   * One step of the sweep over the rollups. A sweep starts at most once per `idleCheckMs` (rollups
   * expire 15 minutes at a time; looking more often finds nothing), walks every fridge's series,
   * and ends at the end of the table.
   */
  private expireRollups(run: RetentionRun): boolean {
    const { options } = this;
    const nowMs = options.clock.nowMs();
    if (this.sweepAfter === null) {
      if (nowMs < this.lastSweepEndMs + (options.idleCheckMs ?? 5 * 60_000)) return false;
      this.sweepAfter = SWEEP_START;
    }
    const step = this.expiry.step(
      this.sweepAfter,
      nowMs - options.rollupRetentionMs,
      options.batchRows ?? 2000,
    );
    run.expiredRollups += step.deleted;
    this.sweepAfter = step.after;
    if (step.after !== null) return true;
    this.lastSweepEndMs = nowMs;
    return step.deleted > 0;
  }

  /** Runs steps until nothing is left (tests, benchmarks, the vacuum script). */
  catchUp(): RetentionRun {
    const run = emptyRun();
    while (this.step(run)) {}
    return run;
  }

  private onDue(): void {
    if (this.stopped) return;
    let more = false;
    try {
      more = this.step();
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({ err: this.lastError }, 'retention step failed; will retry');
    }
    // Busy: the next slice after the timer's shortest pause; idle: look again later.
    const nowMs = this.options.clock.nowMs();
    this.timer.schedule(more ? nowMs : nowMs + (this.options.idleCheckMs ?? 5 * 60_000));
  }
}

const emptyRun = (): RetentionRun => ({
  deletedReadings: 0,
  rollupsWritten: 0,
  slices: 0,
  expiredRollups: 0,
  vacuumedPages: 0,
});

/**
 * While the InfluxDB mirror is behind, the readings it has not copied stay: the first of them was
 * received at `received_at`, and no later one was measured more than a device's buffer before that.
 */
function mirrorHold(
  db: Db,
  settings: SettingsStore,
  cursorKey: string,
  bufferMaxAgeMs: number,
): () => number | null {
  const firstUncopied = db.prepare<[number], { receivedAtMs: number }>(
    'SELECT received_at AS receivedAtMs FROM readings WHERE id > ? ORDER BY id LIMIT 1',
  );
  return () => {
    const row = firstUncopied.get(Number(settings.get(cursorKey) ?? 0));
    return row ? row.receivedAtMs - bufferMaxAgeMs : null;
  };
}

/** Retention on the spine: raw readings for RETENTION_RAW_DAYS, 15-minute rollups for RETENTION_ROLLUP_DAYS. */
export const retentionFeature: FeatureFactory = (context) => {
  const { config, db } = context;
  const settings = new SettingsStore(db);
  const cursorKey = mirrorCursorKey(config);
  return new RetentionJob({
    db,
    clock: context.clock,
    logger: context.logger,
    rawRetentionMs: config.retentionRawDays * DAY_MS,
    rollupRetentionMs: config.retentionRollupDays * DAY_MS,
    futureToleranceMs: config.deviceClockToleranceMs,
    holdFromMs:
      cursorKey === null ? undefined : mirrorHold(db, settings, cursorKey, config.deviceBufferMaxAgeMs),
  });
};

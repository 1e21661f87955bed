import type { EstimatorState } from '../domain/estimation';
import type { EstimatorStateStore } from '../storage/estimatorStateStore';
import { type DeferTurn, type SlowTurnLogger, sliceAcrossTurns } from './slowTurns';

/**
 * Rows written per turn of the event loop. At 10,000 fridges a save wrote every row in one
 * synchronous transaction and held the loop for up to a second. A row (its JSON and an upsert)
 * cost 0.2 ms of CPU at 3,000 fridges under load 12–19 (docs/scaling.md, fourth round), so 100
 * rows hold the loop about 20 ms, a fifth of issue 12's 100 ms budget for publish → SSE event.
 */
export const SAVE_SLICE_ROWS = 100;

export interface EstimatorSaverOptions {
  saved: EstimatorStateStore;
  /** A fridge's live state as plain objects (the estimator keeps them packed); undefined once removed. */
  stateOf: (fridgeId: string) => EstimatorState | undefined;
  /** The id of the last reading the live states include. */
  lastReadingId: () => number;
  logger: SlowTurnLogger;
  sliceRows?: number;
  /** Runs a slice on a later turn; returns a cancel (tests run slices by hand). */
  defer?: DeferTurn;
}

/**
 * Saves the estimator states that stepped, in slices across turns of the event loop. Each slice
 * writes its rows with the reading they are up to (taken in the same turn, so exact); when a
 * round has written every fridge that had stepped when it began, the reading that was last then
 * becomes the one every row includes (`estimator.snapshotUpTo`). A fridge that had not stepped
 * since its last write includes every reading up to the round's start, and one that stepped
 * meanwhile is written, with a later cursor, in this round or the next. A restart replays each
 * fridge's readings after the later of the two, so none is applied twice or missed.
 */
export class EstimatorSaver {
  /** Fridges stepped since their last write. */
  private readonly dirty = new Set<string>();
  private round: { queue: string[]; next: number; upTo: number } | null = null;
  private cancelSlice: (() => void) | null = null;

  constructor(private readonly options: EstimatorSaverOptions) {}

  changed(fridgeId: string): void {
    this.dirty.add(fridgeId);
  }

  forget(fridgeId: string): void {
    this.dirty.delete(fridgeId);
    this.options.saved.delete(fridgeId);
  }

  /** Starts a round of slices (the periodic save); one already under way goes on instead. */
  begin(): void {
    if (this.round) return;
    this.round = { queue: [...this.dirty], next: 0, upTo: this.options.lastReadingId() };
    this.scheduleSlice();
  }

  /** Whether a round is under way (tests). */
  saving(): boolean {
    return this.round !== null;
  }

  /**
   * Writes the next slice of the round; ends the round after its last. Returns whether more is
   * left. Called from `setImmediate`, so sockets are read between slices.
   */
  writeSlice(): boolean {
    const round = this.round;
    if (!round) return false;
    const { saved, stateOf } = this.options;
    const end = Math.min(round.queue.length, round.next + (this.options.sliceRows ?? SAVE_SLICE_ROWS));
    const rows: Array<[string, EstimatorState]> = [];
    for (; round.next < end; round.next++) {
      const id = round.queue[round.next] as string;
      // Written by an earlier slice since it stepped, or removed: nothing new to write.
      const state = this.dirty.has(id) ? stateOf(id) : undefined;
      if (state) rows.push([id, state]);
    }
    const last = round.next >= round.queue.length;
    saved.save(this.options.lastReadingId(), rows, last ? round.upTo : null);
    for (const [id] of rows) this.dirty.delete(id);
    if (last) this.round = null;
    return !last;
  }

  /** Writes every stepped fridge now, in one transaction (start-up and stop). */
  saveAll(): void {
    this.cancel();
    const upTo = this.options.lastReadingId();
    const rows: Array<[string, EstimatorState]> = [];
    for (const id of this.dirty) {
      const state = this.options.stateOf(id);
      if (state) rows.push([id, state]);
    }
    this.options.saved.save(upTo, rows, upTo);
    this.dirty.clear();
  }

  /** Writes one fridge now (a calibration: an organiser's action is kept at once). */
  saveOne(fridgeId: string): void {
    const state = this.options.stateOf(fridgeId);
    if (!state) return;
    this.options.saved.save(this.options.lastReadingId(), [[fridgeId, state]], null);
    this.dirty.delete(fridgeId);
  }

  /** Drops the round under way; its written slices stay valid, the rest stays stepped. */
  cancel(): void {
    this.cancelSlice?.();
    this.cancelSlice = null;
    this.round = null;
  }

  private scheduleSlice(): void {
    this.cancelSlice = sliceAcrossTurns(
      'estimator save slice',
      this.options.logger,
      () => {
        try {
          return this.writeSlice();
        } catch (err) {
          // A held write lock (a backup, a sqlite3 shell) must not end the server from a timer;
          // the next round writes what is still stepped (tests/faults/storage.test.ts).
          this.round = null;
          this.options.logger.warn({ err }, 'saving the estimator states failed; trying again later');
          return false;
        }
      },
      this.options.defer,
    );
  }
}

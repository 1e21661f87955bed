import { type FridgeAlertState, initialAlertState } from '../../domain/alerts/types';
import type { AlertRepository, SavedAlertStates } from '../../storage/alertRepository';
import type { Db } from '../../storage/database';
import { type DeferTurn, type SlowTurnLogger, sliceAcrossTurns } from '../slowTurns';

/**
 * Fridges whose rules' memory is written per turn of the event loop. The periodic save wrote
 * every changed fridge in one transaction: at 10,000 fridges under load, all of them each minute,
 * one turn that every waiting reading and live-feed event sat behind; at 3,000 fridges under
 * load 12–20 it held the loop 200–1,134 ms (issue 12, docs/scaling.md "Eighth round"). Slices of
 * 250 rows still held it up to 166 ms at that load, so 100, as the estimator's save
 * (estimatorSaver.ts): about a tenth of the 100 ms budget for publish → SSE event when idle.
 */
export const SNAPSHOT_SLICE_ROWS = 100;

/** How often the rules' memory (runs, door, device gaps) is saved when no alert changed. */
export const SNAPSHOT_MS = 60_000;

export interface AlertSnapshotsOptions {
  /**
   * Writes these fridges' current memory in one transaction (a fridge since removed is skipped),
   * each with the last reading it includes, and, unless null, `allUpTo` as the reading every row
   * now includes (where a start's replay begins).
   */
  write(fridgeIds: readonly string[], allUpTo: number | null): void;
  /** The last reading the live memory includes (the last one announced to the rules); default 0. */
  includedUpTo?: () => number;
  logger: SlowTurnLogger & { error(obj: object, msg: string): void };
  sliceRows?: number;
  /** Runs a slice on a later turn; returns a cancel (tests run slices by hand). */
  defer?: DeferTurn;
}

/**
 * The alert rules' memory (runs, door, device gaps) saved in slices across turns of the event
 * loop, as the estimator's (`estimatorSaver.ts`). A round takes the fridges changed when it
 * begins; each is written with its memory as it is when its slice runs and the last reading that
 * memory includes, and one that changes again meanwhile is in the next round. When every slice of
 * a round is written, the reading that was last when it began becomes the one every row includes:
 * a fridge that had not changed since its last write has had no reading since. A start replays
 * each fridge's readings after the later of the two (`AlertsFeature.start`), so a crash between
 * two slices, or between rounds, loses nothing the stored readings say. A stop writes everything
 * left at once.
 */
export class AlertSnapshots {
  private readonly dirty = new Set<string>();
  /** `upTo`: the last reading when it began; `failed`: a slice was refused (its fridges wait for the next round). */
  private round: { queue: string[]; next: number; upTo: number; failed: boolean } | null = null;
  private cancelSlice: (() => void) | null = null;
  private periodic: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlertSnapshotsOptions) {}

  /** Begins a round every SNAPSHOT_MS until `saveAll` (a stop). */
  start(): void {
    this.periodic = setInterval(() => this.begin(), SNAPSHOT_MS);
    this.periodic.unref();
  }

  changed(fridgeId: string): void {
    this.dirty.add(fridgeId);
  }

  /** Written already (with an alert change) or removed: nothing to save until it changes again. */
  settled(fridgeId: string): void {
    this.dirty.delete(fridgeId);
  }

  /** Starts a round of slices (the periodic save); one already under way goes on instead. */
  begin(): void {
    if (this.round || this.dirty.size === 0) return;
    this.round = { queue: [...this.dirty], next: 0, upTo: this.includedUpTo(), failed: false };
    this.dirty.clear();
    this.scheduleSlice();
  }

  /** Whether a round is under way (tests). */
  saving(): boolean {
    return this.round !== null;
  }

  /** Writes the next slice of the round; ends the round after its last. Returns whether more is left. */
  writeSlice(): boolean {
    const round = this.round;
    if (!round) return false;
    const ids = round.queue.slice(round.next, round.next + (this.options.sliceRows ?? SNAPSHOT_SLICE_ROWS));
    round.next += ids.length;
    const last = round.next >= round.queue.length;
    if (!this.write(ids, last && !round.failed ? round.upTo : null)) round.failed = true;
    if (!last) return true;
    this.round = null;
    return false;
  }

  /** Writes every fridge left in the round and every one changed since, now (a stop: no more rounds). */
  saveAll(): void {
    if (this.periodic) clearInterval(this.periodic);
    this.periodic = null;
    this.cancelSlice?.();
    this.cancelSlice = null;
    const left = new Set(this.round ? this.round.queue.slice(this.round.next) : []);
    for (const id of this.dirty) left.add(id);
    this.round = null;
    this.dirty.clear();
    if (left.size > 0) this.write([...left], this.includedUpTo());
  }

  private includedUpTo(): number {
    return this.options.includedUpTo?.() ?? 0;
  }

  /** Whether the write succeeded. */
  private write(ids: string[], allUpTo: number | null): boolean {
    try {
      this.options.write(ids, allUpTo);
      return true;
    } catch (err) {
      // Saved again at the next round; the alerts themselves are stored as they change.
      for (const id of ids) this.dirty.add(id);
      this.options.logger.error({ err }, 'saving the alert rules state failed');
      return false;
    }
  }

  private scheduleSlice(): void {
    this.cancelSlice = sliceAcrossTurns(
      'alert rules snapshot slice',
      this.options.logger,
      () => this.writeSlice(),
      this.options.defer,
    );
  }
}

/** Every fridge's saved memory with its open alerts (from their own rows), as the rules left it, and its cursors. */
export function loadAlertStates(repository: AlertRepository): SavedAlertStates {
  const saved = repository.loadMemory();
  const { states } = saved;
  for (const alert of repository.list({ status: 'open', limit: 1_000_000 })) {
    const state = states.get(alert.fridgeId) ?? initialAlertState();
    states.set(alert.fridgeId, { ...state, alerts: { ...state.alerts, [alert.type]: alert } });
  }
  return saved;
}

/**
 * `AlertSnapshotsOptions.write` over a map of memories: one transaction, a removed fridge
 * skipped, each row with `includedUpTo()`, the last reading the live memories include.
 */
export function stateWriter(
  db: Db,
  repository: AlertRepository,
  states: ReadonlyMap<string, FridgeAlertState>,
  includedUpTo: () => number,
): AlertSnapshotsOptions['write'] {
  return (fridgeIds, allUpTo) =>
    db.transaction(() => {
      const upTo = includedUpTo();
      for (const fridgeId of fridgeIds) {
        const state = states.get(fridgeId);
        if (state) repository.saveState(fridgeId, state, upTo);
      }
      if (allUpTo !== null) repository.saveUpTo(allUpTo);
    })();
}

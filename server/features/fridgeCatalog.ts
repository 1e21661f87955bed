import type { FridgeStatus, LevelThresholds } from '../../contract/api';
import type { ActiveReport } from '../../contract/publicSite';
import type { Clock } from '../clock';
import type { TemperatureVerdict } from '../domain/alerts/words';
import { emptyFridgeState, type FridgeState, keepDevices } from '../domain/fridgeState';
import { describeFridge, type EstimateView, type FridgeDefinition } from '../domain/fridgeStatus';

export type { EstimateView };

import type { EventBus } from '../eventBus';
import type { FridgeRepository } from '../storage/fridgeRepository';
import type { StateStore } from '../storage/stateStore';
import { PublicStatusCache, type StatusList } from './publicStatusCache';

/** Judges a fridge's temperature from its alerts (the alerts feature provides it). */
export type TemperatureJudge = (fridgeId: string, state: FridgeState, nowMs: number) => TemperatureVerdict;

export interface FridgeCatalogOptions {
  fridges: FridgeRepository;
  states: StateStore;
  bus: EventBus;
  clock: Clock;
  defaultLevels: LevelThresholds;
  /** The site's IANA zone: opening hours are read in it. */
  timeZone: string;
}

/** Open problem reports of a fridge, one entry per kind (the reports feature provides it). */
export type ReportSummary = (fridgeId: string) => ActiveReport[];

/**
 * The fridges and their current state, held in memory for fast reads and kept in step with
 * SQLite. Every change is announced as `fridgeStateChanged` with the new public status.
 */
export class FridgeCatalog {
  private readonly definitionsById = new Map<string, FridgeDefinition>();
  private readonly statesById = new Map<string, FridgeState>();
  private readonly estimatesById = new Map<string, EstimateView>();
  /** Each fridge's last status described: the next shares its unchanged parts (`domain/sameParts.ts`). */
  private readonly describedById = new Map<string, FridgeStatus>();
  private temperatureJudge: TemperatureJudge | null = null;
  private reportSummary: ReportSummary | null = null;
  /** While `announcingOnce` runs: the fridges to announce when it ends, in first-change order. */
  private deferredAnnouncements: Set<string> | null = null;
  private readonly publicStatuses = new PublicStatusCache(
    (id) => {
      const fridge = this.definitionsById.get(id);
      return fridge ? this.describe(fridge) : null;
    },
    () =>
      [...this.definitionsById.values()]
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((fridge) => fridge.id),
    () => this.options.clock.nowMs(),
  );

  constructor(private readonly options: FridgeCatalogOptions) {}

  start(): void {
    const saved = this.options.states.loadAll();
    for (const fridge of this.options.fridges.list()) {
      this.definitionsById.set(fridge.id, fridge);
      this.statesById.set(
        fridge.id,
        keepDevices(saved.get(fridge.id) ?? emptyFridgeState(), fridge.deviceIds),
      );
    }
  }

  stop(): void {
    this.definitionsById.clear();
    this.statesById.clear();
    this.estimatesById.clear();
    this.describedById.clear();
    this.publicStatuses.clear();
  }

  definition(id: string): FridgeDefinition | null {
    return this.definitionsById.get(id) ?? null;
  }

  ids(): string[] {
    return [...this.definitionsById.keys()];
  }

  state(id: string): FridgeState {
    return this.statesById.get(id) ?? emptyFridgeState();
  }

  /** The state object held now, or null before a fridge's first reading: compared by identity. */
  heldState(id: string): FridgeState | null {
    return this.statesById.get(id) ?? null;
  }

  /** The fridge's shelves whose scales round (shelf id → step kg), as its estimator last said. */
  coarseSteps(id: string): Readonly<Record<string, number>> {
    return this.estimatesById.get(id)?.coarseSteps ?? {};
  }

  status(id: string): FridgeStatus | null {
    // Changed in a batch not announced yet: the cache still holds the status before it.
    const fridge = this.deferredAnnouncements?.has(id) ? this.definitionsById.get(id) : undefined;
    if (fridge) return this.describe(fridge);
    return this.publicStatuses.get(id);
  }

  /** Every public status, sorted by name (served from the cache: see PublicStatusCache). */
  statuses(): FridgeStatus[] {
    return this.publicStatuses.all();
  }

  /** The same list serialised once per change, with its ETag (`GET /api/fridges`). */
  statusList(): StatusList {
    return this.publicStatuses.list();
  }

  /** The list's ETag alone, for a conditional request (no body assembled). */
  statusListEtag(): string {
    return this.publicStatuses.etag();
  }

  /** Sets (or, with null, removes) the judge of the public temperature status. */
  setTemperatureJudge(judge: TemperatureJudge | null): void {
    this.temperatureJudge = judge;
    this.publicStatuses.clear();
  }

  /** Sets (or, with null, removes) the source of the open reports the public status lists. */
  setReportSummary(summary: ReportSummary | null): void {
    this.reportSummary = summary;
    this.publicStatuses.clear();
  }

  /** Announces a fridge again: something its status shows (an alert) changed elsewhere. */
  refresh(id: string): void {
    if (this.definitionsById.has(id)) this.announce(id);
  }

  private describe(fridge: FridgeDefinition): FridgeStatus {
    const state = this.state(fridge.id);
    const nowMs = this.options.clock.nowMs();
    const status = describeFridge(
      fridge,
      state,
      this.options.defaultLevels,
      this.estimatesById.get(fridge.id) ?? null,
      this.temperatureJudge?.(fridge.id, state, nowMs) ?? null,
      { timeZone: this.options.timeZone, nowMs, reports: this.reportSummary?.(fridge.id) ?? [] },
      this.describedById.get(fridge.id) ?? null,
    );
    this.describedById.set(fridge.id, status);
    return status;
  }

  /** Takes states that the caller has already stored, and announces them. */
  commitStates(states: ReadonlyMap<string, FridgeState>): void {
    for (const [id, state] of states) {
      if (!this.definitionsById.has(id)) continue;
      this.statesById.set(id, state);
      this.announce(id);
    }
  }

  /** Changes one fridge's state, stores it, and announces it. */
  updateState(id: string, change: (state: FridgeState) => FridgeState): void {
    if (!this.definitionsById.has(id)) return;
    const next = change(this.state(id));
    this.options.states.save(id, next, this.options.clock.nowMs());
    this.statesById.set(id, next);
    this.announce(id);
  }

  /**
   * Applies `change` to every fridge; those it changes are stored in one transaction and announced.
   * A start with 10,000 fridges spent seconds saving and announcing each one apart (issue 12).
   */
  sweepStates(change: (state: FridgeState) => FridgeState): void {
    const changed = new Map<string, FridgeState>();
    for (const [id, state] of this.statesById) {
      const next = change(state);
      if (next !== state) changed.set(id, next);
    }
    if (changed.size === 0) return;
    this.options.states.saveMany(changed, this.options.clock.nowMs());
    this.commitStates(changed);
  }

  /** Takes the stock estimator's latest figures for a fridge, and announces them. */
  setEstimate(id: string, view: EstimateView): void {
    if (!this.definitionsById.has(id)) return;
    this.estimatesById.set(id, view);
    this.announce(id);
  }

  /** Re-reads a fridge after an organiser changed it (or removed it). */
  reload(id: string): void {
    const fridge = this.options.fridges.get(id);
    if (!fridge) {
      const existed = this.definitionsById.delete(id);
      this.statesById.delete(id);
      this.estimatesById.delete(id);
      this.describedById.delete(id);
      this.publicStatuses.invalidate(id);
      if (existed) this.options.bus.emit('fridgeRemoved', { fridgeId: id });
      return;
    }
    this.definitionsById.set(id, fridge);
    this.statesById.set(id, keepDevices(this.state(id), fridge.deviceIds));
    // A new name may move it in the list.
    this.publicStatuses.invalidate(id);
    this.announce(id);
  }

  /**
   * Runs `work` and announces each fridge it changed once, at the end, with its final status. A
   * batch's readings announce the new state and then, through the estimator, the new estimate:
   * two descriptions and two rounds of the status listeners for one change of what a fridge shows
   * (issue 12). Nested calls join the outer one.
   */
  announcingOnce(work: () => void): void {
    if (this.deferredAnnouncements) {
      work();
      return;
    }
    const deferred = new Set<string>();
    this.deferredAnnouncements = deferred;
    try {
      work();
    } finally {
      this.deferredAnnouncements = null;
      for (const id of deferred) this.announce(id);
    }
  }

  private announce(id: string): void {
    if (this.deferredAnnouncements) {
      this.deferredAnnouncements.add(id);
      return;
    }
    const fridge = this.definitionsById.get(id);
    if (!fridge) return;
    const status = this.describe(fridge);
    this.publicStatuses.put(id, status);
    this.options.bus.emit('fridgeStateChanged', { fridgeId: id, status });
  }
}

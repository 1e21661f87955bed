import type { Statement } from 'better-sqlite3';
import {
  DEFAULT_FRIDGE_SETTINGS,
  type FridgeRestockSettings,
  type FridgeRestockState,
  type RequestStatus,
  type RestockRequest,
} from '../domain/restock/types';
import type { Db } from './database';
import { Conditions, listRecords, recordById } from './recordTable';

export interface RequestFilter {
  /** One status, or `active` for open and claimed. */
  status?: RequestStatus | 'active';
  fridgeId?: string;
  /** Only requests opened at or after this. */
  sinceMs?: number;
  limit: number;
}

/** Restock requests (the whole history), each fridge's watch, and organisers' per-fridge settings. */
export class RestockRepository {
  /**
   * The two writes every status change may make, prepared once: a `prepare` per call compiled the
   * SQL again on each of them (2.3 % of the commit turn's time in `npm run bench`'s profile,
   * docs/scaling.md, fourteenth round).
   */
  private readonly upsertWatch: Statement<[string, number | null, number | null]>;
  private readonly upsertRequest: Statement<[string, string, RequestStatus, number, number | null, string]>;

  constructor(private readonly db: Db) {
    this.upsertWatch = db.prepare(
      `INSERT INTO restock_watch (fridge_id, low_since, paused_until) VALUES (?, ?, ?)
       ON CONFLICT(fridge_id) DO UPDATE SET low_since = excluded.low_since, paused_until = excluded.paused_until`,
    );
    this.upsertRequest = db.prepare(
      `INSERT INTO restock_requests (id, fridge_id, status, opened_at, closed_at, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at,
         record = excluded.record`,
    );
  }

  /** Every fridge's rule state: its watch and its active request. */
  loadStates(): Map<string, FridgeRestockState> {
    const states = new Map<string, FridgeRestockState>();
    const watches = this.db
      .prepare<[], { fridge_id: string; low_since: number | null; paused_until: number | null }>(
        'SELECT * FROM restock_watch',
      )
      .all();
    for (const w of watches) {
      states.set(w.fridge_id, { lowSinceMs: w.low_since, pausedUntilMs: w.paused_until, active: null });
    }
    for (const request of this.list({ status: 'active', limit: 1_000_000 })) {
      const state = states.get(request.fridgeId) ?? { lowSinceMs: null, pausedUntilMs: null, active: null };
      states.set(request.fridgeId, { ...state, active: request });
    }
    return states;
  }

  /** Runs inside the caller's transaction. */
  saveWatch(fridgeId: string, state: FridgeRestockState): void {
    this.upsertWatch.run(fridgeId, state.lowSinceMs, state.pausedUntilMs);
  }

  /** Runs inside the caller's transaction. */
  saveRequest(request: RestockRequest): void {
    this.upsertRequest.run(
      request.id,
      request.fridgeId,
      request.status,
      request.openedAtMs,
      request.closedAtMs,
      JSON.stringify(request),
    );
  }

  get(id: string): RestockRequest | null {
    return recordById<RestockRequest>(this.db, 'restock_requests', id);
  }

  /** Newest first. */
  list(filter: RequestFilter): RestockRequest[] {
    const conditions = new Conditions()
      .add(filter.status === 'active', "status IN ('open', 'claimed')")
      .add(Boolean(filter.status) && filter.status !== 'active', 'status = ?', filter.status ?? '')
      .add(Boolean(filter.fridgeId), 'fridge_id = ?', filter.fridgeId ?? '')
      .add(filter.sinceMs !== undefined, 'opened_at >= ?', filter.sinceMs ?? 0);
    return listRecords<RestockRequest>(
      this.db,
      'restock_requests',
      conditions,
      'opened_at DESC',
      filter.limit,
    );
  }

  settings(fridgeId: string): FridgeRestockSettings {
    const row = this.db
      .prepare<[string], { settings: string }>('SELECT settings FROM restock_settings WHERE fridge_id = ?')
      .get(fridgeId);
    return row
      ? { ...DEFAULT_FRIDGE_SETTINGS, ...(JSON.parse(row.settings) as Partial<FridgeRestockSettings>) }
      : { ...DEFAULT_FRIDGE_SETTINGS };
  }

  allSettings(): Map<string, FridgeRestockSettings> {
    const rows = this.db
      .prepare<[], { fridge_id: string; settings: string }>('SELECT * FROM restock_settings')
      .all();
    return new Map(
      rows.map((row) => [
        row.fridge_id,
        { ...DEFAULT_FRIDGE_SETTINGS, ...(JSON.parse(row.settings) as Partial<FridgeRestockSettings>) },
      ]),
    );
  }

  saveSettings(fridgeId: string, settings: FridgeRestockSettings): void {
    this.db
      .prepare(
        `INSERT INTO restock_settings (fridge_id, settings) VALUES (?, ?)
         ON CONFLICT(fridge_id) DO UPDATE SET settings = excluded.settings`,
      )
      .run(fridgeId, JSON.stringify(settings));
  }

  /** A removed fridge: its watch and settings go; its requests stay as history. */
  forgetFridge(fridgeId: string): void {
    this.db.prepare('DELETE FROM restock_watch WHERE fridge_id = ?').run(fridgeId);
    this.db.prepare('DELETE FROM restock_settings WHERE fridge_id = ?').run(fridgeId);
  }
}

import type { Statement } from 'better-sqlite3';
import type { FridgeAlertSettings } from '../domain/alerts/config';
import { AlertMemoryWriter, alertMemoryFrom } from '../domain/alerts/savedMemory';
import {
  type Alert,
  type AlertStatus,
  type FridgeAlertState,
  WIDEST_ALERT_CIRCLE,
} from '../domain/alerts/types';
import type { Db } from './database';
import { Conditions, listRecords, recordById } from './recordTable';
import { SettingsStore } from './settingsStore';

/** The setting naming a reading every `alert_state` row includes (migration 028). */
const UP_TO_KEY = 'alerts.snapshotUpTo';

/** What a start restores: every fridge's saved memory and the readings those memories include. */
export interface SavedAlertStates {
  /** The last reading every row includes; null before the first save that named one (rows older than 028). */
  upToReadingId: number | null;
  states: Map<string, FridgeAlertState>;
  /** The last reading each row includes, where later than `upToReadingId`. */
  rowUpTo: Map<string, number>;
}

export interface AlertFilter {
  /** One status, or `open` for active and acknowledged. */
  status?: AlertStatus | 'open';
  fridgeId?: string;
  /** Only alerts whose condition started before this... */
  startedBeforeMs?: number;
  /** ...and that were not resolved before this. */
  notResolvedBeforeMs?: number;
  limit: number;
}

/**
 * A stored alert. Records written before alerts widened over time have no circle: a critical one
 * had reached every circle, a warning the nearest, and neither widens again.
 */
function parseAlert(record: string): Alert {
  const alert = JSON.parse(record) as Alert;
  return {
    ...alert,
    circle: alert.circle ?? (alert.severity === 'critical' ? WIDEST_ALERT_CIRCLE : 0),
    widenAtMs: alert.widenAtMs ?? null,
  };
}

/** Alerts (the whole history), the rules' memory of each fridge, and per-fridge alert settings. */
export class AlertRepository {
  /**
   * The writes made per alert change and per fridge at each periodic save (10,000 a minute at
   * issue 12's scale), prepared once, as in RestockRepository: a `prepare` per call compiles the
   * SQL again each time (docs/scaling.md, fourteenth round).
   */
  private readonly upsertAlert: Statement<
    [string, string, string, string, string, number, number | null, string]
  >;
  private readonly upsertState: Statement<[string, string, Buffer | null, number]>;
  private readonly memoryWriter = new AlertMemoryWriter();
  private readonly settings: SettingsStore;

  constructor(private readonly db: Db) {
    this.settings = new SettingsStore(db);
    this.upsertAlert = db.prepare(
      `INSERT INTO alerts (id, fridge_id, type, status, severity, started_at, resolved_at, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, severity = excluded.severity,
         started_at = excluded.started_at, resolved_at = excluded.resolved_at, record = excluded.record`,
    );
    this.upsertState = db.prepare(
      `INSERT INTO alert_state (fridge_id, state, gaps, up_to_reading_id) VALUES (?, ?, ?, ?)
       ON CONFLICT(fridge_id) DO UPDATE SET state = excluded.state, gaps = excluded.gaps,
         up_to_reading_id = excluded.up_to_reading_id`,
    );
  }

  /** Runs inside the caller's transaction. */
  saveAlert(alert: Alert): void {
    this.upsertAlert.run(
      alert.id,
      alert.fridgeId,
      alert.type,
      alert.status,
      alert.severity,
      alert.startedAtMs,
      alert.resolvedAtMs,
      JSON.stringify(alert),
    );
  }

  get(id: string): Alert | null {
    return recordById(this.db, 'alerts', id, parseAlert);
  }

  /** Newest first. */
  list(filter: AlertFilter): Alert[] {
    const conditions = new Conditions()
      .add(filter.status === 'open', "status IN ('active', 'acknowledged')")
      .add(Boolean(filter.status) && filter.status !== 'open', 'status = ?', filter.status ?? '')
      .add(Boolean(filter.fridgeId), 'fridge_id = ?', filter.fridgeId ?? '')
      .add(filter.startedBeforeMs !== undefined, 'started_at < ?', filter.startedBeforeMs ?? 0)
      .add(
        filter.notResolvedBeforeMs !== undefined,
        '(resolved_at IS NULL OR resolved_at >= ?)',
        filter.notResolvedBeforeMs ?? 0,
      );
    return listRecords(this.db, 'alerts', conditions, 'started_at DESC', filter.limit, parseAlert);
  }

  /** Every fridge's rule memory, without its unresolved alerts (the caller adds them from the alerts table). */
  loadStates(): Map<string, FridgeAlertState> {
    return this.loadMemory().states;
  }

  /** Every fridge's rule memory (without its unresolved alerts) and the readings it includes. */
  loadMemory(): SavedAlertStates {
    const upTo = this.settings.get(UP_TO_KEY);
    const upToReadingId = upTo === null ? null : Number(upTo);
    const states = new Map<string, FridgeAlertState>();
    const rowUpTo = new Map<string, number>();
    const rows = this.db
      .prepare<[], { fridge_id: string; state: string; gaps: Buffer | null; up_to_reading_id: number }>(
        'SELECT fridge_id, state, gaps, up_to_reading_id FROM alert_state',
      )
      .all();
    for (const row of rows) {
      states.set(row.fridge_id, alertMemoryFrom(row.state, row.gaps));
      if (row.up_to_reading_id > (upToReadingId ?? 0)) rowUpTo.set(row.fridge_id, row.up_to_reading_id);
    }
    return { upToReadingId, states, rowUpTo };
  }

  /**
   * Runs inside the caller's transaction. The alerts are stored on their own rows; the gap logs
   * go as bytes (`domain/alerts/savedMemory.ts`). `upToReadingId`: the last reading the memory
   * includes (every reading of this fridge up to it, none after).
   */
  saveState(fridgeId: string, state: FridgeAlertState, upToReadingId: number): void {
    const saved = this.memoryWriter.write(state);
    // better-sqlite3 binds a Buffer as a BLOB (copied by SQLite): a view of the writer's bytes, no copy here.
    const gaps = saved.gaps && Buffer.from(saved.gaps.buffer, saved.gaps.byteOffset, saved.gaps.byteLength);
    this.upsertState.run(fridgeId, saved.json, gaps, upToReadingId);
  }

  /** Records that every row includes the readings up to `readingId` (in the caller's transaction). */
  saveUpTo(readingId: number): void {
    this.settings.set(UP_TO_KEY, String(readingId));
  }

  allSettings(): Map<string, FridgeAlertSettings> {
    const rows = this.db
      .prepare<[], { fridge_id: string; settings: string }>('SELECT * FROM alert_settings')
      .all();
    return new Map(rows.map((row) => [row.fridge_id, JSON.parse(row.settings) as FridgeAlertSettings]));
  }

  /** One fridge's saved settings; null when nobody chose any (the kind's defaults apply). */
  settingsOf(fridgeId: string): FridgeAlertSettings | null {
    const row = this.db
      .prepare<[string], { settings: string }>('SELECT settings FROM alert_settings WHERE fridge_id = ?')
      .get(fridgeId);
    return row ? (JSON.parse(row.settings) as FridgeAlertSettings) : null;
  }

  saveSettings(fridgeId: string, settings: FridgeAlertSettings): void {
    this.db
      .prepare(
        `INSERT INTO alert_settings (fridge_id, settings) VALUES (?, ?)
         ON CONFLICT(fridge_id) DO UPDATE SET settings = excluded.settings`,
      )
      .run(fridgeId, JSON.stringify(settings));
  }

  /** A removed fridge: its memory and settings go, its open alerts are stored `closed`; its alerts stay as history (the log). */
  forgetFridge(fridgeId: string, closed: readonly Alert[]): void {
    this.db.transaction(() => {
      for (const alert of closed) this.saveAlert(alert);
      this.db.prepare('DELETE FROM alert_state WHERE fridge_id = ?').run(fridgeId);
      this.db.prepare('DELETE FROM alert_settings WHERE fridge_id = ?').run(fridgeId);
    })();
  }

  /** Hourly min, max and mean of the temperature readings, for the log. */
  temperatureHours(
    fridgeId: string,
    fromMs: number,
    toMs: number,
  ): Array<{ hourMs: number; min: number; max: number; mean: number; count: number }> {
    return this.db
      .prepare<
        [string, number, number],
        { hour: number; min: number; max: number; mean: number; count: number }
      >(
        `SELECT (measured_at / 3600000) AS hour, MIN(value) AS min, MAX(value) AS max, AVG(value) AS mean,
           COUNT(*) AS count
         FROM readings WHERE fridge_id = ? AND kind = 'temperature' AND measured_at >= ? AND measured_at < ?
         GROUP BY hour ORDER BY hour`,
      )
      .all(fridgeId, fromMs, toMs)
      .map((r) => ({ hourMs: r.hour * 3_600_000, min: r.min, max: r.max, mean: r.mean, count: r.count }));
  }
}

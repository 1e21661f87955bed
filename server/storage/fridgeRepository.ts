import type { FridgeKind, LevelThresholds } from '../../contract/api';
import type { OpeningHours } from '../../contract/openingHours';
import type { Needs } from '../../contract/publicSite';
import { type FridgeDefinition, NO_NEEDS } from '../domain/fridgeStatus';
import type { ShelfSpec } from '../domain/stock';
import type { Db } from './database';

interface FridgeRow {
  id: string;
  name: string;
  kind: FridgeKind;
  address: string | null;
  simulated: number;
  levels: string | null;
  lat: number | null;
  lon: number | null;
  opening_hours: string | null;
  needs: string | null;
}

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** A fridge as an organiser creates it: its devices are registered afterwards. */
export type NewFridge = Omit<FridgeDefinition, 'deviceIds' | 'needs'>;

export type FridgeChanges = Partial<Omit<NewFridge, 'id' | 'simulated'>>;

/** Fridges, their shelves and the ids of their active devices. */
export class FridgeRepository {
  constructor(
    private readonly db: Db,
    private readonly nowMs: () => number,
  ) {}

  /**
   * Every fridge, in three queries whatever their number: one query per fridge for its shelves and
   * devices made a start with 10,000 fridges spend 8 s here (issue 12, docs/scaling.md).
   */
  list(): FridgeDefinition[] {
    const rows = this.db.prepare<[], FridgeRow>('SELECT * FROM fridges ORDER BY name, id').all();
    const shelves = groupByFridge(
      this.db
        .prepare<[], ShelfRow & { fridge_id: string }>(
          'SELECT fridge_id, id, tare_kg, capacity_kg FROM shelves ORDER BY fridge_id, position',
        )
        .all(),
    );
    const devices = groupByFridge(
      this.db
        .prepare<[], { fridge_id: string; id: string }>(
          // The same devices as hydrate's query: own ones and bound adapter devices, once each.
          `SELECT fridge_id, id FROM (
             SELECT fridge_id, id, created_at FROM devices WHERE revoked_at IS NULL AND fridge_id IS NOT NULL
             UNION
             SELECT b.fridge_id, d.id, d.created_at FROM device_bindings b JOIN devices d ON d.id = b.device_id
              WHERE d.revoked_at IS NULL)
           ORDER BY fridge_id, created_at, id`,
        )
        .all(),
    );
    return rows.map((row) =>
      definitionOf(
        row,
        (shelves.get(row.id) ?? []).map(shelfOf),
        (devices.get(row.id) ?? []).map((d) => d.id),
      ),
    );
  }

  get(id: string): FridgeDefinition | null {
    const row = this.db.prepare<[string], FridgeRow>('SELECT * FROM fridges WHERE id = ?').get(id);
    return row ? this.hydrate(row) : null;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM fridges WHERE id = ?').get(id) !== undefined;
  }

  insert(fridge: NewFridge): void {
    this.db.transaction(() => {
      // A batch in flight when an earlier fridge of this id was deleted may have left its state.
      this.db.prepare('DELETE FROM fridge_state WHERE fridge_id = ?').run(fridge.id);
      this.db
        .prepare(
          `INSERT INTO fridges (id, name, kind, address, simulated, levels, lat, lon, opening_hours, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          fridge.id,
          fridge.name,
          fridge.kind,
          fridge.address,
          fridge.simulated ? 1 : 0,
          json(fridge.levels),
          fridge.location?.lat ?? null,
          fridge.location?.lon ?? null,
          json(fridge.openingHours),
          this.nowMs(),
        );
      this.writeShelves(fridge.id, fridge.shelves);
    })();
  }

  update(id: string, changes: FridgeChanges): void {
    this.db.transaction(() => {
      const current = this.db.prepare<[string], FridgeRow>('SELECT * FROM fridges WHERE id = ?').get(id);
      if (!current) return;
      this.db
        .prepare(
          `UPDATE fridges SET name = ?, kind = ?, address = ?, levels = ?, lat = ?, lon = ?, opening_hours = ?
           WHERE id = ?`,
        )
        .run(
          changes.name ?? current.name,
          changes.kind ?? current.kind,
          changes.address !== undefined ? changes.address : current.address,
          changes.levels !== undefined ? json(changes.levels) : current.levels,
          changes.location !== undefined ? (changes.location?.lat ?? null) : current.lat,
          changes.location !== undefined ? (changes.location?.lon ?? null) : current.lon,
          changes.openingHours !== undefined ? json(changes.openingHours) : current.opening_hours,
          id,
        );
      if (changes.shelves) {
        this.db.prepare('DELETE FROM shelves WHERE fridge_id = ?').run(id);
        this.writeShelves(id, changes.shelves);
      }
    })();
  }

  /** Replaces a fridge's needs list, stamped with the time it was set. */
  setNeeds(id: string, categories: Needs['categories'], note: string | null): void {
    const needs: Needs = { categories, note, updatedAt: new Date(this.nowMs()).toISOString() };
    this.db.prepare('UPDATE fridges SET needs = ? WHERE id = ?').run(JSON.stringify(needs), id);
  }

  delete(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM fridge_state WHERE fridge_id = ?').run(id);
      this.db.prepare('DELETE FROM fridges WHERE id = ?').run(id);
    })();
  }

  private writeShelves(fridgeId: string, shelves: ShelfSpec[]): void {
    const insert = this.db.prepare(
      'INSERT INTO shelves (fridge_id, id, position, tare_kg, capacity_kg) VALUES (?, ?, ?, ?, ?)',
    );
    shelves.forEach((shelf, position) => {
      insert.run(fridgeId, shelf.id, position, shelf.tareKg, shelf.capacityKg);
    });
  }

  private hydrate(row: FridgeRow): FridgeDefinition {
    const shelves = this.db
      .prepare<[string], ShelfRow>(
        'SELECT id, tare_kg, capacity_kg FROM shelves WHERE fridge_id = ? ORDER BY position',
      )
      .all(row.id)
      .map(shelfOf);
    const deviceIds = this.db
      .prepare<[string, string], { id: string }>(
        // Its own devices and the adapter devices (a Zigbee2MQTT bridge...) with a sensor bound to it.
        `SELECT id FROM devices WHERE revoked_at IS NULL
           AND (fridge_id = ? OR id IN (SELECT device_id FROM device_bindings WHERE fridge_id = ?))
         ORDER BY created_at, id`,
      )
      .all(row.id, row.id)
      .map((d) => d.id);
    return definitionOf(row, shelves, deviceIds);
  }
}

interface ShelfRow {
  id: string;
  tare_kg: number;
  capacity_kg: number;
}

const shelfOf = (s: ShelfRow): ShelfSpec => ({ id: s.id, tareKg: s.tare_kg, capacityKg: s.capacity_kg });

function groupByFridge<T extends { fridge_id: string }>(rows: T[]): Map<string, T[]> {
  const byFridge = new Map<string, T[]>();
  for (const row of rows) {
    const list = byFridge.get(row.fridge_id);
    if (list) list.push(row);
    else byFridge.set(row.fridge_id, [row]);
  }
  return byFridge;
}

function definitionOf(row: FridgeRow, shelves: ShelfSpec[], deviceIds: string[]): FridgeDefinition {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: row.address,
    simulated: row.simulated === 1,
    shelves,
    levels: row.levels ? (JSON.parse(row.levels) as LevelThresholds) : null,
    deviceIds,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    openingHours: row.opening_hours ? (JSON.parse(row.opening_hours) as OpeningHours) : null,
    needs: row.needs ? (JSON.parse(row.needs) as Needs) : NO_NEEDS,
  };
}

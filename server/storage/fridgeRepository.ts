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

  list(): FridgeDefinition[] {
    const rows = this.db.prepare<[], FridgeRow>('SELECT * FROM fridges ORDER BY name, id').all();
    return rows.map((row) => this.hydrate(row));
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
      .prepare<[string], { id: string; tare_kg: number; capacity_kg: number }>(
        'SELECT id, tare_kg, capacity_kg FROM shelves WHERE fridge_id = ? ORDER BY position',
      )
      .all(row.id)
      .map((s) => ({ id: s.id, tareKg: s.tare_kg, capacityKg: s.capacity_kg }));
    const deviceIds = this.db
      .prepare<[string, string], { id: string }>(
        // Its own devices and the adapter devices (a Zigbee2MQTT bridge...) with a sensor bound to it.
        `SELECT id FROM devices WHERE revoked_at IS NULL
           AND (fridge_id = ? OR id IN (SELECT device_id FROM device_bindings WHERE fridge_id = ?))
         ORDER BY created_at, id`,
      )
      .all(row.id, row.id)
      .map((d) => d.id);
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
}

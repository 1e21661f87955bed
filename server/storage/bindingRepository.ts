import type { BindingRole, SensorBinding } from '../adapters/sensors/types';
import type { Db } from './database';

/** A binding as stored, with the warning the server found about it. */
export interface StoredBinding extends SensorBinding {
  warning: string | null;
}

interface BindingRow {
  device_id: string;
  source: string;
  role: BindingRole;
  fridge_id: string;
  shelf_id: string | null;
  invert: number;
  unit: string | null;
  attribute: string | null;
  warning: string | null;
}

const toBinding = (row: BindingRow): StoredBinding => ({
  source: row.source,
  role: row.role,
  fridgeId: row.fridge_id,
  shelfId: row.shelf_id,
  invert: row.invert === 1,
  unit: row.unit,
  attribute: row.attribute,
  warning: row.warning,
});

/** Which sensor of an adapter device feeds which fridge, shelf and role. */
export class BindingRepository {
  constructor(private readonly db: Db) {}

  forDevice(deviceId: string): StoredBinding[] {
    return this.db
      .prepare<[string], BindingRow>('SELECT * FROM device_bindings WHERE device_id = ? ORDER BY position')
      .all(deviceId)
      .map(toBinding);
  }

  /** Replaces every binding of a device; warnings of a binding kept as it was survive. */
  replace(deviceId: string, bindings: readonly SensorBinding[]): void {
    const previous = new Map(this.forDevice(deviceId).map((b) => [`${b.source}\u0000${b.role}`, b]));
    this.db.prepare('DELETE FROM device_bindings WHERE device_id = ?').run(deviceId);
    const insert = this.db.prepare(
      `INSERT INTO device_bindings (device_id, source, role, fridge_id, shelf_id, invert, unit, attribute, warning, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    bindings.forEach((b, position) => {
      const old = previous.get(`${b.source}\u0000${b.role}`);
      const same = old && old.fridgeId === b.fridgeId && old.shelfId === b.shelfId && old.unit === b.unit;
      insert.run(
        deviceId,
        b.source,
        b.role,
        b.fridgeId,
        b.shelfId,
        b.invert ? 1 : 0,
        b.unit,
        b.attribute,
        same ? old.warning : null,
        position,
      );
    });
  }

  setWarning(deviceId: string, source: string, role: BindingRole, warning: string | null): void {
    this.db
      .prepare('UPDATE device_bindings SET warning = ? WHERE device_id = ? AND source = ? AND role = ?')
      .run(warning, deviceId, source, role);
  }

  /** A removed fridge takes its bindings along; returns the devices that had some. */
  removeFridge(fridgeId: string): string[] {
    const devices = this.db
      .prepare<[string], { device_id: string }>(
        'SELECT DISTINCT device_id FROM device_bindings WHERE fridge_id = ?',
      )
      .all(fridgeId)
      .map((r) => r.device_id);
    this.db.prepare('DELETE FROM device_bindings WHERE fridge_id = ?').run(fridgeId);
    return devices;
  }
}

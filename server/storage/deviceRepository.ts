import type { Db } from './database';

export interface DeviceRecord {
  id: string;
  fridgeId: string;
  secretHash: string;
  revokedAtMs: number | null;
}

interface DeviceRow {
  id: string;
  fridge_id: string;
  secret_hash: string;
  revoked_at: number | null;
}

const toRecord = (row: DeviceRow): DeviceRecord => ({
  id: row.id,
  fridgeId: row.fridge_id,
  secretHash: row.secret_hash,
  revokedAtMs: row.revoked_at,
});

/** Registered devices and their hashed secrets; a revoked device stays on record. */
export class DeviceRepository {
  constructor(
    private readonly db: Db,
    private readonly nowMs: () => number,
  ) {}

  get(id: string): DeviceRecord | null {
    const row = this.db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
    return row ? toRecord(row) : null;
  }

  insert(id: string, fridgeId: string, secretHash: string): void {
    this.db
      .prepare('INSERT INTO devices (id, fridge_id, secret_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(id, fridgeId, secretHash, this.nowMs());
  }

  revoke(id: string): void {
    this.db
      .prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.nowMs(), id);
  }

  activeForFridge(fridgeId: string): DeviceRecord[] {
    return this.db
      .prepare<[string], DeviceRow>('SELECT * FROM devices WHERE fridge_id = ? AND revoked_at IS NULL')
      .all(fridgeId)
      .map(toRecord);
  }
}

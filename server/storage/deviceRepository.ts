import type { AdapterKind, DeviceKind } from '../../contract/adapterTopics';
import type { Db } from './database';

export interface DeviceRecord {
  id: string;
  fridgeId: string;
  secretHash: string;
  /** Mosquitto's `$7$` hash of the same secret; null for a device registered before it was kept. */
  mosquittoHash: string | null;
  revokedAtMs: number | null;
  kind: DeviceKind;
  /** The adapter device's own topic root; null for a native device. */
  topicRoot: string | null;
  createdAtMs: number;
}

interface DeviceRow {
  id: string;
  fridge_id: string;
  secret_hash: string;
  mosquitto_hash: string | null;
  revoked_at: number | null;
  kind: DeviceKind;
  topic_root: string | null;
  created_at: number;
}

const toRecord = (row: DeviceRow): DeviceRecord => ({
  id: row.id,
  fridgeId: row.fridge_id,
  secretHash: row.secret_hash,
  mosquittoHash: row.mosquitto_hash,
  revokedAtMs: row.revoked_at,
  kind: row.kind,
  topicRoot: row.topic_root,
  createdAtMs: row.created_at,
});

/** The hashes kept of one device secret (server/features/deviceSecrets.ts). */
export interface DeviceSecretHashes {
  secretHash: string;
  mosquittoHash: string;
}

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

  insert(id: string, fridgeId: string, hashes: DeviceSecretHashes): void {
    this.db
      .prepare(
        'INSERT INTO devices (id, fridge_id, secret_hash, mosquitto_hash, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, fridgeId, hashes.secretHash, hashes.mosquittoHash, this.nowMs());
  }

  /** An adapter device; its bindings are written by BindingRepository in the same transaction. */
  insertAdapter(
    id: string,
    kind: AdapterKind,
    topicRoot: string,
    fridgeId: string,
    hashes: DeviceSecretHashes,
  ): void {
    this.db
      .prepare(
        'INSERT INTO devices (id, fridge_id, secret_hash, mosquitto_hash, created_at, kind, topic_root) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, fridgeId, hashes.secretHash, hashes.mosquittoHash, this.nowMs(), kind, topicRoot);
  }

  /** A new secret for an active device: both hashes replaced, the old secret dead. */
  replaceSecret(id: string, hashes: DeviceSecretHashes): boolean {
    const result = this.db
      .prepare('UPDATE devices SET secret_hash = ?, mosquitto_hash = ? WHERE id = ? AND revoked_at IS NULL')
      .run(hashes.secretHash, hashes.mosquittoHash, id);
    return result.changes === 1;
  }

  /** Every device not revoked, in id order (what an external broker's files are made from). */
  allActive(): DeviceRecord[] {
    return this.db
      .prepare<[], DeviceRow>('SELECT * FROM devices WHERE revoked_at IS NULL ORDER BY id')
      .all()
      .map(toRecord);
  }

  setHomeFridge(id: string, fridgeId: string): void {
    this.db.prepare('UPDATE devices SET fridge_id = ? WHERE id = ?').run(fridgeId, id);
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

  activeAdapters(): DeviceRecord[] {
    return this.db
      .prepare<[], DeviceRow>(
        "SELECT * FROM devices WHERE kind != 'native' AND revoked_at IS NULL ORDER BY id",
      )
      .all()
      .map(toRecord);
  }

  lastRefusal(id: string): { reason: string; detail: string; atMs: number } | null {
    const row = this.db
      .prepare<[string], { last_refusal: string | null }>('SELECT last_refusal FROM devices WHERE id = ?')
      .get(id);
    return row?.last_refusal
      ? (JSON.parse(row.last_refusal) as { reason: string; detail: string; atMs: number })
      : null;
  }

  setLastRefusal(id: string, refusal: { reason: string; detail: string; atMs: number }): void {
    this.db.prepare('UPDATE devices SET last_refusal = ? WHERE id = ?').run(JSON.stringify(refusal), id);
  }
}

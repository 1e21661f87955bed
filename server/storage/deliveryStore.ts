import type { DeliveryRecord } from '../domain/redelivery';
import type { Db } from './database';

/**
 * Records one delivery: client id, packet id, digest, ordinal. The broker reuses a packet id
 * once its message is acknowledged, so the row of the older message is overwritten.
 */
export const RECORD_DELIVERY_SQL = `INSERT INTO broker_deliveries (client_id, packet_id, digest, ordinal)
  VALUES (?, ?, ?, ?)
  ON CONFLICT(client_id, packet_id) DO UPDATE SET digest = excluded.digest, ordinal = excluded.ordinal`;
/** How many values `RECORD_DELIVERY_SQL` takes per delivery. */
export const DELIVERY_COLUMNS = 4;

/** The packet ids of messages stored behind an external broker (migration 024). */
export class DeliveryStore {
  private readonly recordStmt;
  private readonly findStmt;

  constructor(private readonly db: Db) {
    this.recordStmt = db.prepare(RECORD_DELIVERY_SQL);
    this.findStmt = db.prepare<[string, number], DeliveryRecord>(
      'SELECT digest FROM broker_deliveries WHERE client_id = ? AND packet_id = ?',
    );
  }

  /** Runs inside the caller's transaction; `columns` as `DELIVERY_COLUMNS` values per delivery. */
  record(columns: readonly unknown[]): void {
    for (let i = 0; i < columns.length; i += DELIVERY_COLUMNS)
      this.recordStmt.run(columns.slice(i, i + DELIVERY_COLUMNS));
  }

  find(clientId: string, packetId: number): DeliveryRecord | null {
    return this.findStmt.get(clientId, packetId) ?? null;
  }

  /** The packet id committed last and the highest ordinal, for a start (a scan of ≤ 65,535 rows). */
  last(clientId: string): { packetId: number; ordinal: number } | null {
    return (
      this.db
        .prepare<[string], { packetId: number; ordinal: number }>(
          `SELECT packet_id AS packetId, ordinal FROM broker_deliveries WHERE client_id = ?
           ORDER BY ordinal DESC LIMIT 1`,
        )
        .get(clientId) ?? null
    );
  }
}

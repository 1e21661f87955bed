import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredSeqs {
  /** Every stored seq per source key (device id, or the topic on an external broker). */
  bySource: Map<string, Set<number>>;
  /** (source, seq) pairs stored more than once. */
  duplicates: Array<{ sourceKey: string; seq: number; copies: number }>;
  total: number;
}

/**
 * Reads the readings table straight from the SQLite file, as a volunteer would after a power
 * cut: what is on disk, not what the server says. Works while the server runs (WAL readers do
 * not block) and after it was killed (opening the file recovers the WAL).
 */
export function readStoredSeqs(dataDir: string): StoredSeqs {
  const db = new Database(join(dataDir, 'fridges.sqlite'));
  try {
    const rows = db
      .prepare<[], { sourceKey: string; seq: number; copies: number }>(
        `SELECT source_key AS sourceKey, seq, COUNT(*) AS copies FROM readings
         WHERE seq IS NOT NULL GROUP BY source_key, seq`,
      )
      .all();
    const bySource = new Map<string, Set<number>>();
    for (const row of rows) {
      const seqs = bySource.get(row.sourceKey) ?? new Set<number>();
      seqs.add(row.seq);
      bySource.set(row.sourceKey, seqs);
    }
    const total = (db.prepare('SELECT COUNT(*) AS n FROM readings').get() as { n: number }).n;
    return { bySource, duplicates: rows.filter((r) => r.copies > 1), total };
  } finally {
    db.close();
  }
}

/** The seqs in `expected` that are not in `stored`. */
export function missingSeqs(expected: Iterable<number>, stored: Set<number> | undefined): number[] {
  return [...expected].filter((seq) => !stored?.has(seq));
}

/** A device's stored readings in storage order, as `kind value` (seq-less formats: no seq to count). */
export function storedReadingsOf(dataDir: string, deviceId: string): string[] {
  const db = new Database(join(dataDir, 'fridges.sqlite'));
  try {
    return db
      .prepare<[string], { kind: string; value: number }>(
        'SELECT kind, value FROM readings WHERE device_id = ? ORDER BY id',
      )
      .all(deviceId)
      .map(({ kind, value }) => `${kind} ${value}`);
  } finally {
    db.close();
  }
}

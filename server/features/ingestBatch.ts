import { performance } from 'node:perf_hooks';
import { applyReading, type FridgeState } from '../domain/fridgeState';
import type { EventBus } from '../eventBus';
import type { StoredReading } from '../storage/readingStore';
import type { Delivery } from './deliveryLedger';
import type { FridgeCatalog } from './fridgeCatalog';

/** A reading accepted by ingest, waiting for its batch's commit to be acknowledged. */
export interface Pending {
  reading: Omit<StoredReading, 'late'>;
  /** performance.now() when it reached ingest. */
  arrivedAt: number;
  resolve: (outcome: 'stored') => void;
  reject: (err: Error) => void;
  /** Its key in ingest's in-flight map (null: no seq), removed when the batch commits or fails. */
  inFlightKey: string | null;
  /** The external broker's message it came in, recorded with it (null: another path). */
  delivery: Delivery | null;
}

/** A batch turned into rows and the fridge states they produce, before it is written. */
export interface Prepared {
  batch: Pending[];
  rows: StoredReading[];
  nextStates: Map<string, FridgeState>;
  /** The state each fridge's readings were applied to (null: none yet), to notice a change meanwhile. */
  bases: Map<string, FridgeState | null>;
  startedAt: number;
  /**
   * The `readings` id of its first row, set when it is written: one INSERT per row in one
   * transaction, and nothing else inserts readings, so the rows take consecutive ids after the
   * largest (SQLite gives a new row "one larger than the largest ROWID in the table prior to the
   * insert", https://www.sqlite.org/autoinc.html).
   */
  firstReadingId: number;
}

/** Applies a batch's readings, in order, to each fridge's held state: the rows and states to write. */
export function prepareBatch(batch: Pending[], catalog: FridgeCatalog): Prepared {
  const startedAt = performance.now();
  const nextStates = new Map<string, FridgeState>();
  const bases = new Map<string, FridgeState | null>();
  const rows: StoredReading[] = batch.map(({ reading }) => {
    let current = nextStates.get(reading.fridgeId);
    if (current === undefined) {
      const held = catalog.heldState(reading.fridgeId);
      bases.set(reading.fridgeId, held);
      current = held ?? catalog.state(reading.fridgeId);
    }
    const outcome = applyReading(current, reading);
    nextStates.set(reading.fridgeId, outcome.state);
    return { ...reading, late: outcome.late };
  });
  return { batch, rows, nextStates, bases, startedAt, firstReadingId: 0 };
}

/**
 * After the commit: the catalogue takes the batch's states (status listeners run), and each
 * reading is announced to the features (`readingAccepted`: estimator, alert rules, history).
 */
export function announceBatch(prepared: Prepared, catalog: FridgeCatalog, bus: EventBus): void {
  const { rows, nextStates, bases } = prepared;
  for (const [fridgeId, base] of bases) {
    if (catalog.heldState(fridgeId) === base) continue;
    // Changed while the batch was on the writer thread (a device connected): this batch's
    // readings go on top of that change, stored now, instead of overwriting it.
    nextStates.delete(fridgeId);
    catalog.updateState(fridgeId, (state) =>
      rows.reduce((s, row) => (row.fridgeId === fridgeId ? applyReading(s, row).state : s), state),
    );
  }
  // Each fridge's status is described and announced once, after the estimator and the alert
  // rules have taken the batch's readings.
  catalog.announcingOnce(() => {
    catalog.commitStates(nextStates);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as StoredReading;
      bus.emit('readingAccepted', {
        id: prepared.firstReadingId + i,
        fridgeId: row.fridgeId,
        deviceId: row.deviceId,
        value: row.value,
        measuredAtMs: row.measuredAtMs,
        receivedAtMs: row.receivedAtMs,
        late: row.late,
      });
    }
  });
}

/**
 * How long the estimator's periodic save holds the event loop at 10,000 fridges (issue 12): all
 * stepped rows in one transaction (the third round's save) against one slice of SAVE_SLICE_ROWS
 * (the fourth round's, a slice per turn). Real states (three shelves, settled weights, a door
 * visit), a real database file; the two are alternated, so both see the same machine load.
 *
 *   npx tsx bench/estimatorSave.ts [fridges=10000] [rounds=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createEstimatorState,
  DEFAULT_ESTIMATOR_CONFIG,
  type EstimatorState,
  estimatorEventOf,
  stepEstimatorInPlace,
} from '../server/domain/estimation';
import { SAVE_SLICE_ROWS } from '../server/features/estimatorSaver';
import { openDatabase } from '../server/storage/database';
import { EstimatorStateStore } from '../server/storage/estimatorStateStore';

const FRIDGES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const SHELVES = ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 }));

/** A fridge's state after a few minutes of readings and one visit, as the server holds it. */
function stateOf(id: string): EstimatorState {
  const config = DEFAULT_ESTIMATOR_CONFIG;
  const state = createEstimatorState(id, SHELVES, config);
  let atMs = 1_796_119_200_000;
  const apply = (value: Parameters<typeof estimatorEventOf>[0]) => {
    const event = estimatorEventOf(value, atMs);
    if (event) stepEstimatorInPlace(state, event, atMs, config);
  };
  apply({ kind: 'door', open: false });
  for (let i = 0; i < 20; i++) {
    atMs += 12_000;
    for (const shelf of SHELVES) apply({ kind: 'weight', shelfId: shelf.id, kg: 10 + (i % 2) * 0.004 });
    if (i === 10) apply({ kind: 'door', open: true });
    if (i === 11) apply({ kind: 'door', open: false });
  }
  return state;
}

const dir = mkdtempSync(join(tmpdir(), 'estimator-save-'));
try {
  const db = openDatabase(dir);
  const store = new EstimatorStateStore(db);
  const rows: Array<[string, EstimatorState]> = Array.from({ length: FRIDGES }, (_, i) => [
    `fridge-${i}`,
    stateOf(`fridge-${i}`),
  ]);
  const bytes = rows.reduce((sum, [, state]) => sum + JSON.stringify(state).length, 0);
  console.log(
    `${FRIDGES} estimator states, ${(bytes / FRIDGES).toFixed(0)} B of JSON each; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  store.save(0, rows);
  const whole: number[] = [];
  const slice: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let started = performance.now();
    store.save(round, rows);
    whole.push(performance.now() - started);
    for (let at = 0; at < rows.length; at += SAVE_SLICE_ROWS) {
      started = performance.now();
      store.save(round, rows.slice(at, at + SAVE_SLICE_ROWS), null);
      slice.push(performance.now() - started);
    }
  }
  const f = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`;
  };
  console.log(`  every row in one transaction (before): ${f(whole)} (${ROUNDS} saves)`);
  console.log(`  one slice of ${SAVE_SLICE_ROWS} rows (after): ${f(slice)} (${slice.length} slices)`);
  console.log(`  load average at the end ${loadavg()[0]?.toFixed(1)}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

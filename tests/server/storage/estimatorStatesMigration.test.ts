import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createEstimatorState } from '../../../server/domain/estimation';
import { EstimatorStateStore } from '../../../server/storage/estimatorStateStore';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { estimatorStatesSchema } from '../../../server/storage/migrations/022-estimator-states';
import { estimatorStateCursorSchema } from '../../../server/storage/migrations/023-estimator-state-cursor';

const shelves = [{ id: 's1', tareKg: 2, capacityKg: 20 }];

function databaseBefore022(): Database.Database {
  const db = new Database(':memory:');
  const at = MIGRATIONS.indexOf(estimatorStatesSchema);
  expect(at).toBeGreaterThan(0);
  for (const step of MIGRATIONS.slice(0, at)) db.exec(step);
  return db;
}

describe('migration 022: a row per fridge for the estimator states', () => {
  it('moves the one-object snapshot of an upgraded site into rows, with the reading they are up to', () => {
    const db = databaseBefore022();
    const elm = { ...createEstimatorState('elm', shelves), door: { open: false, sinceMs: 1_000 } };
    const oak = createEstimatorState('oak', shelves);
    db.prepare("INSERT INTO settings (key, value) VALUES ('estimator.snapshot', ?)").run(
      JSON.stringify({ upToReadingId: 4_321, states: { elm, oak } }),
    );
    db.exec(estimatorStatesSchema);
    db.exec(estimatorStateCursorSchema);

    const saved = new EstimatorStateStore(db).load();
    expect(saved.upToReadingId).toBe(4_321);
    expect([...saved.states.keys()].sort()).toEqual(['elm', 'oak']);
    expect(saved.states.get('elm')).toEqual(elm);
    expect(saved.states.get('oak')).toEqual(oak);
    expect(db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'estimator.snapshot'").get()).toEqual({
      n: 0,
    });
  });

  it('starts empty on a site that never saved one, and a save then a delete change only their rows', () => {
    const db = databaseBefore022();
    db.exec(estimatorStatesSchema);
    db.exec(estimatorStateCursorSchema);
    const store = new EstimatorStateStore(db);
    expect(store.load()).toEqual({ upToReadingId: 0, states: new Map(), rowUpTo: new Map() });
    const elm = createEstimatorState('elm', shelves);
    const oak = createEstimatorState('oak', shelves);
    store.save(10, [
      ['elm', elm],
      ['oak', oak],
    ]);
    const movedOak = { ...oak, door: { open: true, sinceMs: 5 } };
    store.save(12, [['oak', movedOak]]);
    store.delete('elm');
    const saved = store.load();
    expect(saved.upToReadingId).toBe(12);
    expect([...saved.states]).toEqual([['oak', movedOak]]);
  });

  it('migration 023: a row keeps the reading it is up to when a slice writes it ahead of the others', () => {
    const db = databaseBefore022();
    db.exec(estimatorStatesSchema);
    const elm = createEstimatorState('elm', shelves);
    // A row of a site before 023: it includes what the setting says, as before.
    db.prepare('INSERT INTO estimator_states (fridge_id, state) VALUES (?, ?)').run(
      'elm',
      JSON.stringify(elm),
    );
    db.prepare("INSERT INTO settings (key, value) VALUES ('estimator.snapshotUpTo', '7')").run();
    db.exec(estimatorStateCursorSchema);
    const store = new EstimatorStateStore(db);
    expect(store.load()).toEqual({ upToReadingId: 7, states: new Map([['elm', elm]]), rowUpTo: new Map() });
    const oak = createEstimatorState('oak', shelves);
    store.save(20, [['oak', oak]], null);
    expect(store.load()).toEqual({
      upToReadingId: 7,
      states: new Map([
        ['elm', elm],
        ['oak', oak],
      ]),
      rowUpTo: new Map([['oak', 20]]),
    });
    // A round that ends at 25: every row includes it, none is later.
    store.save(25, [], 25);
    expect(store.load().rowUpTo).toEqual(new Map());
  });
});

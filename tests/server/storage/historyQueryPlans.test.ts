import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../server/storage/database';
import { HistoryQueries } from '../../../server/storage/historyQueries';
import { tempDataDir } from '../../helpers/testSystem';

/**
 * The history's raw queries read one covering index each and sort nothing per reading (migrations
 * 017 and 025): a week of weight or door is then a range scan of index entries alone. A query that
 * falls back to the table, or to a sort of every reading, fails here rather than only in the bench.
 */
describe('history query plans', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function plansOf(): Record<string, string> {
    const { dir, remove } = tempDataDir();
    const db: Db = openDatabase(dir);
    cleanups.push(() => {
      db.close();
      remove();
    });
    // The statements themselves, as the service runs them (private: read by element access).
    // biome-ignore lint/complexity/useLiteralKeys: TypeScript allows a private member only this way
    const statements = new HistoryQueries(db)['statements'];
    const explain = (source: string, args: unknown[]) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${source}`)
        .all(...args)
        .map((row) => (row as { detail: string }).detail)
        .join(' | ');
    return {
      weight: explain(statements.raw.weight.source, [3_600_000, 'oak-ave', 0, 1]),
      temperature: explain(statements.raw.temperature.source, [3_600_000, 'oak-ave', 0, 1]),
      doorEvents: explain(statements.doorEvents.source, ['oak-ave', 0, 1]),
      doorBefore: explain(statements.doorBefore.source, ['oak-ave', 1]),
    };
  }

  it('reads weight, temperature and door rows from their own covering index, in order', () => {
    const plans = plansOf();
    // Weight from the one index of every reading by fridge and time (migration 025), still covering.
    expect(plans.weight).toMatch(/^SEARCH readings USING COVERING INDEX readings_by_fridge_time_kind /);
    expect(plans.temperature).toMatch(
      /^SEARCH readings USING COVERING INDEX readings_temperature_by_fridge_time /,
    );
    // The GROUP BY keeps one entry per bucket; the door events need no sort at all.
    expect(plans.doorEvents).toBe(
      'SEARCH readings USING COVERING INDEX readings_door_by_fridge_time (fridge_id=? AND measured_at>? AND measured_at<?)',
    );
    expect(plans.doorBefore).toBe(
      'SEARCH readings USING COVERING INDEX readings_door_by_fridge_time (fridge_id=? AND measured_at<?)',
    );
  });
});

import { describe, expect, it, vi } from 'vitest';
import { AlertSnapshots } from '../../../server/features/alerts/alertSnapshots';

/** Snapshots whose slices run only when the test says, writing into `written` (one array per transaction). */
function snapshotsByHand(sliceRows = 2, failOn: string | null = null) {
  const written: string[][] = [];
  const slices: Array<() => void> = [];
  const logger = { warn: vi.fn(), error: vi.fn() };
  const snapshots = new AlertSnapshots({
    sliceRows,
    logger,
    write(ids) {
      if (failOn !== null && ids.includes(failOn)) throw new Error('disk full');
      written.push([...ids]);
    },
    defer(slice) {
      slices.push(slice);
      return () => slices.splice(slices.indexOf(slice), 1);
    },
  });
  const runSlice = () => (slices.shift() as () => void)();
  return { snapshots, written, slices, runSlice, logger };
}

describe('AlertSnapshots: the rules memory saved in slices', () => {
  it('writes a round of changed fridges a slice per turn, each slice in one write', () => {
    const { snapshots, written, slices, runSlice } = snapshotsByHand(2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) snapshots.changed(id);
    snapshots.begin();
    expect(written).toEqual([]);
    expect(slices).toHaveLength(1);
    runSlice();
    expect(written).toEqual([['a', 'b']]);
    runSlice();
    runSlice();
    expect(written).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(slices).toHaveLength(0);
    expect(snapshots.saving()).toBe(false);
  });

  it('a fridge that changes during a round is written again in the next, and a round does not restart itself', () => {
    const { snapshots, written, slices, runSlice } = snapshotsByHand(2);
    for (const id of ['a', 'b', 'c']) snapshots.changed(id);
    snapshots.begin();
    runSlice();
    snapshots.changed('a');
    snapshots.begin(); // the periodic timer while a round is under way: it goes on
    runSlice();
    expect(written).toEqual([['a', 'b'], ['c']]);
    expect(slices).toHaveLength(0);
    snapshots.begin();
    runSlice();
    expect(written).toEqual([['a', 'b'], ['c'], ['a']]);
  });

  it('nothing changed: no round, no turn taken', () => {
    const { snapshots, slices } = snapshotsByHand();
    snapshots.changed('a');
    snapshots.settled('a');
    snapshots.begin();
    expect(slices).toHaveLength(0);
    expect(snapshots.saving()).toBe(false);
  });

  it('a stop writes what the round has left and what changed since, at once, and cancels the next slice', () => {
    const { snapshots, written, slices, runSlice } = snapshotsByHand(2);
    for (const id of ['a', 'b', 'c', 'd']) snapshots.changed(id);
    snapshots.begin();
    runSlice();
    snapshots.changed('a');
    snapshots.changed('e');
    snapshots.saveAll();
    expect(written).toEqual([
      ['a', 'b'],
      ['c', 'd', 'a', 'e'],
    ]);
    expect(slices).toHaveLength(0);
    expect(snapshots.saving()).toBe(false);
  });

  it('a slice the database refuses is logged and its fridges are saved in the next round', () => {
    const { snapshots, written, runSlice, logger } = snapshotsByHand(2, 'c');
    for (const id of ['a', 'b', 'c', 'd', 'e']) snapshots.changed(id);
    snapshots.begin();
    runSlice();
    runSlice(); // c, d: refused
    runSlice();
    expect(written).toEqual([['a', 'b'], ['e']]);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(snapshots.saving()).toBe(false);
    snapshots.settled('c'); // written with an alert change meanwhile
    snapshots.begin();
    runSlice();
    expect(written).toEqual([['a', 'b'], ['e'], ['d']]);
  });

  it('each write names the reading its rows include; only a round written whole names the reading every row includes', () => {
    const writes: Array<{ ids: string[]; allUpTo: number | null }> = [];
    const slices: Array<() => void> = [];
    let lastReadingId = 10;
    let refuse: string | null = null;
    const snapshots = new AlertSnapshots({
      sliceRows: 2,
      logger: { warn: vi.fn(), error: vi.fn() },
      includedUpTo: () => lastReadingId,
      write(ids, allUpTo) {
        if (refuse !== null && ids.includes(refuse)) throw new Error('disk full');
        writes.push({ ids: [...ids], allUpTo });
      },
      defer(slice) {
        slices.push(slice);
        return () => slices.splice(slices.indexOf(slice), 1);
      },
    });
    const runSlice = () => (slices.shift() as () => void)();
    for (const id of ['a', 'b', 'c']) snapshots.changed(id);
    snapshots.begin();
    lastReadingId = 14;
    runSlice();
    lastReadingId = 17;
    runSlice();
    // The round began at reading 10: a fridge it did not write had heard nothing since its last write.
    expect(writes).toEqual([
      { ids: ['a', 'b'], allUpTo: null },
      { ids: ['c'], allUpTo: 10 },
    ]);
    writes.length = 0;
    for (const id of ['a', 'b', 'c']) snapshots.changed(id);
    refuse = 'a';
    snapshots.begin();
    runSlice();
    refuse = null;
    runSlice();
    // a and b were not written: no reading is named as included by every row.
    expect(writes).toEqual([{ ids: ['c'], allUpTo: null }]);
    lastReadingId = 20;
    snapshots.saveAll();
    expect(writes).toEqual([
      { ids: ['c'], allUpTo: null },
      { ids: ['a', 'b'], allUpTo: 20 },
    ]);
  });

  it('on the event loop, slices are separate turns: another setImmediate runs between two', async () => {
    const written: string[][] = [];
    const snapshots = new AlertSnapshots({
      sliceRows: 1,
      logger: { warn: vi.fn(), error: vi.fn() },
      write: (ids) => written.push([...ids]),
    });
    snapshots.changed('a');
    snapshots.changed('b');
    snapshots.begin();
    const order: string[] = [];
    setImmediate(() => order.push(`other after ${written.length}`));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([['a'], ['b']]);
    expect(order).toEqual(['other after 1']);
  });
});

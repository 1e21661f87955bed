import { describe, expect, it } from 'vitest';
import type { StockLevel } from '../../../contract/api';
import { groupLabel, groupLevel, type MapPoint } from '../../../dashboard/src/map/marker-elements';
import { LAST_GROUPED_ZOOM, OverlapGroups } from '../../../dashboard/src/map/overlap-groups';

const point = (id: string, lat: number, lon: number, level: StockLevel | null): MapPoint => ({
  id,
  name: `${id} fridge`,
  lat,
  lon,
  level,
  levelWords: level ?? 'no reading yet',
  href: `/fridges/${id}`,
});
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

/** Three fridges within 60 m on one block, one 6 km south. */
const points = [
  point('a', 40.7502, -73.9934, 'full'),
  point('b', 40.7505, -73.9937, null),
  point('c', 40.7499, -73.9939, 'empty'),
  point('elm', 40.7128, -74.006, 'few'),
];

describe('OverlapGroups: fridges whose markers would overlap, grouped', () => {
  it('groups the block at a city zoom, with how many have food, and leaves the far fridge alone', () => {
    const items = new OverlapGroups(points).within(WORLD, 12);
    expect(items.map((i) => (i.kind === 'group' ? [i.fridges, i.withFood] : i.index))).toEqual([[3, 1], 3]);
  });

  it('shows every fridge on its own past the last grouped zoom, north to south', () => {
    const items = new OverlapGroups(points).within(WORLD, LAST_GROUPED_ZOOM + 1);
    expect(items.map((i) => i.key)).toEqual(['f1', 'f0', 'f2', 'f3']);
  });

  it('opens a group at the zoom where it splits, into its members', () => {
    const groups = new OverlapGroups(points);
    const [group] = groups.within(WORLD, 12);
    if (group?.kind !== 'group') throw new Error('expected a group');
    const { zoom, keys } = groups.expand(group.id);
    expect(zoom).toBeGreaterThan(12);
    const opened = groups.within(WORLD, zoom).filter((i) => keys.has(i.key));
    expect(opened.reduce((sum, i) => sum + (i.kind === 'group' ? i.fridges : 1), 0)).toBe(3);
  });

  it('keeps the same groups and keys when only levels change, with the new counts', () => {
    const groups = new OverlapGroups(points);
    const before = groups.within(WORLD, 12);
    groups.recount(points.map((p) => (p.id === 'b' ? { ...p, level: 'many' as const } : p)));
    const after = groups.within(WORLD, 12);
    expect(after.map((i) => i.key)).toEqual(before.map((i) => i.key));
    expect(after[0]?.kind === 'group' && after[0].withFood).toBe(2);
  });

  it("says a group's counts in words and repeats the share with food as an icon", () => {
    expect([groupLevel(4, 0), groupLevel(4, 1), groupLevel(4, 2), groupLevel(4, 4)]).toEqual([
      'empty',
      'few',
      'many',
      'full',
    ]);
    const label = groupLabel(24, 18, (n, food) => `${n} fridges, ${food} with food`);
    expect(label).toEqual({
      className: 'map-marker map-cluster map-marker-many',
      text: '◑ 24 fridges, 18 with food',
      name: '24 fridges, 18 with food',
      fridges: 24,
    });
  });
});

/**
 * Time buckets of sensor history: pure arithmetic shared by the retention job (which stores
 * 15-minute rollups) and the history API (which answers from raw readings, from rollups, or both).
 * Buckets are aligned on the epoch (UTC), so a 15-minute rollup always falls inside exactly one
 * bucket of any coarser step, and merging rollups gives the same figures as reading raw rows.
 */

export const MINUTE_MS = 60_000;
/** The rollups' resolution: fine enough for a temperature excursion (alerts act on 30 min). */
export const ROLLUP_STEP_MS = 15 * MINUTE_MS;

/** Count, min, max and sum of the values in one bucket of one sensor: mergeable without loss. */
export interface SeriesBucket {
  /** The shelf (weight), the probe (temperature) or '' (one series per fridge). */
  sensor: string;
  startMs: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

export interface DoorBucket {
  startMs: number;
  /** Closed → open transitions in the bucket. */
  openings: number;
  /** Time the door stood open inside the bucket. */
  openMs: number;
}

export interface DoorEvent {
  atMs: number;
  open: boolean;
}

export const bucketStartOf = (ms: number, stepMs: number): number => Math.floor(ms / stepMs) * stepMs;

/** Re-buckets series buckets (finer, aligned) into `stepMs` buckets, per sensor, in time order. */
export function mergeSeries(parts: Iterable<SeriesBucket>, stepMs: number): SeriesBucket[] {
  const merged = new Map<string, SeriesBucket>();
  for (const part of parts) {
    const startMs = bucketStartOf(part.startMs, stepMs);
    const key = `${part.sensor}\u0000${startMs}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...part, startMs });
      continue;
    }
    into.count += part.count;
    into.sum += part.sum;
    into.min = Math.min(into.min, part.min);
    into.max = Math.max(into.max, part.max);
  }
  return [...merged.values()].sort((a, b) => a.startMs - b.startMs || a.sensor.localeCompare(b.sensor));
}

/** Re-buckets door buckets into `stepMs` buckets, in time order. */
export function mergeDoor(parts: Iterable<DoorBucket>, stepMs: number): DoorBucket[] {
  const merged = new Map<number, DoorBucket>();
  for (const part of parts) {
    const startMs = bucketStartOf(part.startMs, stepMs);
    const into = merged.get(startMs);
    if (into) {
      into.openings += part.openings;
      into.openMs += part.openMs;
    } else merged.set(startMs, { startMs, openings: part.openings, openMs: part.openMs });
  }
  return [...merged.values()].sort((a, b) => a.startMs - b.startMs);
}

/**
 * Openings and time open per bucket over [fromMs, toMs), from door events in time order and the
 * state the door was in at `fromMs`. A door left open counts until the next event or `toMs`
 * (the caller passes "now" for a range that reaches the present). Buckets with neither an
 * opening nor open time are left out. Also returns the state at `toMs`, which the next slice
 * starts from.
 */
export function doorBuckets(
  events: readonly DoorEvent[],
  openAtStart: boolean,
  fromMs: number,
  toMs: number,
  stepMs: number,
): { buckets: DoorBucket[]; openAtEnd: boolean } {
  const buckets = new Map<number, DoorBucket>();
  const bucket = (startMs: number): DoorBucket => {
    let found = buckets.get(startMs);
    if (!found) {
      found = { startMs, openings: 0, openMs: 0 };
      buckets.set(startMs, found);
    }
    return found;
  };
  const addOpenTime = (startMs: number, endMs: number) => {
    for (let at = startMs; at < endMs; ) {
      const bucketEndMs = Math.min(bucketStartOf(at, stepMs) + stepMs, endMs);
      bucket(bucketStartOf(at, stepMs)).openMs += bucketEndMs - at;
      at = bucketEndMs;
    }
  };
  let open = openAtStart;
  let openSinceMs = fromMs;
  for (const event of events) {
    if (event.atMs < fromMs || event.atMs >= toMs) continue;
    if (event.open && !open) {
      bucket(bucketStartOf(event.atMs, stepMs)).openings += 1;
      openSinceMs = event.atMs;
    } else if (!event.open && open) addOpenTime(openSinceMs, event.atMs);
    open = event.open;
  }
  if (open) addOpenTime(openSinceMs, toMs);
  return { buckets: [...buckets.values()].sort((a, b) => a.startMs - b.startMs), openAtEnd: open };
}

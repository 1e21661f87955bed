import type { Condition } from './lifecycle';
import type { AlertContext, DeviceTrack, GapLog } from './types';

const DAY_MS = 24 * 3600_000;
/** Gaps kept per device: a day of 10-minute reports; a chattier device keeps its latest. */
const MAX_GAPS = 150;
/** Fewer gaps than this and the device has not reported long enough to learn from. */
const MIN_GAPS_TO_LEARN = 10;

/** A saved track with its gaps as a GapLog, whichever way they were saved. */
export function savedDeviceTrack(saved: DeviceTrack): DeviceTrack {
  return { ...saved, gaps: gapLogOf(saved.gaps as Parameters<typeof gapLogOf>[0]) };
}

/** Readings from an external broker carry no device id: the fridge is tracked as one source. */
export const FRIDGE_SOURCE = '_fridge';

const noGaps = (): GapLog => ({ endsMs: [], lengthsMs: [] });

/** A message from `deviceId` arrived at `receivedAtMs` (wall clock). */
export function onHeard(track: DeviceTrack | undefined, receivedAtMs: number): DeviceTrack {
  if (!track) return { lastHeardMs: receivedAtMs, gaps: noGaps(), offline: false, battery: null };
  const gapMs = receivedAtMs - track.lastHeardMs;
  const horizonMs = receivedAtMs - DAY_MS;
  const previous = track.gaps;
  const { endsMs, lengthsMs } = previous;
  // Gaps are appended in receive order (a gap is kept only when later than the last one heard):
  // the expired ones lead the list, then those past MAX_GAPS once the new one is in.
  let expired = 0;
  while (expired < endsMs.length && (endsMs[expired] ?? horizonMs) < horizonMs) expired++;
  const added = gapMs > 0 ? 1 : 0;
  const dropped = expired + Math.max(0, endsMs.length - expired + added - MAX_GAPS);
  let gaps = previous;
  if (dropped > 0 || added > 0) {
    const addedGapMs = added > 0 ? gapMs : null;
    gaps = {
      endsMs: tailWith(endsMs, dropped, added > 0 ? receivedAtMs : null),
      lengthsMs: tailWith(lengthsMs, dropped, addedGapMs),
    };
    carrySortedGaps(previous, gaps, dropped, addedGapMs);
  }
  return { ...track, lastHeardMs: Math.max(track.lastHeardMs, receivedAtMs), gaps, offline: false };
}

/**
 * `list` from index `start` on, then `last` if given, in one array of exactly that length: every
 * reading makes one, and `slice` then `concat` made two (a pushed-to copy would grow its backing
 * store by half again, kept for good).
 */
function tailWith(list: readonly number[], start: number, last: number | null): number[] {
  const kept = list.length - start;
  const tail = new Array<number>(kept + (last === null ? 0 : 1));
  for (let i = 0; i < kept; i++) tail[i] = list[start + i] as number;
  if (last !== null) tail[kept] = last;
  return tail;
}

/**
 * A saved track's gaps as a GapLog: rule memory saved by earlier versions kept them as
 * `[receivedAtMs, gapMs]` pairs, and alert_state rows are read back as they were saved.
 */
export function gapLogOf(saved: GapLog | ReadonlyArray<readonly [number, number]> | undefined): GapLog {
  if (saved === undefined) return noGaps();
  if (!Array.isArray(saved)) return saved as GapLog;
  const pairs = saved as ReadonlyArray<readonly [number, number]>;
  return { endsMs: pairs.map(([at]) => at), lengthsMs: pairs.map(([, gap]) => gap) };
}

/**
 * Each gap log's lengths in ascending order, for the percentile. Logs are never changed once made
 * (`onHeard` copies), so a log is a key. Sorting up to 150 gaps on every reading was the largest
 * cost of the alert rules in the ingest profile (docs/benchmarks.md): a new log's order is derived
 * from its predecessor's by removing the gaps that left and inserting the new one.
 */
const sortedGaps = new WeakMap<GapLog, number[]>();

function sortedGapsOf(gaps: GapLog): number[] {
  let sorted = sortedGaps.get(gaps);
  if (!sorted) {
    sorted = gaps.lengthsMs.slice().sort((a, b) => a - b);
    sortedGaps.set(gaps, sorted);
  }
  return sorted;
}

/** First index in ascending `sorted` whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Derives `next`'s sorted gaps from `previous`'s when those are known (otherwise they are sorted
 * when first asked for). `next` is what `onHeard` made: `previous` without its first `dropped`
 * gaps, then perhaps `addedGapMs`.
 */
function carrySortedGaps(previous: GapLog, next: GapLog, dropped: number, addedGapMs: number | null): void {
  const before = sortedGaps.get(previous);
  if (!before || next.lengthsMs.length < MIN_GAPS_TO_LEARN) return;
  // One pass into an array of the new length: the copy and two splices each moved every entry.
  const skipped: number[] = [];
  for (let i = 0; i < dropped; i++) {
    const gap = previous.lengthsMs[i] ?? 0;
    let at = lowerBound(before, gap);
    while (skipped.includes(at) && before[at] === gap) at++;
    if (before[at] === gap) skipped.push(at);
  }
  const sorted = new Array<number>(before.length - skipped.length + (addedGapMs === null ? 0 : 1));
  let inserted = addedGapMs === null;
  let to = 0;
  for (let from = 0; from < before.length; from++) {
    if (skipped.includes(from)) continue;
    const gap = before[from] as number;
    if (!inserted && gap >= (addedGapMs as number)) {
      sorted[to++] = addedGapMs as number;
      inserted = true;
    }
    sorted[to++] = gap;
  }
  if (!inserted) sorted[to] = addedGapMs as number;
  sortedGaps.set(next, sorted);
}

/**
 * How often this device reports: the 90th percentile of its gaps over the last day, so a burst
 * of door messages does not make a slow heartbeat look late. The default until it has history.
 */
export function expectedIntervalMs(track: DeviceTrack, context: AlertContext): number {
  if (track.gaps.lengthsMs.length < MIN_GAPS_TO_LEARN) return context.config.defaultIntervalMs;
  const sorted = sortedGapsOf(track.gaps);
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? context.config.defaultIntervalMs
  );
}

/** When a device that is heard no more counts as silent. */
export function silentAtMs(track: DeviceTrack, context: AlertContext): number {
  const { silentIntervals, silentMinMs } = context.config;
  return track.lastHeardMs + Math.max(silentMinMs, silentIntervals * expectedIntervalMs(track, context));
}

/** The fridge's devices the rules watch: registered ones, and the anonymous source of an external broker. */
export function watchedDevices(
  devices: Record<string, DeviceTrack>,
  context: AlertContext,
): Array<[string, DeviceTrack]> {
  return Object.entries(devices).filter(([id]) => id === FRIDGE_SOURCE || context.deviceIds.includes(id));
}

/** Devices silent at `atMs`: their last will said offline, or nothing came for 3 expected intervals. */
export function silenceCondition(
  devices: Record<string, DeviceTrack>,
  atMs: number,
  context: AlertContext,
): Condition | null {
  if (!anySilent(devices, atMs, context)) return null;
  const silent = watchedDevices(devices, context).filter(
    ([, track]) => track.offline || atMs >= silentAtMs(track, context),
  );
  if (silent.length === 0) return null;
  const firedAtMs = Math.min(
    ...silent.map(([, track]) => (track.offline ? atMs : silentAtMs(track, context))),
  );
  return {
    severity: 'warning',
    startedAtMs: Math.min(...silent.map(([, track]) => track.lastHeardMs)),
    firedAtMs,
    details: {
      deviceIds: silent.map(([id]) => id).sort(),
      offline: silent.some(([, track]) => track.offline),
    },
  };
}

/**
 * Whether any watched device is silent at `atMs`. Asked on every reading, where the answer is
 * nearly always no: a loop that allocates nothing, before `silenceCondition` builds its details.
 */
function anySilent(devices: Record<string, DeviceTrack>, atMs: number, context: AlertContext): boolean {
  for (const id of Object.keys(devices)) {
    const track = devices[id];
    if (track === undefined || (id !== FRIDGE_SOURCE && !context.deviceIds.includes(id))) continue;
    if (track.offline || atMs >= silentAtMs(track, context)) return true;
  }
  return false;
}

/** The earliest moment a device that still reports would turn silent (one loop: asked per reading). */
export function nextSilenceDeadline(
  devices: Record<string, DeviceTrack>,
  alreadySilent: readonly string[],
  context: AlertContext,
): number | null {
  let earliest: number | null = null;
  for (const id of Object.keys(devices)) {
    const track = devices[id];
    if (track === undefined || track.offline || alreadySilent.includes(id)) continue;
    if (id !== FRIDGE_SOURCE && !context.deviceIds.includes(id)) continue;
    const at = silentAtMs(track, context);
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/**
 * The probe stopped while the device still measures other things (an unplugged DS18B20 reads
 * -127 °C or 85 °C, which the contract refuses, so it simply goes missing). `probe` is tracked in
 * measured time; only where temperature rules apply.
 */
export function probeSilenceCondition(
  probe: DeviceTrack | null | undefined,
  hasTemperatureRules: boolean,
  atMs: number,
  context: AlertContext,
): Condition | null {
  if (!probe || !hasTemperatureRules) return null;
  const firedAtMs = silentAtMs(probe, context);
  if (atMs < firedAtMs) return null;
  return { severity: 'warning', startedAtMs: probe.lastHeardMs, firedAtMs };
}

/** Batteries at or below the limit (a device that never said its charge is not low). */
export function batteryCondition(
  devices: Record<string, DeviceTrack>,
  atMs: number,
  context: AlertContext,
): Condition | null {
  const low = watchedDevices(devices, context).filter(
    ([, track]) => track.battery !== null && track.battery <= context.config.lowBatteryAtOrBelow,
  );
  if (low.length === 0) return null;
  return {
    severity: 'warning',
    startedAtMs: atMs,
    details: {
      deviceIds: low.map(([id]) => id).sort(),
      battery: Math.min(...low.map(([, track]) => track.battery ?? 1)),
    },
  };
}

/** Shelves whose load cell the stock estimator doubts (stuck, out of range, jumping). */
export function sensorFaultCondition(
  faults: ReadonlyArray<{ shelfId: string; reason: string }>,
  atMs: number,
): Condition | null {
  if (faults.length === 0) return null;
  return { severity: 'warning', startedAtMs: atMs, details: { shelves: [...faults] } };
}

import type { Condition } from './lifecycle';
import type { AlertContext, DeviceTrack } from './types';

const DAY_MS = 24 * 3600_000;
/** Gaps kept per device: a day of 10-minute reports; a chattier device keeps its latest. */
const MAX_GAPS = 150;
/** Fewer gaps than this and the device has not reported long enough to learn from. */
const MIN_GAPS_TO_LEARN = 10;

/** Readings from an external broker carry no device id: the fridge is tracked as one source. */
export const FRIDGE_SOURCE = '_fridge';

/** A message from `deviceId` arrived at `receivedAtMs` (wall clock). */
export function onHeard(track: DeviceTrack | undefined, receivedAtMs: number): DeviceTrack {
  if (!track) return { lastHeardMs: receivedAtMs, gaps: [], offline: false, battery: null };
  const gapMs = receivedAtMs - track.lastHeardMs;
  const horizonMs = receivedAtMs - DAY_MS;
  const previous = track.gaps;
  // Gaps are appended in receive order (a gap is kept only when later than the last one heard):
  // the expired ones lead the list.
  let expired = 0;
  while (expired < previous.length && (previous[expired]?.[0] ?? horizonMs) < horizonMs) expired++;
  // One copy per reading: the kept gaps and the new one (a full list was copied twice, once to
  // append and once to drop the oldest, on every reading of a device heard all day).
  const added = gapMs > 0 ? 1 : 0;
  const from = Math.max(expired, previous.length + added - MAX_GAPS);
  let gaps = previous;
  if (from > 0 || added > 0) {
    gaps = previous.slice(from);
    if (added > 0) gaps.push([receivedAtMs, gapMs]);
  }
  if (gaps !== previous) carrySortedGaps(previous, gaps);
  return { ...track, lastHeardMs: Math.max(track.lastHeardMs, receivedAtMs), gaps, offline: false };
}

/**
 * Each gap list's gap lengths in ascending order, for the percentile. Lists are never changed
 * once made (`onHeard` copies), so a list is a key. Sorting up to 150 gaps on every reading was
 * the largest cost of the alert rules in the ingest profile (docs/benchmarks.md): a new list's
 * order is derived from its predecessor's by removing the gaps that left and inserting the new one.
 */
const sortedGaps = new WeakMap<DeviceTrack['gaps'], number[]>();

function sortedGapsOf(gaps: DeviceTrack['gaps']): number[] {
  let sorted = sortedGaps.get(gaps);
  if (!sorted) {
    sorted = gaps.map(([, gap]) => gap).sort((a, b) => a - b);
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
 * when first asked for). `next` is what `onHeard` made: the entries of `previous` after the
 * first few it dropped (expired, or past the cap), in their order, then perhaps a new one.
 */
function carrySortedGaps(previous: DeviceTrack['gaps'], next: DeviceTrack['gaps']): void {
  const before = sortedGaps.get(previous);
  if (!before || next.length < MIN_GAPS_TO_LEARN) return;
  const sorted = before.slice();
  // The entries that left lead `previous`: find where `next` starts in it, from the front (one or
  // two steps). Walking all of `previous` to match entries one by one was the alert rules' largest
  // cost per reading in the fifth round's profile (docs/benchmarks.md §1).
  const first = next[0];
  let left = 0;
  while (left < previous.length && previous[left] !== first) left++;
  for (let i = 0; i < left; i++) {
    const gap = previous[i]?.[1] ?? 0;
    const at = lowerBound(sorted, gap);
    if (sorted[at] === gap) sorted.splice(at, 1);
  }
  for (let j = previous.length - left; j < next.length; j++) {
    const gap = next[j]?.[1] ?? 0;
    sorted.splice(lowerBound(sorted, gap), 0, gap);
  }
  sortedGaps.set(next, sorted);
}

/**
 * How often this device reports: the 90th percentile of its gaps over the last day, so a burst
 * of door messages does not make a slow heartbeat look late. The default until it has history.
 */
export function expectedIntervalMs(track: DeviceTrack, context: AlertContext): number {
  if (track.gaps.length < MIN_GAPS_TO_LEARN) return context.config.defaultIntervalMs;
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

/** The earliest moment a device that still reports would turn silent. */
export function nextSilenceDeadline(
  devices: Record<string, DeviceTrack>,
  alreadySilent: readonly string[],
  context: AlertContext,
): number | null {
  const deadlines = watchedDevices(devices, context)
    .filter(([id, track]) => !track.offline && !alreadySilent.includes(id))
    .map(([, track]) => silentAtMs(track, context));
  return deadlines.length === 0 ? null : Math.min(...deadlines);
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

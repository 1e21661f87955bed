import { GapLog } from './gapLog';
import type { Condition } from './lifecycle';
import type { AlertContext, DeviceTrack } from './types';

const DAY_MS = 24 * 3600_000;
/** Gaps kept per device: a day of 10-minute reports; a chattier device keeps its latest. */
const MAX_GAPS = 150;
/** Fewer gaps than this and the device has not reported long enough to learn from. */
const MIN_GAPS_TO_LEARN = 10;

/**
 * A saved track with its gaps as a GapLog, whichever way they were saved: `logs` are the row's
 * logs saved as bytes, which a track names by number (`savedMemory.ts`).
 */
export function savedDeviceTrack(saved: DeviceTrack, logs: readonly GapLog[] = []): DeviceTrack {
  return { ...saved, gaps: gapLogOf(saved.gaps as unknown as SavedGaps, logs) };
}

/** Readings from an external broker carry no device id: the fridge is tracked as one source. */
export const FRIDGE_SOURCE = '_fridge';

/** A message from `deviceId` arrived at `receivedAtMs` (wall clock). */
export function onHeard(track: DeviceTrack | undefined, receivedAtMs: number): DeviceTrack {
  if (!track) return { lastHeardMs: receivedAtMs, gaps: GapLog.empty, offline: false, battery: null };
  const gapMs = receivedAtMs - track.lastHeardMs;
  const horizonMs = receivedAtMs - DAY_MS;
  const previous = track.gaps;
  // Gaps are appended in receive order (a gap is kept only when later than the last one heard):
  // the expired ones lead the list, then those past MAX_GAPS once the new one is in.
  let expired = 0;
  while (expired < previous.size && previous.endAt(expired) < horizonMs) expired++;
  const added = gapMs > 0 ? 1 : 0;
  const dropped = expired + Math.max(0, previous.size - expired + added - MAX_GAPS);
  const gaps =
    dropped > 0 || added > 0 ? previous.next(dropped, added > 0 ? gapMs : null, receivedAtMs) : previous;
  return { ...track, lastHeardMs: Math.max(track.lastHeardMs, receivedAtMs), gaps, offline: false };
}

/**
 * How rule memory saved its gaps: the number of a log saved as bytes, before that
 * `{ endsMs, lengthsMs }`, and earlier `[receivedAtMs, gapMs]` pairs.
 */
type SavedGaps =
  | GapLog
  | number
  | { endsMs: number[]; lengthsMs: number[] }
  | ReadonlyArray<readonly [number, number]>;

/**
 * A saved track's gaps as a GapLog: alert_state rows are read back as they were saved, and rule
 * memory saved by earlier versions kept the gaps as `[receivedAtMs, gapMs]` pairs.
 */
export function gapLogOf(saved: SavedGaps | undefined, logs: readonly GapLog[] = []): GapLog {
  if (saved === undefined) return GapLog.empty;
  if (saved instanceof GapLog) return saved;
  if (typeof saved === 'number') {
    const log = logs[saved];
    if (!log) throw new Error(`saved rule memory names gap log ${saved}, which its row does not hold`);
    return log;
  }
  if (!Array.isArray(saved)) {
    const { endsMs, lengthsMs } = saved as { endsMs: number[]; lengthsMs: number[] };
    return GapLog.of(endsMs, lengthsMs);
  }
  const pairs = saved as ReadonlyArray<readonly [number, number]>;
  return GapLog.of(
    pairs.map(([at]) => at),
    pairs.map(([, gap]) => gap),
  );
}

/**
 * How often this device reports: the 90th percentile of its gaps over the last day, so a burst
 * of door messages does not make a slow heartbeat look late. The default until it has history.
 */
export function expectedIntervalMs(track: DeviceTrack, context: AlertContext): number {
  const { gaps } = track;
  if (gaps.size < MIN_GAPS_TO_LEARN) return context.config.defaultIntervalMs;
  return gaps.sortedAt(Math.min(gaps.size - 1, Math.floor(gaps.size * 0.9)));
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
  // for…in walks the record without an array of its keys (an `IdRecord`: only its own keys).
  for (const id in devices) {
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
  for (const id in devices) {
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

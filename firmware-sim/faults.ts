/*
 * Fault injection: what goes wrong with a fridge or its sensor board, when, and for how long, in
 * simulated time. A fault draws no randomness of its own, so a run with faults is as
 * reproducible from its seed as one without.
 */

/**
 * - `compressorFailure`: no cooling, door shut: the air warms toward the room (`AIR.noCoolingTimeConstantMs`).
 * - `powerCut`: the same warming (the cabinet cannot tell why it has no cooling); the sensor board
 *   runs on its battery and keeps reporting. A router on the same circuit: add `deviceOffline`.
 * - `doorLeftOpen`: the door stands open (nobody comes until it is closed at the end).
 * - `probeUnplugged`: the temperature probe sends nothing (a DS18B20 without its data line reads
 *   -127 °C, which the contract refuses, so firmware leaves it out); weights go on.
 * - `deviceOffline`: the board's link drops without a goodbye (the broker publishes its last
 *   will); it keeps measuring into its offline buffer and uploads it on reconnect at the end.
 * - `deviceHung`: the board stays connected but measures and sends nothing (a stuck sensor task);
 *   only the server's silence timer can notice. It resumes at the end.
 */
export const FAULT_KINDS = [
  'compressorFailure',
  'powerCut',
  'doorLeftOpen',
  'probeUnplugged',
  'deviceOffline',
  'deviceHung',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults of the fridge itself, played by the pure model; the others are the device's. */
export const MODEL_FAULTS: ReadonlySet<FaultKind> = new Set([
  'compressorFailure',
  'powerCut',
  'doorLeftOpen',
  'probeUnplugged',
]);
/** Faults that need a door, a probe or cooling, which a pantry has none of. */
const FRIDGE_ONLY: ReadonlySet<FaultKind> = MODEL_FAULTS;

export interface FaultSpec {
  kind: FaultKind;
  /**
   * Simulated ms after the simulation's start. Negative: it began before the start, within the
   * fridge's `historyMs` in a live simulation; in an offline scenario it is on from the start.
   */
  startAfterMs: number;
  /** How long it lasts; default until the end of the run. */
  durationMs?: number;
}

/** A fault on the model's timeline, in epoch ms. */
export interface ScheduledFault {
  kind: FaultKind;
  startMs: number;
  /** Infinity: until the end. */
  endMs: number;
}

export function scheduleFaults(faults: readonly FaultSpec[] | undefined, startMs: number): ScheduledFault[] {
  return (faults ?? []).map((fault) => ({
    kind: fault.kind,
    startMs: startMs + fault.startAfterMs,
    endMs:
      fault.durationMs === undefined
        ? Number.POSITIVE_INFINITY
        : startMs + fault.startAfterMs + fault.durationMs,
  }));
}

/** Whether a fault of `kind` is on at `atMs` (a fault covers [start, end)). */
export function faultActive(faults: readonly ScheduledFault[], kind: FaultKind, atMs: number): boolean {
  return faults.some((fault) => fault.kind === kind && fault.startMs <= atMs && atMs < fault.endMs);
}

/** The next start or end of a fault of one of `kinds` strictly after `afterMs`, or Infinity. */
export function nextFaultEdgeMs(
  faults: readonly ScheduledFault[],
  kinds: ReadonlySet<FaultKind>,
  afterMs: number,
): number {
  let next = Number.POSITIVE_INFINITY;
  for (const fault of faults) {
    if (!kinds.has(fault.kind)) continue;
    if (fault.startMs > afterMs && fault.startMs < next) next = fault.startMs;
    if (fault.endMs > afterMs && fault.endMs < next) next = fault.endMs;
  }
  return next;
}

/** Problems with one fridge's faults, as `path: message`. */
export function faultProblems(
  faults: readonly FaultSpec[] | undefined,
  fridgeKind: string,
  at: string,
): string[] {
  const problems: string[] = [];
  if (faults === undefined) return problems;
  if (!Array.isArray(faults)) return [`${at}/faults: must be a list`];
  faults.forEach((fault, i) => {
    const path = `${at}/faults/${i}`;
    if (!FAULT_KINDS.includes(fault?.kind))
      problems.push(`${path}/kind: must be one of ${FAULT_KINDS.join(', ')}`);
    else if (fridgeKind !== 'fridge' && FRIDGE_ONLY.has(fault.kind))
      problems.push(
        `${path}/kind: ${fault.kind} needs a fridge (a pantry has no door sensor, probe or cooling)`,
      );
    if (!Number.isFinite(fault?.startAfterMs)) problems.push(`${path}/startAfterMs: must be a number of ms`);
    if (fault?.durationMs !== undefined && !(Number.isFinite(fault.durationMs) && fault.durationMs > 0))
      problems.push(`${path}/durationMs: must be a positive number of ms`);
  });
  return problems;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `1h30m`, `-2h15m`, `0` → ms; null when it is not a duration. */
export function parseDurationMs(text: string): number | null {
  const match = /^(-?)((?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+|0)$/.exec(text.trim());
  if (!match) return null;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g))
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  return match[1] === '-' ? -total : total;
}

/**
 * One `--fault` flag: `[FRIDGE:]KIND@START[+DURATION]`, e.g. `powerCut@10m+2h`,
 * `sim-2:doorLeftOpen@1m+6m`. Without a fridge it applies to the first one.
 */
export function parseFaultFlag(
  text: string,
): { ok: true; fridgeId: string | null; fault: FaultSpec } | { ok: false; message: string } {
  const match = /^(?:([a-z0-9-]+):)?([A-Za-z]+)@([^+]+)(?:\+(.+))?$/.exec(text);
  const usage = `--fault: expected [FRIDGE:]KIND@START[+DURATION] such as powerCut@10m+2h, got ${JSON.stringify(text)}`;
  if (!match) return { ok: false, message: usage };
  const [, fridgeId, kind, start, duration] = match;
  if (!FAULT_KINDS.includes(kind as FaultKind))
    return {
      ok: false,
      message: `--fault: ${JSON.stringify(kind)} is no fault; one of ${FAULT_KINDS.join(', ')}`,
    };
  const startAfterMs = parseDurationMs(start ?? '');
  if (startAfterMs === null || startAfterMs < 0)
    return {
      ok: false,
      message: `--fault: start ${JSON.stringify(start)} must be a time like 90s, 10m, 1h30m`,
    };
  const durationMs = duration === undefined ? undefined : parseDurationMs(duration);
  if (durationMs === null || (durationMs !== undefined && durationMs <= 0))
    return {
      ok: false,
      message: `--fault: duration ${JSON.stringify(duration)} must be a positive time like 6m, 2h`,
    };
  const fault: FaultSpec =
    durationMs === undefined
      ? { kind: kind as FaultKind, startAfterMs }
      : { kind: kind as FaultKind, startAfterMs, durationMs };
  return { ok: true, fridgeId: fridgeId ?? null, fault };
}

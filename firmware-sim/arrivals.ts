import { exponentialMs, type Range, type Rng, uniform } from './prng';

/**
 * When people arrive at a fridge. `hourly`: a Poisson process whose rate follows the local hour,
 * for realistic days. `regular`: gaps drawn from a range, for a demo that must never go quiet.
 */
export type ArrivalProcess =
  | {
      kind: 'hourly' /** Mean arrivals per hour for each local hour 0..23. */;
      perHourByHour: readonly number[];
    }
  | { kind: 'regular'; gapMs: Range };

const MS_PER_HOUR = 3_600_000;

const maxRatePerMs = (perHourByHour: readonly number[]) => Math.max(0, ...perHourByHour) / MS_PER_HOUR;

/**
 * The next candidate arrival after `fromMs`. Hourly processes are simulated by thinning (Lewis &
 * Shedler 1979): candidates at the peak rate, each kept by `acceptArrival`.
 */
export function nextArrivalCandidateMs(rng: Rng, fromMs: number, process: ArrivalProcess): number {
  switch (process.kind) {
    case 'hourly': {
      const maxRate = maxRatePerMs(process.perHourByHour);
      return maxRate > 0 ? Math.round(fromMs + exponentialMs(rng, maxRate)) : Number.POSITIVE_INFINITY;
    }
    case 'regular':
      return Math.round(fromMs + uniform(rng, process.gapMs.min, process.gapMs.max));
  }
}

/** Whether a candidate at `atMs` is a real arrival: with probability rate(atMs) / peak rate. */
export function acceptArrival(
  rng: Rng,
  process: ArrivalProcess,
  atMs: number,
  utcOffsetMinutes: number,
): boolean {
  switch (process.kind) {
    case 'hourly': {
      const rate = (process.perHourByHour[localHour(atMs, utcOffsetMinutes)] ?? 0) / MS_PER_HOUR;
      return rng.next() < rate / maxRatePerMs(process.perHourByHour);
    }
    case 'regular':
      return true;
  }
}

/** Local hour of day 0..23 of an epoch time, for a fixed UTC offset. */
export function localHour(epochMs: number, utcOffsetMinutes: number): number {
  const msPerDay = 86_400_000;
  const localMs = (((epochMs + utcOffsetMinutes * 60_000) % msPerDay) + msPerDay) % msPerDay;
  return Math.floor(localMs / 3_600_000);
}

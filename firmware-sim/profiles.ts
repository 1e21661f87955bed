import type { ArrivalProcess } from './arrivals';
import type { Range } from './prng';

/**
 * How people use a fridge. The shapes and amounts are assumptions (busy after work, quiet at
 * night, restocked in daytime); replace them with rates measured from real logs once they exist.
 */
export interface BehaviourProfile {
  name: string;
  /** Neighbours arriving. */
  visits: ArrivalProcess;
  /** Volunteers arriving to restock. */
  restocks: ArrivalProcess;
  /** Door open time of a neighbour's visit, drawn log-uniformly (most visits are short). */
  visitDurationMs: Range;
  /** Door open time while a volunteer restocks. */
  restockDurationMs: Range;
  /** Share of visits that take nothing (looking only). */
  browseShare: number;
  /** Share of visits that leave food instead of taking it. */
  donationShare: number;
  /** Food taken in one visit, all shelves together, before limiting to what is there. */
  takenKg: Range;
  /** Food left by a donating neighbour. */
  donatedKg: Range;
  /** A restock fills each shelf to this fraction of its capacity (never beyond capacity). */
  restockFillFraction: Range;
  /** Fill fraction of each shelf when the simulation starts. */
  initialFillFraction: Range;
}

/** An hourly arrival process from `[fromHour, toHourExclusive, perHour]` ranges; other hours 0. */
const hourly = (
  byRange: ReadonlyArray<[fromHour: number, toHourExclusive: number, perHour: number]>,
): ArrivalProcess => {
  const perHourByHour = new Array<number>(24).fill(0);
  for (const [from, to, perHour] of byRange) for (let h = from; h < to; h += 1) perHourByHour[h] = perHour;
  return { kind: 'hourly', perHourByHour };
};

/** About 40 visits and 3 restocks a day, evenings busiest. */
export const REALISTIC_PROFILE: BehaviourProfile = {
  name: 'realistic',
  visits: hourly([
    [0, 6, 0.3],
    [6, 7, 0.5],
    [7, 9, 1],
    [9, 12, 1.5],
    [12, 14, 2.5],
    [14, 17, 2],
    [17, 21, 4],
    [21, 22, 2.5],
    [22, 23, 1],
    [23, 24, 0.5],
  ]),
  restocks: hourly([[8, 20, 0.25]]),
  // The issue specifies door sessions of 5-60 s.
  visitDurationMs: { min: 5_000, max: 60_000 },
  restockDurationMs: { min: 30_000, max: 60_000 },
  browseShare: 0.15,
  donationShare: 0.1,
  takenKg: { min: 0.2, max: 2.5 },
  donatedKg: { min: 0.5, max: 3 },
  restockFillFraction: { min: 0.6, max: 1 },
  initialFillFraction: { min: 0.3, max: 0.8 },
};

/**
 * For the server's demo mode at speed 1: a visit every 20-60 s per fridge and a restock about
 * every 10 minutes, so someone looking at the dashboard sees the levels move.
 */
export const DEMO_PROFILE: BehaviourProfile = {
  name: 'demo',
  visits: { kind: 'regular', gapMs: { min: 20_000, max: 60_000 } },
  restocks: hourly([[0, 24, 6]]),
  visitDurationMs: { min: 5_000, max: 20_000 },
  restockDurationMs: { min: 20_000, max: 40_000 },
  browseShare: 0.1,
  donationShare: 0.1,
  takenKg: { min: 0.3, max: 1.5 },
  donatedKg: { min: 0.3, max: 1.5 },
  restockFillFraction: { min: 0.7, max: 1 },
  initialFillFraction: { min: 0.4, max: 0.9 },
};

/**
 * Nobody comes: the sensors report and the faults play, and nothing else happens. For fault
 * scenarios whose alerts must not depend on when a visitor happened to open the door, and for a
 * fridge the demo shows an incident on.
 */
export const STILL_PROFILE: BehaviourProfile = {
  ...DEMO_PROFILE,
  name: 'still',
  visits: hourly([]),
  restocks: hourly([]),
};

export const PROFILES = { realistic: REALISTIC_PROFILE, demo: DEMO_PROFILE, still: STILL_PROFILE } as const;
export type ProfileName = keyof typeof PROFILES;

export function resolveProfile(profile: ProfileName | BehaviourProfile | undefined): BehaviourProfile {
  if (profile === undefined) return REALISTIC_PROFILE;
  return typeof profile === 'string' ? PROFILES[profile] : profile;
}

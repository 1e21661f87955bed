import type { CoarseRun, CoarseRunsKept, ShelfTrack, TimedKg } from './types';

/**
 * A pantry (no door sensor) on a scale that reports whole kilograms sees a visit only when a
 * shelf moves by more than a step and a half: a reading flipping between two steps must not be a
 * visit. Yet most takes are under a kilogram, and one that crosses a step's edge moves the reading
 * by exactly one step, cleanly: a shelf that read k every time for `RUN_READINGS` readings, then
 * (hands aside) k ± 1 every time for as many. A drift or warming that carries a shelf across an
 * edge instead makes it flip between the two for a while (the cell's noise, σ 5-20 g, dithers it),
 * and a flip to the neighbouring step takes the resting value away until a new clean run.
 *
 * At p = ½ per reading, two clean runs of 8 back to back happen 1 in 65,536 positions: a shelf
 * sitting on an edge for a whole day (≈10,000 readings) would make a phantom about once in a week.
 */
const RUN_READINGS = 8;

/**
 * Hands during a visit read anything, the old and the new step included: after a long rest, a
 * reading on the neighbouring step within a visit's length of the rest's end is a hand, not a
 * flip. A shelf that read one value `LONG_REST_READINGS` times (a lone reading two steps or more
 * away, a spike, does not break it) is far from an edge: with a flip chance p per reading, such a
 * rest then a clean run of 8 on the neighbour is at most (1 − p)^16 · p^8 ≤ 2.3·10⁻⁷ per reading
 * (p = ⅓). A shelf sits in the band where p is near ⅓ (a few grams wide) for about a thousand
 * readings when a visit leaves it there, about 1 visit in 100: one phantom in years.
 */
const LONG_REST_READINGS = 16;
/** Visits last 5-60 s (the simulator's, and issue 14's trace); hands are gone within this. */
const VISIT_MS = 90_000;

export interface CoarseStep {
  /** The first reading of the new run. */
  sinceMs: number;
  /** The level to read the visit from: where it stood before it followed the new run. */
  levelBeforeKg: number | null;
}

const sameKg = (a: number, b: number, stepKg: number) => Math.abs(a - b) < stepKg / 100;

/** A long rest just ended: readings on the neighbouring step are hands (see `LONG_REST_READINGS`). */
const handsAfterRest = (shelf: ShelfTrack, atMs: number): boolean => {
  const rest = shelf.coarseRest;
  return !!rest && rest.count >= LONG_REST_READINGS && atMs - rest.endMs <= VISIT_MS;
};

/**
 * Follows a coarse shelf's raw readings outside sessions; returns the clean one-step move a run of
 * readings just confirmed, or null. Mutates `shelf.coarseRun` and `shelf.coarseRest` (replacing
 * them, never editing them). The step is the one the readings show so far (a whole-kilogram
 * scale's first reading already sits on the kilogram grid); the caller acts once it is believed.
 */
export function observeCoarseRun(shelf: ShelfTrack, rawKg: number, atMs: number): CoarseStep | null {
  const stepKg = shelf.resolution.kg;
  const run = shelf.coarseRun ?? null;
  const flippedKg = run?.flippedKg ?? [];
  if (run && sameKg(run.kg, rawKg, stepKg)) {
    const count = run.count + 1;
    const confirmed = count === RUN_READINGS;
    const oneStep =
      confirmed &&
      run.restingKg !== null &&
      sameKg(Math.abs(run.kg - run.restingKg), stepKg, stepKg) &&
      !flippedKg.some((kg) => sameKg(kg, run.kg, stepKg));
    const fromEdge = confirmed && !oneStep && leftAnEdge(run, stepKg);
    const rest = run.restingKg !== null ? shelf.coarseRest : null;
    shelf.coarseRun = confirmed
      ? { ...run, count, lastMs: atMs, restingKg: run.kg, flippedKg: [] }
      : { ...run, count, lastMs: atMs };
    // A new rest (not the old one back after a spike) starts its count afresh.
    const sameRest = run.restingKg !== null && sameKg(run.kg, run.restingKg, stepKg);
    if (confirmed && !sameRest) shelf.coarseRest = null;
    if (fromEdge) return { sinceMs: run.sinceMs, levelBeforeKg: run.levelAtStartKg };
    if (!oneStep) return null;
    // The visit began when the shelf left its rest (the hands), not when the new run began.
    return { sinceMs: rest?.leftMs ?? run.sinceMs, levelBeforeKg: rest?.levelKg ?? run.levelAtStartKg };
  }
  const restingKg = run?.restingKg ?? null;
  // The run that ends was the shelf's rest: remember how long it lasted, when it ended and where
  // the level stood then (the level follows the readings after).
  if (run && restingKg !== null && run.count >= RUN_READINGS && sameKg(run.kg, restingKg, stepKg)) {
    // A spike does not break a rest; hands (or a flip taken for them) end it: count afresh.
    const previous = shelf.coarseRest;
    const before = flippedKg.length === 0 && previous && !previous.handsSeen ? previous.count : 0;
    shelf.coarseRest = {
      count: before + run.count,
      endMs: run.lastMs ?? atMs,
      leftMs: atMs,
      levelKg: shelf.levelKg,
    };
  }
  // A short run on the neighbouring step is a flip: the shelf sits on that edge, and a run on that
  // step is no move until the shelf rests again. (A flip up says nothing against a run a step
  // down: a shelf near its upper edge is a whole step from the lower one.)
  const flipped =
    run &&
    run.count < RUN_READINGS &&
    restingKg !== null &&
    sameKg(Math.abs(run.kg - restingKg), stepKg, stepKg) &&
    !handsAfterRest(shelf, atMs);
  if (restingKg === null) shelf.coarseRest = null;
  const onNeighbour =
    run &&
    restingKg !== null &&
    sameKg(Math.abs(run.kg - restingKg), stepKg, stepKg) &&
    run.count < RUN_READINGS;
  if (onNeighbour && !flipped && shelf.coarseRest)
    shelf.coarseRest = { ...shelf.coarseRest, handsSeen: true };
  shelf.coarseRun = {
    kg: rawKg,
    count: 1,
    sinceMs: atMs,
    lastMs: atMs,
    levelAtStartKg: shelf.levelKg,
    restingKg,
    flippedKg: flipped && run ? [...flippedKg, run.kg] : flippedKg,
  };
  return null;
}

/**
 * A shelf sitting on an edge reads two neighbouring steps in turn, and its level (which follows
 * the readings) sits between them. A drift that carries it off the edge ends on one of the two, or
 * flips on the next edge first, so a clean run that starts a step and a fifth or more from the
 * level (15.5 flipping, then 14 every time) is food that moved, not drift.
 */
const EDGE_MOVE_STEPS = 1.2;
const leftAnEdge = (run: CoarseRun, stepKg: number): boolean =>
  run.restingKg === null &&
  run.levelAtStartKg !== null &&
  Math.abs(run.kg - run.levelAtStartKg) >= EDGE_MOVE_STEPS * stepKg;

/**
 * After a step session the shelf's readings since it settled are its new run: a visit soon after
 * (the next neighbour a minute later) then finds the shelf at rest, as it was. A shelf the session
 * did not move (it reads the value it rested on before) is still at that rest, however few
 * readings it has had since: otherwise the next neighbour's one-step take from it, a minute after
 * the session, found no rest to move from and was lost (seed 3: 13 kg for 178 readings, a session
 * on another shelf, then 13 × 4 and 12 for good).
 */
export function seedCoarseRun(shelf: ShelfTrack, post: readonly TimedKg[], before?: CoarseRunsKept): void {
  const last = post[post.length - 1];
  if (!last) return;
  const stepKg = shelf.resolution.kg;
  let first = post.length - 1;
  while (first > 0 && sameKg((post[first - 1] as TimedKg).kg, last.kg, stepKg)) first -= 1;
  const count = post.length - first;
  const restedBefore = before?.run.restingKg;
  // Every reading since the session began on the old rest: the hands never touched this shelf.
  const stillAtRest =
    restedBefore !== undefined &&
    restedBefore !== null &&
    count === post.length &&
    sameKg(restedBefore, last.kg, stepKg);
  shelf.coarseRest = null;
  shelf.coarseRun = {
    kg: last.kg,
    count,
    sinceMs: (post[first] as TimedKg).atMs,
    lastMs: last.atMs,
    levelAtStartKg: shelf.levelKg,
    restingKg: count >= RUN_READINGS || stillAtRest ? last.kg : null,
  };
}

/**
 * Where the shelf stood before the hands of a visit that began at `visitFromMs`: its level when its
 * last rest ended, if that was within a visit's length of it; null otherwise. A coarse level follows every
 * reading, hands included (the readings a step or two either way while someone reaches in), so by
 * the time a step of a step and a half opens the session the level has moved part of the way, and
 * the visit read from it came out short (seed 7: 6 kg for hours, then 5, 6, 5, 5, 4 pulled the
 * level to 5.71 before the session opened, and a take of 1.45 kg read −1.21).
 */
export function levelBeforeHands(shelf: ShelfTrack, visitFromMs: number): number | null {
  const rest = shelf.coarseRest;
  if (!rest || rest.levelKg === null || Math.abs(visitFromMs - rest.endMs) > VISIT_MS) return null;
  return rest.levelKg;
}

/** The shelf's runs as a session begins, to resume them if it was no visit. */
export function keepCoarseRun(shelf: ShelfTrack): CoarseRunsKept | undefined {
  if (!shelf.coarseRun) return undefined;
  return { run: shelf.coarseRun, rest: shelf.coarseRest ?? null };
}

/**
 * A step session that moved nothing (dropped) was read too soon, or was hands: its readings go
 * on from the runs as they stood before it, as if no session had been opened. A take read as
 * "came back" (10, 10, 9, 9 looks at rest within a step) then still shows as a one-step move.
 */
export function resumeCoarseRun(shelf: ShelfTrack, kept: CoarseRunsKept, post: readonly TimedKg[]): void {
  shelf.coarseRun = kept.run;
  shelf.coarseRest = kept.rest;
  for (const reading of post) observeCoarseRun(shelf, reading.kg, reading.atMs);
}

/** A session reads the shelf from scratch: the runs before it tell nothing after it. */
export function forgetCoarseRun(shelf: ShelfTrack): void {
  shelf.coarseRun = null;
  shelf.coarseRest = null;
}

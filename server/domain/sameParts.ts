/**
 * A status built afresh shares the parts that did not change with the one before it: at 10,000
 * fridges each status outlives the young generation (the fridge's next change is seconds away),
 * so every part rebuilt equal is copied, promoted and marked by the collector for nothing
 * (docs/scaling.md, "Eighth round"). The fresh part, equal or not, dies young.
 */

/** `previous` when it holds exactly `fresh`'s fields with the same values (flat: primitives or shared references), else `fresh`. */
export function sameOr<T extends object>(fresh: T, previous: T | null | undefined): T {
  if (previous === null || previous === undefined || previous === fresh) return fresh;
  let freshKeys = 0;
  for (const key in fresh) {
    if (fresh[key] !== previous[key]) return fresh;
    freshKeys++;
  }
  let previousKeys = 0;
  for (const _ in previous) previousKeys++;
  return freshKeys === previousKeys ? previous : fresh;
}

/** `fresh` with each element that equals the one before (`sameOr`) taken from `previous`; `previous` itself when all do. */
export function sameListOr<T extends object>(fresh: T[], previous: readonly T[] | null | undefined): T[] {
  if (!previous) return fresh;
  let all = fresh.length === previous.length;
  for (let i = 0; i < fresh.length; i++) {
    const kept = sameOr(fresh[i] as T, previous[i]);
    fresh[i] = kept;
    if (kept !== previous[i]) all = false;
  }
  return all ? (previous as T[]) : fresh;
}

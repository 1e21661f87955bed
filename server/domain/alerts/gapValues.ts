/**
 * The gap log's typed arrays (`gapLog.ts`): which width holds its values, and its lengths kept in
 * ascending order as gaps come and go.
 */

/** A store's values: 4 bytes each when every value fits, else 8. */
export type Values = Uint32Array | Float64Array;

/** Fits 4-byte storage: whole, non-negative, below 2³². */
export const fits = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;

/**
 * Whether `size` gaps fit 4 bytes a value: whole lengths below 2³², and whole ends no later than
 * the newest and within 2³² ms before it (then stored counted from the earliest).
 */
export function fitsFourBytes(
  size: number,
  endAt: (i: number) => number,
  lengthAt: (i: number) => number,
): boolean {
  const newestEndMs = endAt(size - 1);
  if (!Number.isInteger(newestEndMs)) return false;
  for (let i = 0; i < size; i++) if (!(fits(lengthAt(i)) && fits(newestEndMs - endAt(i)))) return false;
  return true;
}

/** The first index in `values[from, from + size)` whose value is not below `value`. */
function lowerBound(values: Values, from: number, size: number, value: number): number {
  let low = from;
  let high = from + size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Takes one `value` out of the ascending `values[from, from + size)`, returning the new size. */
export function removeSorted(values: Values, from: number, size: number, value: number): number {
  const at = lowerBound(values, from, size, value);
  values.copyWithin(at, at + 1, from + size);
  return size - 1;
}

/** Puts `value` in order into the ascending `values[from, from + size)`, which has room for one more. */
export function insertSorted(values: Values, from: number, size: number, value: number): void {
  const at = lowerBound(values, from, size, value);
  values.copyWithin(at + 1, at, from + size);
  values[at] = value;
}

/**
 * Writes into `out` the ascending `sorted[0, size)` without the `removed` values (ascending; one
 * equal value skipped for each), with `addedMs` put in order unless it is null.
 */
export function carrySorted(
  out: Values,
  sorted: Values,
  size: number,
  removed: Float64Array,
  addedMs: number | null,
): void {
  let r = 0;
  let at = 0;
  let inserted = addedMs === null;
  for (let i = 0; i < size; i++) {
    const value = sorted[i] as number;
    if (r < removed.length && value === removed[r]) {
      r++;
      continue;
    }
    if (!inserted && (addedMs as number) <= value) {
      out[at++] = addedMs as number;
      inserted = true;
    }
    out[at++] = value;
  }
  if (!inserted) out[at] = addedMs as number;
}

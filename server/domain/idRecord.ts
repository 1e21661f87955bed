/**
 * Records keyed by ids that organisers and devices choose (device ids, shelf ids): objects without
 * a prototype, which V8 keeps as hash tables (dictionary mode) instead of giving them hidden classes.
 *
 * Why not plain objects (`{ ...record, [id]: value }`):
 * - **Any slug is an id, and `constructor` is a slug** (`SLUG_PATTERN`, contract/ids.ts). On a
 *   plain object `record['constructor']` reads `Object.prototype.constructor`, so a device named
 *   `constructor` was taken for a known one: the alert rules stepped the `Object` function as its
 *   track and threw on every reading of its fridge, and the fridge's state lost its battery, signal
 *   and firmware (tests/server/domain/idRecord.test.ts). A record without a prototype has only
 *   the keys put into it.
 * - **Hidden classes.** V8 gives a plain object one hidden class per set of keys, and links each
 *   to the one before by a transition on it. A record keyed by a device id adds a transition to
 *   the class every empty object literal starts from, one per device, and that class keeps at
 *   most 1,536 (`kMaxNumberOfTransitions`, v8/src/objects/transitions.h). Past it, V8 stops sharing:
 *   an object made by spreading or adding properties gets a class of its own. At 10,000 fridges
 *   the server's heap held 92,871 hidden classes, one per alert state, per estimator state, per
 *   shelf record (docs/scaling.md, "Thirteenth round"), and the alert rules' step cost 11–16 µs
 *   a reading instead of 7.4–8.6 (`bench/alerts/stepAllocation.ts 10000`): property reads on
 *   objects that share no class miss V8's inline caches. A dictionary-mode object adds no
 *   transitions; the states themselves are built by one literal (`alertState`, `keepDevices`).
 *
 * `JSON.stringify`, `Object.keys`/`entries`, `for…in` and spreading read these like any object;
 * only `record.hasOwnProperty(…)` is missing (use `Object.hasOwn` or `!== undefined`).
 */
export type IdRecord<T> = Record<string, T>;

/** An empty record keyed by ids. */
export function idRecord<T>(): IdRecord<T> {
  return Object.create(null) as IdRecord<T>;
}

/** A copy of `record` (any object's own enumerable keys) as a record keyed by ids. */
export function idRecordOf<T>(record: Readonly<Record<string, T>> | null | undefined): IdRecord<T> {
  const copy = idRecord<T>();
  if (record) for (const id of Object.keys(record)) copy[id] = record[id] as T;
  return copy;
}

/** A copy of `record` with `id` set to `value`: the pure step's `{ ...record, [id]: value }`. */
export function withId<T>(record: Readonly<Record<string, T>>, id: string, value: NoInfer<T>): IdRecord<T> {
  const copy = idRecordOf(record);
  copy[id] = value;
  return copy;
}

/** The value under `id`, never one inherited from `Object.prototype` (`record.constructor`). */
export function atId<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

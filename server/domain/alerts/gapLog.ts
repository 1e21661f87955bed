/**
 * Gaps between a device's messages, oldest first: when each gap ended (its receive time) and how
 * long it was, and the same lengths in ascending order for the 90th percentile (`deviceRules.ts`).
 *
 * A log is a window `[start, start + size)` onto a shared store: one typed array
 * `[lengths…, ends…, sorted lengths…]` of `capacity` slots each. The lengths and ends are only
 * ever appended, so every version that shares the store keeps reading the values it was made
 * with. The newest version owns the store (`store.owner`): stepping it appends in place and moves
 * the sorted lengths along (one value out, one in), instead of copying the whole log on every
 * reading as earlier versions did (3 × 150 values, 1.8 kB, per message of a day-old device:
 * docs/scaling.md, "Eighth round"). Stepping an older version, or a full store, copies the
 * window into a new store with some room to grow. An older version asked for its sorted lengths
 * sorts its own copy once, since the owner's have moved on: `next` is still a pure step (the same
 * log and arguments give the same gaps, whichever versions were stepped before).
 *
 * Whole milliseconds within 49 days before the newest end fit 4 bytes each (the ends counted from
 * the store's earliest); anything else (a 50-day silence, a clock with fractions) falls back to
 * 8-byte floats holding the ends as they are, so every value reads back exactly. Saved as `{ endsMs, lengthsMs }`
 * (`toJSON`), the shape earlier versions saved, so either version reads the other's rows.
 */

import { carrySorted, fits, fitsFourBytes, insertSorted, removeSorted, type Values } from './gapValues';

/** Room a new store leaves for appends: an eighth of the log (at least 8), about 70 bytes per append at 150 gaps. */
const capacityFor = (size: number): number => size + Math.max(8, size >> 3);

interface Store {
  readonly packed: Values;
  readonly capacity: number;
  /** 4-byte ends are stored as `end − baseMs`. */
  readonly baseMs: number;
  /** Slots of lengths and ends written so far; never rewritten. */
  used: number;
  /** The version whose sorted lengths the store's third part holds. */
  owner: GapLog | null;
}

const EMPTY_STORE: Store = { packed: new Uint32Array(0), capacity: 0, baseMs: 0, used: 0, owner: null };

export class GapLog {
  /** An older version's own sorted lengths, sorted when first asked. */
  private ownSorted: Values | null = null;

  private constructor(
    private readonly store: Store,
    private readonly start: number,
    readonly size: number,
  ) {}

  static readonly empty = new GapLog(EMPTY_STORE, 0, 0);

  /** A log from its ends and lengths (oldest first), as saved. */
  static of(endsMs: ArrayLike<number>, lengthsMs: ArrayLike<number>): GapLog {
    const size = Math.min(endsMs.length, lengthsMs.length);
    if (size === 0) return GapLog.empty;
    const log = GapLog.filled(
      size,
      (i) => endsMs[i] as number,
      (i) => lengthsMs[i] as number,
    );
    const sorted = log.sortedPart();
    sorted.set(log.store.packed.subarray(0, size));
    sorted.sort();
    return log;
  }

  /** A log in a new store holding `size` gaps read from `endAt` and `lengthAt`; its sorted part is the caller's. */
  private static filled(size: number, endAt: (i: number) => number, lengthAt: (i: number) => number): GapLog {
    const compact = fitsFourBytes(size, endAt, lengthAt);
    let baseMs = endAt(0);
    for (let i = 1; compact && i < size; i++) baseMs = Math.min(baseMs, endAt(i));
    const capacity = capacityFor(size);
    const packed = compact ? new Uint32Array(3 * capacity) : new Float64Array(3 * capacity);
    for (let i = 0; i < size; i++) {
      packed[i] = lengthAt(i);
      packed[capacity + i] = compact ? endAt(i) - baseMs : endAt(i);
    }
    const store: Store = { packed, capacity, baseMs: compact ? baseMs : 0, used: size, owner: null };
    const log = new GapLog(store, 0, size);
    store.owner = log;
    return log;
  }

  /** Bytes each stored value takes: 4 for whole milliseconds within 49 days, else 8. */
  get bytesPerValue(): number {
    return this.store.packed.BYTES_PER_ELEMENT;
  }

  lengthAt(i: number): number {
    return this.store.packed[this.start + i] as number;
  }

  endAt(i: number): number {
    const { packed, capacity, baseMs } = this.store;
    const stored = packed[capacity + this.start + i] as number;
    return packed instanceof Uint32Array ? baseMs + stored : stored;
  }

  /** The `i`th shortest gap. */
  sortedAt(i: number): number {
    const { packed, capacity, owner } = this.store;
    return (owner === this ? packed[2 * capacity + i] : this.ownSortedLengths()[i]) as number;
  }

  // Plain loops: `Array.from` over a typed array or with a callback made an iterator result or a
  // boxed number per value, and every dirty fridge's two logs are saved each snapshot (`toJSON`).
  get endsMs(): number[] {
    const ends: number[] = [];
    for (let i = 0; i < this.size; i++) ends.push(this.endAt(i));
    return ends;
  }

  get lengthsMs(): number[] {
    const lengths: number[] = [];
    for (let i = 0; i < this.size; i++) lengths.push(this.lengthAt(i));
    return lengths;
  }

  toJSON(): { endsMs: number[]; lengthsMs: number[] } {
    return { endsMs: this.endsMs, lengthsMs: this.lengthsMs };
  }

  /**
   * This log without its first `dropped` gaps, then the gap of `addedMs` ending at `endMs` if
   * `addedMs` is not null. In place while this is the newest version of its store and the store
   * has room in the same width; otherwise a copy (`steppedInPlace`, `copied`).
   */
  next(dropped: number, addedMs: number | null, endMs: number): GapLog {
    const kept = this.size - dropped;
    const size = kept + (addedMs === null ? 0 : 1);
    if (size === 0) return GapLog.empty;
    if (dropped === 0 && addedMs === null) return this;
    return this.steppedInPlace(dropped, addedMs, endMs) ?? this.copied(dropped, addedMs, endMs);
  }

  /** The step made by appending to this store and moving its sorted lengths, or null when it cannot be. */
  private steppedInPlace(dropped: number, addedMs: number | null, endMs: number): GapLog | null {
    const { store } = this;
    if (store.owner !== this) return null;
    const { packed, capacity } = store;
    const compact = packed instanceof Uint32Array;
    if (addedMs !== null) {
      if (store.used !== this.start + this.size || store.used === capacity) return null;
      // 4 bytes hold the new values while the ends stay in order within 2³² ms of the store's base.
      const inOrder = this.size === dropped || endMs >= this.endAt(this.size - 1);
      if (compact && !(inOrder && fits(addedMs) && fits(endMs - store.baseMs))) return null;
    }
    // A wide store goes back to 4 bytes as soon as every value it keeps fits them again.
    if (!compact && this.wouldFitCompact(dropped, addedMs, endMs)) return null;
    const sortedAt = 2 * capacity;
    let sortedSize = this.size;
    for (let i = 0; i < dropped; i++)
      sortedSize = removeSorted(packed, sortedAt, sortedSize, this.lengthAt(i));
    if (addedMs !== null) {
      const at = store.used++;
      packed[at] = addedMs;
      packed[capacity + at] = compact ? endMs - store.baseMs : endMs;
      insertSorted(packed, sortedAt, sortedSize, addedMs);
    }
    const stepped = new GapLog(store, this.start + dropped, this.size - dropped + (addedMs === null ? 0 : 1));
    store.owner = stepped;
    return stepped;
  }

  /** The step as a new store: this version's window without the dropped gaps, plus the added one. */
  private copied(dropped: number, addedMs: number | null, endMs: number): GapLog {
    const kept = this.size - dropped;
    const size = kept + (addedMs === null ? 0 : 1);
    const log = GapLog.filled(
      size,
      (i) => (i < kept ? this.endAt(dropped + i) : endMs),
      (i) => (i < kept ? this.lengthAt(dropped + i) : (addedMs as number)),
    );
    // The dropped lengths in ascending order: `carrySorted` skips one equal value for each.
    const removed = Float64Array.from({ length: dropped }, (_, i) => this.lengthAt(i)).sort();
    carrySorted(log.sortedPart(), this.sorted(), this.size, removed, addedMs);
    return log;
  }

  /** Whether the step's values (kept and added) would all fit 4 bytes. */
  private wouldFitCompact(dropped: number, addedMs: number | null, endMs: number): boolean {
    const kept = this.size - dropped;
    return fitsFourBytes(
      kept + (addedMs === null ? 0 : 1),
      (i) => (i < kept ? this.endAt(dropped + i) : endMs),
      (i) => (i < kept ? this.lengthAt(dropped + i) : (addedMs as number)),
    );
  }

  /** The part of a store the owner keeps its sorted lengths in. */
  private sortedPart(): Values {
    const { packed, capacity } = this.store;
    return packed.subarray(2 * capacity, 2 * capacity + this.size);
  }

  /** This version's lengths in ascending order: the store's while it owns them, else its own. */
  private sorted(): Values {
    return this.store.owner === this ? this.sortedPart() : this.ownSortedLengths();
  }

  /** An older version's sorted lengths: its own copy, sorted once. */
  private ownSortedLengths(): Values {
    if (this.ownSorted === null) {
      const { packed } = this.store;
      this.ownSorted = packed.slice(this.start, this.start + this.size).sort();
    }
    return this.ownSorted;
  }
}

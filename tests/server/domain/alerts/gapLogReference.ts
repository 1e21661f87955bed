/**
 * The gap log as it was before it appended in place (main 52cc1bc, `server/domain/alerts/gapLog.ts`):
 * a new typed array `[lengths…, ends…, sorted lengths…]` on every step, never changed once made.
 * Kept as the model the in-place log must equal on any sequence of steps, branching ones included
 * (`gapLog.test.ts`).
 */
const NO_GAPS = new Float64Array(0);

/** Fits 4-byte storage: whole, non-negative, below 2³². */
const fits = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;

export class ReferenceGapLog {
  private constructor(
    /** Receive time of the newest gap's end (0 when empty); the 4-byte ends count back from it. */
    private readonly newestEndMs: number,
    readonly size: number,
    /** Uint32Array: ends stored as `newestEndMs − end`; Float64Array: ends stored as they are. */
    private readonly packed: Uint32Array | Float64Array,
  ) {}

  static readonly empty = new ReferenceGapLog(0, 0, new Uint32Array(0));

  /** A log from its ends and lengths (oldest first), as saved. */
  static of(endsMs: ArrayLike<number>, lengthsMs: ArrayLike<number>): ReferenceGapLog {
    const size = Math.min(endsMs.length, lengthsMs.length);
    if (size === 0) return ReferenceGapLog.empty;
    const newestEndMs = endsMs[size - 1] as number;
    let compact = Number.isInteger(newestEndMs);
    for (let i = 0; compact && i < size; i++)
      compact = fits(lengthsMs[i] as number) && fits(newestEndMs - (endsMs[i] as number));
    const packed = compact ? new Uint32Array(3 * size) : new Float64Array(3 * size);
    for (let i = 0; i < size; i++) {
      const endMs = endsMs[i] as number;
      packed[i] = lengthsMs[i] as number;
      packed[size + i] = compact ? newestEndMs - endMs : endMs;
    }
    const sorted = packed.subarray(2 * size);
    sorted.set(packed.subarray(0, size));
    sorted.sort();
    return new ReferenceGapLog(newestEndMs, size, packed);
  }

  /** Bytes each stored value takes: 4 for whole milliseconds within 49 days, else 8. */
  get bytesPerValue(): number {
    return this.packed.BYTES_PER_ELEMENT;
  }

  lengthAt(i: number): number {
    return this.packed[i] as number;
  }

  endAt(i: number): number {
    const stored = this.packed[this.size + i] as number;
    return this.packed instanceof Uint32Array ? this.newestEndMs - stored : stored;
  }

  /** The `i`th shortest gap. */
  sortedAt(i: number): number {
    return this.packed[2 * this.size + i] as number;
  }

  get endsMs(): number[] {
    return Array.from({ length: this.size }, (_, i) => this.endAt(i));
  }

  get lengthsMs(): number[] {
    return Array.from(this.packed.subarray(0, this.size));
  }

  toJSON(): { endsMs: number[]; lengthsMs: number[] } {
    return { endsMs: this.endsMs, lengthsMs: this.lengthsMs };
  }

  /**
   * This log without its first `dropped` gaps, then the gap of `addedMs` ending at `endMs` if
   * `addedMs` is not null. The sorted lengths are carried over (the dropped ones removed, the new
   * one inserted) rather than sorted again: sorting on every reading was the alert rules' largest
   * cost in the ingest profile (docs/benchmarks.md).
   */
  next(dropped: number, addedMs: number | null, endMs: number): ReferenceGapLog {
    const kept = this.size - dropped;
    const size = kept + (addedMs === null ? 0 : 1);
    if (size === 0) return ReferenceGapLog.empty;
    const newestEndMs = addedMs === null ? this.endAt(this.size - 1) : endMs;
    let compact = Number.isInteger(newestEndMs) && (addedMs === null || fits(addedMs));
    for (let i = dropped; compact && i < this.size; i++)
      compact = fits(this.lengthAt(i)) && fits(newestEndMs - this.endAt(i));
    const packed = compact ? new Uint32Array(3 * size) : new Float64Array(3 * size);
    for (let i = 0; i < kept; i++) {
      const endAt = this.endAt(dropped + i);
      packed[i] = this.lengthAt(dropped + i);
      packed[size + i] = compact ? newestEndMs - endAt : endAt;
    }
    if (addedMs !== null) {
      packed[kept] = addedMs;
      packed[size + kept] = compact ? 0 : endMs;
    }
    this.carrySorted(packed.subarray(2 * size), dropped, addedMs);
    return new ReferenceGapLog(newestEndMs, size, packed);
  }

  /** Writes into `out` this log's sorted lengths without its first `dropped` gaps, plus `addedMs`. */
  private carrySorted(out: Uint32Array | Float64Array, dropped: number, addedMs: number | null): void {
    // The dropped lengths in ascending order: the walk skips one equal value for each.
    const removed = dropped === 0 ? NO_GAPS : Float64Array.from(this.packed.subarray(0, dropped)).sort();
    let r = 0;
    let at = 0;
    let inserted = addedMs === null;
    for (let i = 0; i < this.size; i++) {
      const value = this.sortedAt(i);
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
}

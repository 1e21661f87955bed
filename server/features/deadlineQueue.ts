interface Entry {
  atMs: number;
  key: string;
}

/**
 * The earliest of many keyed deadlines (one per fridge), for one timer per feature. A binary
 * min-heap with lazy deletion: changing a key's deadline pushes a new entry and leaves the old one
 * to be dropped when it reaches the top, so a change costs O(log n). A scan of every fridge at
 * each change cost the alerts and restock features 4–10 % of the server's CPU at 10,000 fridges,
 * where the fridge holding the earliest deadline is the next to report (issue 12, docs/scaling.md).
 */
export class DeadlineQueue {
  private readonly current = new Map<string, number>();
  private heap: Entry[] = [];

  /** Sets (or with null, removes) `key`'s deadline. */
  set(key: string, atMs: number | null): void {
    if (atMs === null) {
      this.current.delete(key);
    } else {
      if (this.current.get(key) === atMs) return;
      this.current.set(key, atMs);
      this.push({ atMs, key });
    }
    // Stale entries are dropped in bulk once they outnumber the live ones.
    if (this.heap.length > 2 * this.current.size + 64) this.rebuild();
  }

  get(key: string): number | null {
    return this.current.get(key) ?? null;
  }

  /** The least deadline of any key, or null when none is set. */
  earliest(): number | null {
    for (;;) {
      const top = this.heap[0];
      if (!top) return null;
      if (this.current.get(top.key) === top.atMs) return top.atMs;
      this.popTop();
    }
  }

  /**
   * Removes every key whose deadline is at or before `nowMs` and returns them, earliest first: a
   * timer's firing visits these alone, O(due × log n), not every fridge (the caller sets each
   * one's next deadline as it handles it).
   */
  takeDue(nowMs: number): string[] {
    const due: string[] = [];
    for (;;) {
      const top = this.heap[0];
      if (!top || top.atMs > nowMs) return due;
      this.popTop();
      if (this.current.get(top.key) === top.atMs) {
        this.current.delete(top.key);
        due.push(top.key);
      }
    }
  }

  clear(): void {
    this.current.clear();
    this.heap = [];
  }

  private rebuild(): void {
    this.heap = [];
    for (const [key, atMs] of this.current) this.push({ atMs, key });
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Entry;
      if (above.atMs <= entry.atMs) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  private popTop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && (heap[right] as Entry).atMs < (heap[left] as Entry).atMs ? right : left;
      const smaller = heap[child] as Entry;
      if (smaller.atMs >= last.atMs) break;
      heap[i] = smaller;
      i = child;
    }
    heap[i] = last;
  }
}

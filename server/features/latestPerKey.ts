/**
 * Passes on the latest value per key at most once every `minIntervalMs`: the first change after
 * a quiet spell goes out at once, changes during a burst are merged and the last one goes out
 * when the interval is up. A fridge reporting once a minute is never delayed; a fridge whose
 * readings arrive 20 a second (a benchmark, a device flushing its offline buffer) costs its
 * listeners (the retained `state` topic, every open live feed) 1/minIntervalMs updates, not 20.
 */
export class LatestPerKey<T> {
  private readonly lastSentAtMs = new Map<string, number>();
  private readonly waiting = new Map<string, T>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly minIntervalMs: number,
    private readonly send: (key: string, value: T) => void,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  offer(key: string, value: T): void {
    const now = this.nowMs();
    const last = this.lastSentAtMs.get(key);
    if (!this.waiting.has(key) && (last === undefined || now - last >= this.minIntervalMs)) {
      this.lastSentAtMs.set(key, now);
      this.send(key, value);
      return;
    }
    this.waiting.set(key, value);
    this.timer ??= setTimeout(() => this.sendDue(), this.minIntervalMs);
  }

  /** Drops what waits for `key` (the fridge was removed: a late status must not follow). */
  forget(key: string): void {
    this.waiting.delete(key);
    this.lastSentAtMs.delete(key);
  }

  /** Sends everything waiting now (stop, tests). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.nowMs();
    for (const [key, value] of this.waiting) {
      this.lastSentAtMs.set(key, now);
      this.send(key, value);
    }
    this.waiting.clear();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
    this.lastSentAtMs.clear();
  }

  private sendDue(): void {
    this.timer = null;
    const now = this.nowMs();
    for (const [key, value] of this.waiting) {
      if (now - (this.lastSentAtMs.get(key) ?? 0) < this.minIntervalMs) continue;
      this.waiting.delete(key);
      this.lastSentAtMs.set(key, now);
      this.send(key, value);
    }
    if (this.waiting.size > 0) this.timer = setTimeout(() => this.sendDue(), this.minIntervalMs / 4);
  }
}

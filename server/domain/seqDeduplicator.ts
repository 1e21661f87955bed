/**
 * Remembers recent `seq` values per device so that a message resent after a reconnect (QoS 1
 * redelivery, or the device's offline buffer) is counted once. A seq is remembered for
 * `windowMs`; firmware must keep its counter rising across reboots within that window.
 */
export class SeqDeduplicator {
  private readonly seenByDevice = new Map<string, Map<number, number>>();
  private lastPruneMs = 0;

  constructor(private readonly windowMs: number) {}

  /** Records the seq; answers true when it was already seen inside the window. */
  isDuplicate(deviceKey: string, seq: number, nowMs: number): boolean {
    this.pruneNowAndThen(nowMs);
    let seen = this.seenByDevice.get(deviceKey);
    if (!seen) {
      seen = new Map();
      this.seenByDevice.set(deviceKey, seen);
    }
    const firstSeenMs = seen.get(seq);
    if (firstSeenMs !== undefined && nowMs - firstSeenMs <= this.windowMs) return true;
    seen.set(seq, nowMs);
    return false;
  }

  /** Seeds memory from storage after a restart. */
  remember(deviceKey: string, seq: number, seenAtMs: number): void {
    let seen = this.seenByDevice.get(deviceKey);
    if (!seen) {
      seen = new Map();
      this.seenByDevice.set(deviceKey, seen);
    }
    seen.set(seq, seenAtMs);
  }

  /** Forgets a seq recorded by `isDuplicate` whose reading could not be stored, so a resend is accepted. */
  forget(deviceKey: string, seq: number): void {
    this.seenByDevice.get(deviceKey)?.delete(seq);
  }

  private pruneNowAndThen(nowMs: number): void {
    if (nowMs - this.lastPruneMs < this.windowMs / 24) return;
    this.lastPruneMs = nowMs;
    for (const [key, seen] of this.seenByDevice) {
      for (const [seq, atMs] of seen) if (nowMs - atMs > this.windowMs) seen.delete(seq);
      if (seen.size === 0) this.seenByDevice.delete(key);
    }
  }
}

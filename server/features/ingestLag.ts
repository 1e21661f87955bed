import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How far back "recent" reaches in the health report's ingest figures. */
const WINDOW_MS = 10_000;
/**
 * Waits above this mean overload: 70 times the 15 ms PUBACK target of issue 12 at 1,000
 * readings/s, far above any GC pause or SD-card hiccup measured (docs/benchmarks.md).
 */
export const OVERLOAD_MS = 1000;

/** Ingest's figures in `/api/health` (see `IngestLag.report`). */
export interface IngestBacklog {
  waiting: number;
  oldestWaitingMs: number;
  slowestRecentAckMs: number;
  eventLoopDelayMs: number;
  overloaded: boolean;
}

/**
 * Whether ingest keeps up, for `/api/health`: the slowest arrival-to-PUBACK time of the last ten
 * seconds, and the event loop's delay (a saturated process reads the sockets late, so readings
 * wait in the kernel and in the devices' QoS 1 queues before ingest even sees them).
 */
export class IngestLag {
  /** Slowest acknowledgement per second, by second (performance.now() / 1000). */
  private readonly slowestBySecond = new Map<number, number>();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  private previousLoopMaxMs = 0;
  private loopWindowStartedAt = performance.now();

  start(): void {
    this.loopDelay.enable();
  }

  stop(): void {
    this.loopDelay.disable();
  }

  /** Forgets the stalls so far: start-up (migrations, the demo's first hashes) is not overload. */
  forgetStalls(nowMs = performance.now()): void {
    this.loopDelay.reset();
    this.previousLoopMaxMs = 0;
    this.loopWindowStartedAt = nowMs;
  }

  acknowledged(waitedMs: number, nowMs = performance.now()): void {
    const second = Math.floor(nowMs / 1000);
    if ((this.slowestBySecond.get(second) ?? 0) < waitedMs) this.slowestBySecond.set(second, waitedMs);
    if (this.slowestBySecond.size > WINDOW_MS / 1000 + 1) {
      for (const key of this.slowestBySecond.keys())
        if (key < second - WINDOW_MS / 1000) this.slowestBySecond.delete(key);
    }
  }

  /** The slowest acknowledgement of the last ten seconds, in ms. */
  slowestRecentAckMs(nowMs = performance.now()): number {
    const since = Math.floor((nowMs - WINDOW_MS) / 1000);
    let slowest = 0;
    for (const [second, ms] of this.slowestBySecond) if (second >= since && ms > slowest) slowest = ms;
    return slowest;
  }

  /**
   * The event loop's longest stall over the last ten seconds or so, in ms: one stall of seconds
   * hides under a percentile of hundreds of 20 ms samples, and it is what devices feel.
   */
  eventLoopDelayMaxMs(nowMs = performance.now()): number {
    const current = this.loopDelay.count > 0 ? this.loopDelay.max / 1e6 : 0;
    if (nowMs - this.loopWindowStartedAt >= WINDOW_MS) {
      this.previousLoopMaxMs = current;
      this.loopDelay.reset();
      this.loopWindowStartedAt = nowMs;
    }
    return Math.max(current, this.previousLoopMaxMs);
  }

  /**
   * Readings waiting for their commit (`waiting`, the oldest arrived at `oldestArrivedAt`,
   * performance.now()) and the oldest one's wait, the slowest arrival-to-PUBACK of the last ten
   * seconds, the event loop's delay. Overloaded, nothing is dropped: devices keep unacknowledged
   * QoS 1 readings and resend them.
   */
  report(waiting: number, oldestArrivedAt: number | null, nowMs = performance.now()): IngestBacklog {
    const oldestWaitingMs = oldestArrivedAt === null ? 0 : nowMs - oldestArrivedAt;
    const slowestRecentAckMs = this.slowestRecentAckMs(nowMs);
    const eventLoopDelayMs = this.eventLoopDelayMaxMs(nowMs);
    return {
      waiting,
      oldestWaitingMs: Math.round(oldestWaitingMs),
      slowestRecentAckMs: Math.round(slowestRecentAckMs),
      eventLoopDelayMs: Math.round(eventLoopDelayMs),
      overloaded: Math.max(oldestWaitingMs, slowestRecentAckMs, eventLoopDelayMs) > OVERLOAD_MS,
    };
  }
}

/** How long to wait before retrying a failed load; doubles after each failure up to `maxMs`. */
export interface RetryDelay {
  initialMs: number;
  maxMs: number;
}

export interface RefresherOptions<T> {
  load: () => Promise<T>;
  loaded: (value: T) => void;
  failed: (error: unknown) => void;
  /** After each load lands (either way), before the next one starts. */
  settled?: () => void;
  retryDelayMs: RetryDelay;
}

/**
 * Keeps one copy of something fetched over HTTP current: `refresh()` loads now, or once more after
 * the load already in flight, so two answers never race and the last one applied always comes from
 * a request sent after the last call. A failure is retried after a pause that doubles each time.
 */
export class Refresher<T> {
  private running = false;
  /** The load in flight; `again` asks for another one once it lands. */
  private inFlight: { again: boolean } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelayMs: number;

  constructor(private readonly options: RefresherOptions<T>) {
    this.retryDelayMs = options.retryDelayMs.initialMs;
  }

  /** True while a load is on its way. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
    this.inFlight = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryDelayMs = this.options.retryDelayMs.initialMs;
  }

  refresh(): void {
    if (!this.running) return;
    if (this.inFlight !== null) {
      this.inFlight.again = true;
      return;
    }
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const request = { again: false };
    this.inFlight = request;
    this.options.load().then(
      (value) => {
        if (this.inFlight !== request) return;
        this.retryDelayMs = this.options.retryDelayMs.initialMs;
        this.options.loaded(value);
        this.settle(request, false);
      },
      (error: unknown) => {
        if (this.inFlight !== request) return;
        this.options.failed(error);
        this.settle(request, true);
      },
    );
  }

  private settle(request: { again: boolean }, failed: boolean): void {
    this.inFlight = null;
    this.options.settled?.();
    if (request.again) this.refresh();
    else if (failed) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delayMs = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.options.retryDelayMs.maxMs, delayMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.refresh();
    }, delayMs);
  }
}

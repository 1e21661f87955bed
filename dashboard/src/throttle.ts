/** A call that runs at most once per `intervalMs`: at once when it has been quiet, else once at the end. */
export interface Throttled {
  call(): void;
  /** Runs at once, whatever the window, and starts a new window (a pending run is dropped). */
  now(): void;
  cancel(): void;
}

/** `now` is injectable so tests need no real clock; timers are the global ones (fake in tests). */
export function throttle(run: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let lastMs = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = (): void => {
    timer = null;
    lastMs = now();
    run();
  };
  return {
    call() {
      if (timer !== null) return;
      const waitMs = lastMs + intervalMs - now();
      if (waitMs <= 0) fire();
      else timer = setTimeout(fire, waitMs);
    },
    now() {
      if (timer !== null) clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

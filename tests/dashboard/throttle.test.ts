import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../dashboard/src/throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once when quiet, then at most once per window, at its end', async () => {
    const run = vi.fn();
    const throttled = throttle(run, 1_000);
    throttled.call();
    expect(run).toHaveBeenCalledTimes(1);
    throttled.call();
    throttled.call();
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs now on demand, dropping a pending run, and cancels', async () => {
    const run = vi.fn();
    const throttled = throttle(run, 1_000);
    throttled.call();
    throttled.call();
    throttled.now();
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(2);
    throttled.call();
    throttled.call();
    throttled.cancel();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(3);
  });
});

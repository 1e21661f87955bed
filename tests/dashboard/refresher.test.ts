import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Refresher } from '../../dashboard/src/refresher';

function setup() {
  const loads: { resolve: (value: number) => void; reject: (error: unknown) => void }[] = [];
  const events: string[] = [];
  const refresher = new Refresher<number>({
    load: () =>
      new Promise<number>((resolve, reject) => {
        loads.push({ resolve, reject });
      }),
    loaded: (value) => events.push(`loaded ${value}`),
    failed: (error) => events.push(`failed ${String(error)}`),
    settled: () => events.push('settled'),
    retryDelayMs: { initialMs: 1_000, maxMs: 3_000 },
  });
  const load = (index: number) => {
    const found = loads[index];
    if (found === undefined) throw new Error(`no load #${index}`);
    return found;
  };
  return { refresher, loads, events, load };
}

describe('Refresher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does nothing until started', () => {
    const t = setup();
    t.refresher.refresh();
    expect(t.loads).toHaveLength(0);
  });

  it('never runs two loads at once, and loads once more after a burst of asks', async () => {
    const t = setup();
    t.refresher.start();
    t.refresher.refresh();
    t.refresher.refresh();
    t.refresher.refresh();
    expect(t.loads).toHaveLength(1);
    expect(t.refresher.busy).toBe(true);
    t.load(0).resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.loads).toHaveLength(2);
    t.load(1).resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.loads).toHaveLength(2);
    expect(t.refresher.busy).toBe(false);
    expect(t.events).toEqual(['loaded 1', 'settled', 'loaded 2', 'settled']);
  });

  it('retries a failure after a pause that doubles up to the maximum, and resets after a success', async () => {
    const t = setup();
    t.refresher.start();
    t.refresher.refresh();
    t.load(0).reject('down');
    await vi.advanceTimersByTimeAsync(999);
    expect(t.loads).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.loads).toHaveLength(2);
    t.load(1).reject('down');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.loads).toHaveLength(3);
    t.load(2).reject('down');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.loads).toHaveLength(4);
    t.load(3).resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    t.refresher.refresh();
    t.load(4).reject('down');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.loads).toHaveLength(6);
    expect(t.events.filter((e) => e.startsWith('failed'))).toHaveLength(4);
  });

  it('loads at once when asked during a retry pause', async () => {
    const t = setup();
    t.refresher.start();
    t.refresher.refresh();
    t.load(0).reject('down');
    await vi.advanceTimersByTimeAsync(0);
    t.refresher.refresh();
    expect(t.loads).toHaveLength(2);
    t.load(1).resolve(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.loads).toHaveLength(2);
  });

  it('ignores an answer that lands after stop, and can start again', async () => {
    const t = setup();
    t.refresher.start();
    t.refresher.refresh();
    t.refresher.stop();
    t.load(0).resolve(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.events).toEqual([]);
    t.refresher.start();
    t.refresher.refresh();
    expect(t.loads).toHaveLength(2);
  });
});

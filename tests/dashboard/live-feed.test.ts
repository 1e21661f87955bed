import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import type { RestockRequestView } from '../../contract/restock';
import type { DashboardAction, Health } from '../../dashboard/src/dashboard-state';
import { type EventSourceLike, LiveFeed } from '../../dashboard/src/live-feed';
import { makeClaimed, makeFridge, makeRequest } from './fixtures';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  emit(type: string, data?: string): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open(): void {
    this.readyState = 1;
    this.emit('open');
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup() {
  const sources: FakeEventSource[] = [];
  const lists: Deferred<FridgeStatus[]>[] = [];
  const restockLists: Deferred<RestockRequestView[]>[] = [];
  const actions: DashboardAction[] = [];
  const feed = new LiveFeed({
    api: {
      listFridges: () => {
        const next = deferred<FridgeStatus[]>();
        lists.push(next);
        return next.promise;
      },
      health: async (): Promise<Health> => ({ status: 'ok', demo: true }),
      activeRestockRequests: () => {
        const next = deferred<RestockRequestView[]>();
        restockLists.push(next);
        return next.promise;
      },
    },
    openEvents: () => {
      const source = new FakeEventSource();
      sources.push(source);
      return source;
    },
    dispatch: (action) => actions.push(action),
    retryDelayMs: { initialMs: 1_000, maxMs: 4_000 },
  });
  const source = (index: number): FakeEventSource => {
    const found = sources[index];
    if (found === undefined) throw new Error(`no event source #${index}`);
    return found;
  };
  const list = (index: number): Deferred<FridgeStatus[]> => {
    const found = lists[index];
    if (found === undefined) throw new Error(`no list request #${index}`);
    return found;
  };
  const types = (): string[] => actions.map((a) => a.type);
  const restockList = (index: number): Deferred<RestockRequestView[]> => {
    const found = restockLists[index];
    if (found === undefined) throw new Error(`no restock request list #${index}`);
    return found;
  };
  return { feed, sources, lists, restockLists, restockList, actions, source, list, types };
}

describe('LiveFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the list and health, and goes live when the stream opens', async () => {
    const t = setup();
    t.feed.start();
    expect(t.sources).toHaveLength(1);
    t.list(0).resolve([makeFridge()]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.actions).toContainEqual({ type: 'health', health: { status: 'ok', demo: true } });
    expect(t.actions).toContainEqual({ type: 'listLoaded', fridges: [makeFridge()], savedAt: null });

    t.source(0).open();
    expect(t.actions).toContainEqual({ type: 'connection', status: 'live' });
    expect(t.lists).toHaveLength(2);
    t.feed.stop();
  });

  it('applies live events, and ignores ones it cannot read', async () => {
    const t = setup();
    t.feed.start();
    t.list(0).resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    const emptied = makeFridge({ stock: { ...makeFridge().stock, level: 'empty' } });
    t.source(0).emit('fridge', JSON.stringify(emptied));
    t.source(0).emit('fridge', '{"id": 1}');
    t.source(0).emit('fridge', 'not json');
    t.source(0).emit('fridge-removed', JSON.stringify({ id: 'old' }));
    expect(t.actions.filter((a) => a.type === 'fridgeUpdated' || a.type === 'fridgeRemoved')).toEqual([
      { type: 'fridgeUpdated', fridge: emptied },
      { type: 'fridgeRemoved', id: 'old' },
    ]);
    t.feed.stop();
  });

  it('holds back events that arrive while a list is loading, so the older list cannot undo them', async () => {
    const t = setup();
    t.feed.start();
    const newer = makeFridge({ stock: { ...makeFridge().stock, level: 'full' } });
    t.source(0).emit('fridge', JSON.stringify(newer));
    expect(t.types()).not.toContain('fridgeUpdated');
    t.list(0).resolve([makeFridge()]);
    await vi.advanceTimersByTimeAsync(0);
    const listAt = t.types().indexOf('listLoaded');
    const eventAt = t.types().indexOf('fridgeUpdated');
    expect(listAt).toBeGreaterThanOrEqual(0);
    expect(eventAt).toBeGreaterThan(listAt);
    t.feed.stop();
  });

  it('fetches once more when the stream opens during a list request', async () => {
    const t = setup();
    t.feed.start();
    t.source(0).open();
    expect(t.lists).toHaveLength(1);
    t.list(0).resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.lists).toHaveLength(2);
    t.feed.stop();
  });

  it('reopens a stream the browser gave up on, waiting longer each time', async () => {
    const t = setup();
    t.feed.start();
    t.source(0).readyState = 2;
    t.source(0).emit('error');
    expect(t.actions).toContainEqual({ type: 'connection', status: 'reconnecting' });
    expect(t.source(0).closed).toBe(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.sources).toHaveLength(2);

    t.source(1).readyState = 2;
    t.source(1).emit('error');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(t.sources).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.sources).toHaveLength(3);

    t.source(2).open();
    t.source(2).readyState = 2;
    t.source(2).emit('error');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.sources).toHaveLength(4);
    t.feed.stop();
  });

  it('leaves a stream that is still connecting to the browser', () => {
    const t = setup();
    t.feed.start();
    t.source(0).emit('error');
    expect(t.actions).toContainEqual({ type: 'connection', status: 'reconnecting' });
    expect(t.source(0).closed).toBe(false);
    t.feed.stop();
  });

  it('retries a failed list after a pause', async () => {
    const t = setup();
    t.feed.start();
    t.list(0).reject(new Error('HTTP 502'));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.actions).toContainEqual({ type: 'listFailed', message: 'HTTP 502' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.lists).toHaveLength(2);
    t.feed.stop();
  });

  it('stops cleanly: closes the stream, cancels timers and reports nothing more', async () => {
    const t = setup();
    t.feed.start();
    t.source(0).readyState = 2;
    t.source(0).emit('error');
    t.feed.stop();
    const count = t.actions.length;
    t.list(0).resolve([makeFridge()]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.sources).toHaveLength(1);
    expect(t.actions.length).toBe(count);

    t.feed.start();
    expect(t.sources).toHaveLength(2);
    expect(t.sources[1]?.closed).toBe(false);
    t.feed.stop();
    expect(t.sources[1]?.closed).toBe(true);
  });

  it('loads the active restock requests on start and whenever the stream (re)opens', async () => {
    const t = setup();
    t.feed.start();
    expect(t.restockLists).toHaveLength(1);
    const request = makeRequest();
    t.restockList(0).resolve([request]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.actions).toContainEqual({ type: 'restockLoaded', requests: [request] });
    t.source(0).open();
    expect(t.restockLists).toHaveLength(2);
    t.feed.stop();
  });

  it('reads the requests again on a restock event, once more for a burst of them', async () => {
    const t = setup();
    t.feed.start();
    t.restockList(0).resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    const change = JSON.stringify({
      fridgeId: 'main-st',
      requestId: 'r-1',
      change: 'opened',
      status: 'open',
    });
    t.source(0).emit('restock', change);
    expect(t.restockLists).toHaveLength(2);
    t.source(0).emit('restock', change);
    t.source(0).emit('restock', change);
    expect(t.restockLists).toHaveLength(2);
    t.restockList(1).resolve([makeRequest()]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.restockLists).toHaveLength(3);
    t.restockList(2).resolve([makeClaimed('2025-06-01T13:00:00.000Z')]);
    await vi.advanceTimersByTimeAsync(0);
    const loadedActions = t.actions.filter((a) => a.type === 'restockLoaded');
    expect(loadedActions.at(-1)).toEqual({
      type: 'restockLoaded',
      requests: [makeClaimed('2025-06-01T13:00:00.000Z')],
    });
    t.feed.stop();
  });

  it('reports a failed request list and tries again after a pause, leaving the fridges alone', async () => {
    const t = setup();
    t.feed.start();
    t.list(0).resolve([makeFridge()]);
    t.restockList(0).reject(new Error('HTTP 502'));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.actions).toContainEqual({ type: 'restockFailed', message: 'HTTP 502' });
    expect(t.types()).not.toContain('listFailed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.restockLists).toHaveLength(2);
    expect(t.lists).toHaveLength(1);
    t.feed.stop();
  });
});

import type { FridgeStatus, SSE_EVENTS } from '../../contract/api';
import type { RestockRequestView } from '../../contract/restock';
import type { DashboardApi } from './api';
import { isFridgeStatus } from './api';
import type { DashboardAction } from './dashboard-state';
import { errorText } from './error-text';
import { Refresher, type RetryDelay } from './refresher';

/** The part of the browser's EventSource the feed uses, so tests can hand it a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

/** `EventSource.CLOSED`: the browser gave up and will not reconnect by itself. */
const EVENT_SOURCE_CLOSED = 2;

/** The SSE event names, checked against the contract at compile time without bundling it. */
const EVENTS: typeof SSE_EVENTS = {
  fridge: 'fridge',
  fridgeRemoved: 'fridge-removed',
  restock: 'restock',
  alert: 'alert',
};

export interface LiveFeedOptions {
  api: Pick<DashboardApi, 'listFridges' | 'listSavedAt' | 'health' | 'activeRestockRequests'>;
  /** Opens `GET /api/events`: `new EventSource('/api/events')` in the app, a fake in tests. */
  openEvents: () => EventSourceLike;
  dispatch: (action: DashboardAction) => void;
  /**
   * Wait before reopening a stream the browser closed for good (an HTTP error instead of the
   * stream, e.g. a proxy's 502 during a deploy), and before retrying a failed list; doubles up to `maxMs`.
   */
  retryDelayMs?: RetryDelay;
  /** Where failures are reported; the page shows them too, this is for the console. */
  log?: (message: string, error?: unknown) => void;
}

const DEFAULT_RETRY: RetryDelay = { initialMs: 1_000, maxMs: 30_000 };

function messageData(event: Event): unknown {
  if (!('data' in event) || typeof event.data !== 'string') return undefined;
  try {
    return JSON.parse(event.data);
  } catch {
    return undefined;
  }
}

/**
 * Keeps the dashboard's state in step with the server: the list from `GET /api/fridges`, then every
 * change from `GET /api/events`. Each time the stream (re)opens the list is fetched again, since
 * changes made while disconnected are never replayed. Events that arrive while a list is on its
 * way are held back and applied after it, so an older list cannot undo a newer event.
 *
 * Active restock requests are fetched the same way: on start, whenever the stream (re)opens, and on
 * every `restock` event (which says only that something changed, not what).
 */
export class LiveFeed {
  private readonly retry: RetryDelay;
  private running = false;
  private source: EventSourceLike | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private reopenDelayMs: number;
  private heldBack: DashboardAction[] = [];
  private readonly fridges: Refresher<FridgeStatus[]>;
  private readonly restock: Refresher<RestockRequestView[]>;

  constructor(private readonly options: LiveFeedOptions) {
    this.retry = options.retryDelayMs ?? DEFAULT_RETRY;
    this.reopenDelayMs = this.retry.initialMs;
    this.fridges = new Refresher({
      load: () => {
        this.refreshHealth();
        return options.api.listFridges();
      },
      loaded: (fridges) =>
        options.dispatch({ type: 'listLoaded', fridges, savedAt: options.api.listSavedAt?.() ?? null }),
      failed: (error) => {
        this.log('Could not load the fridges', error);
        options.dispatch({ type: 'listFailed', message: errorText(error) });
      },
      settled: () => {
        const heldBack = this.heldBack;
        this.heldBack = [];
        for (const action of heldBack) options.dispatch(action);
      },
      retryDelayMs: this.retry,
    });
    this.restock = new Refresher({
      load: () => options.api.activeRestockRequests(),
      loaded: (requests) => options.dispatch({ type: 'restockLoaded', requests }),
      failed: (error) => {
        this.log('Could not load the restock requests', error);
        options.dispatch({ type: 'restockFailed', message: errorText(error) });
      },
      retryDelayMs: this.retry,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.fridges.start();
    this.restock.start();
    this.openStream();
    this.refresh();
  }

  stop(): void {
    this.running = false;
    this.source?.close();
    this.source = null;
    if (this.reopenTimer !== null) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.fridges.stop();
    this.restock.stop();
    this.heldBack = [];
  }

  private log(message: string, error?: unknown): void {
    this.options.log?.(message, error);
  }

  private openStream(): void {
    const source = this.options.openEvents();
    this.source = source;
    const current = (): boolean => this.running && this.source === source;
    source.addEventListener('open', () => {
      if (!current()) return;
      this.reopenDelayMs = this.retry.initialMs;
      this.options.dispatch({ type: 'connection', status: 'live' });
      this.refresh();
    });
    source.addEventListener('error', () => {
      if (!current()) return;
      this.options.dispatch({ type: 'connection', status: 'reconnecting' });
      // While CONNECTING the browser retries by itself; once CLOSED only a new EventSource will.
      if (source.readyState === EVENT_SOURCE_CLOSED) {
        source.close();
        this.source = null;
        this.scheduleReopen();
      }
    });
    source.addEventListener(EVENTS.fridge, (event) => {
      if (!current()) return;
      const fridge = messageData(event);
      if (isFridgeStatus(fridge)) this.receive({ type: 'fridgeUpdated', fridge });
      else this.log(`Ignored an unreadable "${EVENTS.fridge}" event`);
    });
    source.addEventListener(EVENTS.fridgeRemoved, (event) => {
      if (!current()) return;
      const data = messageData(event);
      if (typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string') {
        this.receive({ type: 'fridgeRemoved', id: data.id });
      } else this.log(`Ignored an unreadable "${EVENTS.fridgeRemoved}" event`);
    });
    source.addEventListener(EVENTS.restock, () => {
      if (!current()) return;
      // The event names the request and its new status, but public screens need the whole list
      // (claim ETA, opening time), so it is fetched again; fetches in a burst are coalesced.
      this.restock.refresh();
    });
  }

  private scheduleReopen(): void {
    const delayMs = this.reopenDelayMs;
    this.reopenDelayMs = Math.min(this.retry.maxMs, delayMs * 2);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (this.running) this.openStream();
    }, delayMs);
  }

  private receive(action: DashboardAction): void {
    if (this.fridges.busy) this.heldBack.push(action);
    else this.options.dispatch(action);
  }

  /** Fetches the list (and health) and the active restock requests, now or after the ones in flight. */
  private refresh(): void {
    this.fridges.refresh();
    this.restock.refresh();
  }

  private refreshHealth(): void {
    this.options.api.health().then(
      (health) => {
        if (this.running) this.options.dispatch({ type: 'health', health });
      },
      (error: unknown) => this.log('Could not read /api/health', error),
    );
  }
}

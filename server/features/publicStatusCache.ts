import { randomBytes } from 'node:crypto';
import type { FridgeStatus } from '../../contract/api';

/** Minutes since the epoch: the finest grain any part of a public status changes with the clock. */
const minuteOf = (nowMs: number) => Math.floor(nowMs / 60_000);

/**
 * Parts of a status that change with the clock alone, at minute grain: `openNow` (opening hours
 * are `HH:MM`) and a temperature alert's text ("Too warm for 12 min"). Every other field changes
 * only through an event the catalogue announces. A new clock-driven field belongs here.
 */
export function changesWithClock(status: FridgeStatus): boolean {
  return (
    status.openNow !== null ||
    status.temperature.status === 'warning' ||
    status.temperature.status === 'critical'
  );
}

interface Entry {
  status: FridgeStatus;
  /** Serialised on first read, then reused until the status changes. */
  json: string | null;
  minute: number;
  changesWithClock: boolean;
}

/** The whole list, serialised, with a validator that changes whenever any status in it does. */
export interface StatusList {
  /**
   * UTF-8 bytes, encoded once per change: sending a 12 MB string (10,000 fridges) made Node encode
   * it again on every request, and that write was most of the route's time in the profile.
   */
  body: Buffer;
  etag: string;
}

/**
 * The public statuses, kept as the catalogue announced them, so `GET /api/fridges` does not
 * describe every fridge on every request: at 1,000 fridges that took p50 516 ms (issue 12). An
 * announcement replaces one fridge's entry; an entry whose status reads the clock is described
 * again in a later minute. The list's ETag is a generation counter bumped on every change, with
 * a random prefix per start so a restart never answers 304 to a validator of the previous run.
 */
export class PublicStatusCache {
  private readonly entries = new Map<string, Entry>();
  private order: string[] | null = null;
  private generation = 0;
  private listed: { generation: number; list: StatusList } | null = null;
  private readonly instance = randomBytes(6).toString('base64url');

  constructor(
    /** Describes a fridge afresh; null when there is no such fridge. */
    private readonly describe: (id: string) => FridgeStatus | null,
    /** Every fridge id, sorted as the list shows them. */
    private readonly sortedIds: () => string[],
    private readonly nowMs: () => number,
  ) {}

  /** Takes a status just described (an announcement). */
  put(id: string, status: FridgeStatus): void {
    this.entries.set(id, {
      status,
      json: null,
      minute: minuteOf(this.nowMs()),
      changesWithClock: changesWithClock(status),
    });
    this.generation++;
  }

  /** A fridge was added, renamed or removed: the order of the list may have changed. */
  invalidate(id: string): void {
    this.entries.delete(id);
    this.order = null;
    this.generation++;
  }

  /** Something every status reads changed (a judge or report source came or went). */
  clear(): void {
    this.entries.clear();
    this.order = null;
    this.generation++;
  }

  get(id: string): FridgeStatus | null {
    return this.fresh(id, minuteOf(this.nowMs()))?.status ?? null;
  }

  all(): FridgeStatus[] {
    const minute = minuteOf(this.nowMs());
    return this.ids().flatMap((id) => {
      const entry = this.fresh(id, minute);
      return entry ? [entry.status] : [];
    });
  }

  list(): StatusList {
    const minute = minuteOf(this.nowMs());
    const entries = this.ids().flatMap((id) => {
      const entry = this.fresh(id, minute);
      return entry ? [entry] : [];
    });
    // After the refresh above: a clock-driven change bumped the generation already.
    if (this.listed?.generation === this.generation) return this.listed.list;
    for (const entry of entries) entry.json ??= JSON.stringify(entry.status);
    const list = {
      body: Buffer.from(`[${entries.map((entry) => entry.json).join(',')}]`, 'utf8'),
      etag: `"${this.instance}-${this.generation}"`,
    };
    this.listed = { generation: this.generation, list };
    return list;
  }

  private ids(): string[] {
    this.order ??= this.sortedIds();
    return this.order;
  }

  private fresh(id: string, minute: number): Entry | null {
    const entry = this.entries.get(id);
    if (entry && (entry.minute === minute || !entry.changesWithClock)) return entry;
    const status = this.describe(id);
    if (!status) return null;
    this.put(id, status);
    return this.entries.get(id) ?? null;
  }
}

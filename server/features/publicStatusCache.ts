import { randomBytes } from 'node:crypto';
import type { FridgeStatus } from '../../contract/api';
import { statusJson } from './statusJson';
import { type StatusJson, StatusListBody } from './statusListBody';

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
  /**
   * The status's JSON (the same string the live feed sends) and its UTF-8 length, taken on first
   * read, then reused until the status changes. The list encodes it into a chunk only when sent:
   * a Buffer of its own per status (`allocUnsafeSlow`, 800–2,000 per request at 10,000 fridges)
   * was half of the list's time in the request's turn under load (docs/scaling.md, fifth round).
   */
  json: StatusJson | null;
  minute: number;
  changesWithClock: boolean;
}

/** The whole list, serialised, with a validator that changes whenever any status in it does. */
export interface StatusList {
  /**
   * UTF-8 bytes of the JSON array, made of each fridge's own bytes: sending a 12 MB string
   * (10,000 fridges) made Node encode it again on every request, and joining 10,000 strings into
   * one per change kept the heap full of 12 MB strings under load (docs/scaling.md). Its chunks
   * are copied as the response reads them (StatusListBody).
   */
  body: StatusListBody;
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
  /**
   * The minute of the last pass over every entry, null when an entry may be missing since: within
   * that minute no entry can have gone stale by the clock (every other change comes through
   * put/invalidate/clear), so the ETag and an unchanged list need no pass over 10,000 entries.
   */
  private refreshedMinute: number | null = null;
  private readonly instance = randomBytes(6).toString('base64url');
  private serials = 0;

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
    this.refreshedMinute = null;
    this.generation++;
  }

  /** Something every status reads changed (a judge or report source came or went). */
  clear(): void {
    this.entries.clear();
    this.order = null;
    this.refreshedMinute = null;
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

  /**
   * The list's validator, without assembling the list: a request that sends it back (304) costs a
   * pass over the entries in a new minute (the clock-driven ones may need describing again), else
   * nothing.
   */
  etag(): string {
    if (this.refreshedMinute !== minuteOf(this.nowMs())) this.refreshAll();
    return this.etagOf(this.generation);
  }

  list(): StatusList {
    if (this.refreshedMinute === minuteOf(this.nowMs()) && this.listed?.generation === this.generation)
      return this.listed.list;
    const entries = this.refreshAll();
    // After the refresh above: a clock-driven change bumped the generation already.
    if (this.listed?.generation === this.generation) return this.listed.list;
    // The same JSON the live feed and the retained `state` topic send, serialised once; the
    // chunks the last list encoded are taken over where their statuses did not change.
    const body = new StatusListBody(
      entries.map((entry) => {
        if (!entry.json) {
          const text = statusJson(entry.status);
          entry.json = { text, byteLength: Buffer.byteLength(text, 'utf8'), serial: this.serials++ };
        }
        return entry.json;
      }),
      this.listed?.list.body,
    );
    const list = { body, etag: this.etagOf(this.generation) };
    this.listed = { generation: this.generation, list };
    return list;
  }

  private etagOf(generation: number): string {
    return `"${this.instance}-${generation}"`;
  }

  /** Every listed fridge's entry, described again where the clock moved it on. */
  private refreshAll(): Entry[] {
    const minute = minuteOf(this.nowMs());
    const entries: Entry[] = [];
    for (const id of this.ids()) {
      const entry = this.fresh(id, minute);
      if (entry) entries.push(entry);
    }
    this.refreshedMinute = minute;
    return entries;
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

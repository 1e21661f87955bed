import type { ServerResponse } from 'node:http';

export interface SseLimits {
  /** Open streams in all; one more gets 503. */
  maxClients: number;
  /** Open streams from one address (a household, a NAT'd venue with several screens). */
  maxPerAddress: number;
  /**
   * Bytes a client may leave unread before it is dropped at once. A status screen reads a few
   * hundred bytes a minute; a client sitting on this much has stopped reading.
   */
  maxBufferedBytes: number;
  /** How long a client may keep the socket's buffer full (write() said false) before it is dropped. */
  drainTimeoutMs: number;
}

export const DEFAULT_SSE_LIMITS: SseLimits = {
  maxClients: 1000,
  maxPerAddress: 20,
  maxBufferedBytes: 1024 * 1024,
  drainTimeoutMs: 30_000,
};

export type Admission = { ok: true } | { ok: false; reason: string };

/**
 * The open Server-Sent Events streams, with the caps and the backpressure rule: a client that
 * cannot keep up is dropped, as the broker's drainTimeout drops a slow MQTT subscriber, so one
 * stalled phone never makes the server hold every event for it in memory.
 */
export class SseClients {
  private readonly streams = new Map<
    ServerResponse,
    { address: string; drainTimer: NodeJS.Timeout | null }
  >();
  private readonly perAddress = new Map<string, number>();
  /** Streams dropped for not reading, since start: shown in logs and tests. */
  dropped = 0;

  constructor(private readonly limits: SseLimits) {}

  get size(): number {
    return this.streams.size;
  }

  admit(address: string): Admission {
    if (this.streams.size >= this.limits.maxClients)
      return { ok: false, reason: `the live feed is full (${this.limits.maxClients} open streams)` };
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxPerAddress)
      return {
        ok: false,
        reason: `too many live streams from one address (${this.limits.maxPerAddress} open)`,
      };
    return { ok: true };
  }

  add(stream: ServerResponse, address: string): void {
    this.streams.set(stream, { address, drainTimer: null });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  remove(stream: ServerResponse): void {
    const entry = this.streams.get(stream);
    if (!entry) return;
    if (entry.drainTimer) clearTimeout(entry.drainTimer);
    this.streams.delete(stream);
    const left = (this.perAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(entry.address, left);
    else this.perAddress.delete(entry.address);
  }

  /** Writes to one stream, or drops it when it has stopped reading (a string counts its UTF-16 units). */
  write(stream: ServerResponse, chunk: string | Buffer): void {
    const entry = this.streams.get(stream);
    if (!entry || stream.destroyed) return;
    // A chunk into an empty buffer always goes: one turn's events can be a large chunk (after a
    // stall, every fridge waiting in the merge at once), and a reader that keeps up has read all.
    if (stream.writableLength > 0 && stream.writableLength + chunk.length > this.limits.maxBufferedBytes) {
      this.drop(stream);
      return;
    }
    if (stream.write(chunk) || entry.drainTimer) return;
    entry.drainTimer = setTimeout(() => this.drop(stream), this.limits.drainTimeoutMs);
    stream.once('drain', () => {
      if (entry.drainTimer) clearTimeout(entry.drainTimer);
      entry.drainTimer = null;
    });
  }

  closeAll(): void {
    for (const stream of [...this.streams.keys()]) {
      this.remove(stream);
      stream.end();
    }
  }

  private drop(stream: ServerResponse): void {
    this.dropped += 1;
    this.remove(stream);
    stream.destroy();
  }
}

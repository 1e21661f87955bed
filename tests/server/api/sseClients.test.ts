import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseClients } from '../../../server/api/sseClients';

/** A response whose reader has stopped: nothing written ever leaves its buffer. */
function stalledResponse(highWaterMark = 64): ServerResponse {
  const stalled = new Writable({ highWaterMark, write: () => {} });
  return stalled as unknown as ServerResponse;
}

/** A response whose reader keeps up. */
function readingResponse(): ServerResponse {
  return new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as ServerResponse;
}

describe('SseClients: a client that stops reading is dropped', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 10, 0) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const limits = { maxClients: 10, maxPerAddress: 10, maxBufferedBytes: 1000, drainTimeoutMs: 30_000 };

  it('drops a stalled client after the drain timeout, and keeps one that reads', () => {
    const clients = new SseClients(limits);
    const stalled = stalledResponse();
    const reading = readingResponse();
    clients.add(stalled, '192.0.2.1');
    clients.add(reading, '192.0.2.2');
    clients.write(stalled, 'x'.repeat(100));
    clients.write(reading, 'x'.repeat(100));
    vi.advanceTimersByTime(29_999);
    expect(clients.size).toBe(2);
    vi.advanceTimersByTime(1);
    expect(clients.size).toBe(1);
    expect(stalled.destroyed).toBe(true);
    expect(reading.destroyed).toBe(false);
    expect(clients.dropped).toBe(1);
  });

  it('drops a client at once when its unread bytes would pass the bound', () => {
    const clients = new SseClients(limits);
    const stalled = stalledResponse(10_000);
    clients.add(stalled, '192.0.2.1');
    for (let i = 0; i < 9; i++) clients.write(stalled, 'x'.repeat(100));
    expect(clients.size).toBe(1);
    clients.write(stalled, 'x'.repeat(101));
    expect(clients.size).toBe(0);
    expect(stalled.destroyed).toBe(true);
  });

  it('takes a chunk larger than the bound into an empty buffer, and drops the reader if it stays unread', () => {
    const clients = new SseClients(limits);
    const stalled = stalledResponse(10_000);
    clients.add(stalled, '192.0.2.1');
    clients.write(stalled, Buffer.alloc(1500));
    expect(clients.size).toBe(1);
    clients.write(stalled, 'x');
    expect(clients.size).toBe(0);
    expect(stalled.destroyed).toBe(true);
  });

  it('admits by total and by address, and frees a place on removal', () => {
    const clients = new SseClients({ ...limits, maxClients: 2, maxPerAddress: 1 });
    const first = readingResponse();
    clients.add(first, '192.0.2.1');
    expect(clients.admit('192.0.2.1')).toEqual({
      ok: false,
      reason: 'too many live streams from one address (1 open)',
    });
    expect(clients.admit('192.0.2.2')).toEqual({ ok: true });
    clients.add(readingResponse(), '192.0.2.2');
    expect(clients.admit('192.0.2.3')).toEqual({
      ok: false,
      reason: 'the live feed is full (2 open streams)',
    });
    clients.remove(first);
    expect(clients.admit('192.0.2.1')).toEqual({ ok: true });
  });
});

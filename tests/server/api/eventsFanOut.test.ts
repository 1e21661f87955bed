import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { eventRoutes } from '../../../server/api/routes/events';
import { DEFAULT_SSE_LIMITS, SseClients } from '../../../server/api/sseClients';
import { EventBus } from '../../../server/eventBus';

/** SseClients that keeps every chunk handed to each stream, to see what the route shares. */
class RecordingClients extends SseClients {
  readonly chunks = new Map<ServerResponse, Array<string | Buffer>>();

  override write(stream: ServerResponse, chunk: string | Buffer): void {
    this.chunks.set(stream, [...(this.chunks.get(stream) ?? []), chunk]);
    super.write(stream, chunk);
  }
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
};

describe('GET /api/events: one chunk per turn, shared by every stream', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(async () => close());

  it('hands the same Buffer to every open stream, so the feed holds one copy of a turn whatever the number of dashboards', async () => {
    const bus = new EventBus({ error: () => undefined });
    const clients = new RecordingClients(DEFAULT_SSE_LIMITS);
    const app = Fastify();
    await app.register(eventRoutes, { bus, clients });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const aborts = new AbortController();
    close = async () => {
      aborts.abort();
      await app.close();
    };
    const { port } = app.server.address() as AddressInfo;
    const streams = await Promise.all(
      [1, 2, 3].map(() => fetch(`http://127.0.0.1:${port}/api/events`, { signal: aborts.signal })),
    );
    expect(streams.map((res) => res.status)).toEqual([200, 200, 200]);
    await until(() => clients.size === 3 && [...clients.chunks.values()].every((c) => c.length === 1));

    for (const id of ['f1', 'f2']) {
      bus.emit('fridgeStateChanged', {
        fridgeId: id,
        status: { id, name: `Fridge ${id}` } as unknown as FridgeStatus,
      });
    }
    await until(() => [...clients.chunks.values()].every((c) => c.length === 2));

    const turns = [...clients.chunks.values()].map((c) => c[1]);
    const [first] = turns;
    expect(Buffer.isBuffer(first)).toBe(true);
    // The very object, not equal copies: one serialisation and one allocation for all streams.
    for (const turn of turns) expect(turn).toBe(first);
    expect(first?.toString()).toBe(
      'event: fridge\ndata: {"id":"f1","name":"Fridge f1"}\n\nevent: fridge\ndata: {"id":"f2","name":"Fridge f2"}\n\n',
    );
  });
});

import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { type FridgeStatus, SSE_EVENTS } from '../../../contract/api';
import { AppError } from '../../errors';
import type { EventBus } from '../../eventBus';
import { LatestPerKey } from '../../features/latestPerKey';
import { LIVE_STATUS_MIN_INTERVAL_MS } from '../../features/statePublisher';
import { statusJson } from '../../features/statusJson';
import { publicRoute } from '../routeKit';
import { SseBroadcast } from '../sseBroadcast';
import { DEFAULT_SSE_LIMITS, SseClients, type SseLimits } from '../sseClients';

/** Comment lines keep proxies and phones from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/events`: Server-Sent Events, a `fridge` event per status change (the latest one of
 * a burst, at most one per fridge every LIVE_STATUS_MIN_INTERVAL_MS). EventSource
 * reconnects by itself; the dashboard refetches the list on every (re)open.
 */
export const eventRoutes: FastifyPluginAsync<{
  bus: EventBus;
  limits?: SseLimits;
  clients?: SseClients;
}> = async (app, options) => {
  const { bus } = options;
  const clients = options.clients ?? new SseClients(options.limits ?? DEFAULT_SSE_LIMITS);
  const streams = new Set<ServerResponse>();
  const broadcast = new SseBroadcast((chunk) => {
    for (const stream of streams) clients.write(stream, chunk);
  });
  const push = (event: string) => {
    if (streams.size > 0) broadcast.push(event);
  };
  const send = (event: string, data: unknown) => push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  // One subscription for every stream: each status is merged per fridge in a burst (LatestPerKey)
  // and serialised once, whatever the number of open dashboards.
  const fridgeEvents = new LatestPerKey<FridgeStatus>(LIVE_STATUS_MIN_INTERVAL_MS, (_id, status) =>
    push(`event: ${SSE_EVENTS.fridge}\ndata: ${statusJson(status)}\n\n`),
  );
  const offs = [
    bus.on('fridgeStateChanged', 'sse', ({ fridgeId, status }) => fridgeEvents.offer(fridgeId, status)),
    bus.on('fridgeRemoved', 'sse', ({ fridgeId }) => {
      fridgeEvents.forget(fridgeId);
      send(SSE_EVENTS.fridgeRemoved, { id: fridgeId });
    }),
    // Who claimed is for organisers only, so the public stream says what changed, not who.
    bus.on('restockRequestChanged', 'sse', ({ fridgeId, requestId, change, status }) =>
      send(SSE_EVENTS.restock, { fridgeId, requestId, change, status }),
    ),
    bus.on('alertChanged', 'sse', ({ fridgeId, alertId, type, change, severity, status }) =>
      send(SSE_EVENTS.alert, { fridgeId, alertId, type, change, severity, status }),
    ),
  ];

  // Streams end before the server stops listening: `close()` waits for open requests, and a stream
  // never ends by itself, so a dashboard left open would hold a restart forever (found by the status
  // screen's restart test). The browsers reconnect by themselves once the server is back.
  app.addHook('preClose', async () => clients.closeAll());
  app.addHook('onClose', async () => {
    for (const off of offs) off();
    fridgeEvents.stop();
    broadcast.stop();
  });

  app.get(
    '/api/events',
    publicRoute({
      summary:
        'Server-Sent Events: `fridge` (a FridgeStatus), `fridge-removed` ({id}), `restock` and `alert`',
    }),
    (request, reply) => {
      const admission = clients.admit(request.ip);
      if (!admission.ok) {
        // EventSource retries by itself; Retry-After tells a well-behaved client when.
        reply.header('retry-after', '30');
        throw new AppError('STREAM_LIMIT', admission.reason);
      }
      reply.hijack();
      const stream = reply.raw;
      // Security and CORS headers set by the onRequest hooks, which hijack would drop.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) stream.setHeader(name, value);
      }
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      clients.add(stream, request.ip);
      clients.write(stream, 'retry: 3000\n\n');
      streams.add(stream);
      const heartbeat = setInterval(() => clients.write(stream, ': keep-alive\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        streams.delete(stream);
        clients.remove(stream);
      });
    },
  );
};

import type { FastifyPluginAsync } from 'fastify';
import { SSE_EVENTS } from '../../../contract/api';
import { AppError } from '../../errors';
import type { EventBus } from '../../eventBus';
import { publicRoute } from '../routeKit';
import { DEFAULT_SSE_LIMITS, SseClients, type SseLimits } from '../sseClients';

/** Comment lines keep proxies and phones from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/events`: Server-Sent Events, one `fridge` event per status change. EventSource
 * reconnects by itself; the dashboard refetches the list on every (re)open.
 */
export const eventRoutes: FastifyPluginAsync<{ bus: EventBus; limits?: SseLimits }> = async (
  app,
  { bus, limits },
) => {
  const clients = new SseClients(limits ?? DEFAULT_SSE_LIMITS);

  // Before the server stops listening: `close()` waits for open requests, and a stream never ends
  // by itself, so a dashboard left open would hold a restart forever (found by the status screen's
  // restart test). The browsers reconnect by themselves once the server is back.
  app.addHook('preClose', async () => clients.closeAll());

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
      const send = (event: string, data: unknown) =>
        clients.write(stream, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const offChanged = bus.on('fridgeStateChanged', 'sse', ({ status }) => send(SSE_EVENTS.fridge, status));
      const offRemoved = bus.on('fridgeRemoved', 'sse', ({ fridgeId }) =>
        send(SSE_EVENTS.fridgeRemoved, { id: fridgeId }),
      );
      // Who claimed is for organisers only, so the public stream says what changed, not who.
      const offRestock = bus.on('restockRequestChanged', 'sse', ({ fridgeId, requestId, change, status }) =>
        send(SSE_EVENTS.restock, { fridgeId, requestId, change, status }),
      );
      const offAlert = bus.on(
        'alertChanged',
        'sse',
        ({ fridgeId, alertId, type, change, severity, status }) =>
          send(SSE_EVENTS.alert, { fridgeId, alertId, type, change, severity, status }),
      );
      const heartbeat = setInterval(() => clients.write(stream, ': keep-alive\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        offChanged();
        offRemoved();
        offRestock();
        offAlert();
        clients.remove(stream);
      });
    },
  );
};

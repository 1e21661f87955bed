import Type from 'typebox';
import { Slug } from '../../contract/api';

/**
 * Request and response schemas of the HTTP API that only the server reads; the OpenAPI document is
 * generated from them and from the shapes in contract/.
 */
export const FridgeIdParamsSchema = Type.Object({ id: Slug });

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  problems: Type.Array(Type.String(), { description: 'what is not ok, by feature' }),
  demo: Type.Boolean(),
  uptimeSeconds: Type.Number(),
  broker: Type.Object({
    ok: Type.Boolean(),
    mode: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
    connectedClients: Type.Union([Type.Integer(), Type.Null()]),
  }),
  storage: Type.Object({
    ok: Type.Boolean(),
    readingsStored: Type.Integer(),
    problem: Type.Union([Type.String(), Type.Null()]),
  }),
  refusals: Type.Record(Type.String(), Type.Integer()),
  ingest: Type.Object(
    {
      waiting: Type.Integer({ description: 'readings received, waiting for their commit' }),
      oldestWaitingMs: Type.Integer(),
      slowestRecentAckMs: Type.Integer({ description: 'slowest arrival-to-PUBACK of the last 10 s' }),
      eventLoopDelayMs: Type.Integer({ description: "the event loop's longest stall, last 10 s or so" }),
      overloaded: Type.Boolean({
        description:
          'readings wait over 1 s: devices hold the unacknowledged ones (QoS 1) and resend them; nothing is dropped',
      }),
      intakePaused: Type.Boolean({
        description:
          "the embedded broker is not reading devices' connections now: INGEST_MAX_WAITING readings wait for their commit; what devices send meanwhile waits in their QoS 1 queues",
      }),
    },
    { description: 'whether ingest keeps up with the devices' },
  ),
});

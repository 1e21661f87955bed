import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type MetricSources, ServerMetrics } from '../../server/metrics';

setFlagsFromString('--expose-gc');
/** V8's full collection, from a context created after the flag is set. */
const collectGarbage = runInNewContext('gc') as () => void;

const sources = (): MetricSources => ({
  connectedDevices: () => 0,
  ingestBacklog: () => 0,
  intakePaused: () => 0,
  intakePauses: () => 0,
  outboxDepth: () => 0,
  sseClients: () => 0,
});

describe('ServerMetrics', () => {
  it("serves Node's default figures next to each server's own, with Node's collected once per process", async () => {
    const first = new ServerMetrics(sources());
    const second = new ServerMetrics(sources());
    first.readingReceived();
    for (const metrics of [first, second]) {
      const text = await metrics.registry.metrics();
      expect(text.match(/^# TYPE nodejs_eventloop_lag_seconds gauge$/gm)).toHaveLength(1);
      expect(text.match(/^# TYPE nodejs_gc_duration_seconds histogram$/gm)).toHaveLength(1);
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(text.match(/^# TYPE fridge_readings_received_total counter$/gm)).toHaveLength(1);
    }
    expect(await first.registry.getSingleMetricAsString('fridge_readings_received_total')).toMatch(/ 1$/m);
    expect(await second.registry.getSingleMetricAsString('fridge_readings_received_total')).toMatch(/ 0$/m);
  });

  it('lets a server that is gone be collected: nothing process-wide holds its gauges', async () => {
    // What a server's gauges read is the server itself (system.ts): if the metrics stay reachable,
    // so does everything the server held. prom-client's GC observer, never disconnected, once did.
    const held = new WeakRef(
      (() => {
        const read = sources();
        new ServerMetrics(read);
        return read.ingestBacklog;
      })(),
    );
    // A WeakRef's target stays alive until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(held.deref()).toBeUndefined();
  });
});

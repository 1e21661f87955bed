import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestMetrics } from './features/ingestOptions';

/** What the gauges read when Prometheus scrapes; null where this mode has no such figure. */
export interface MetricSources {
  connectedDevices: () => number | null;
  ingestBacklog: () => number;
  /** 1 while the embedded broker holds devices' connections (broker/intakeGate.ts); null behind an external broker. */
  intakePaused: () => number | null;
  /** How many times it has held them since the start. */
  intakePauses: () => number | null;
  outboxDepth: () => number;
  sseClients: () => number;
}

/**
 * Node's own figures (event-loop lag, heap, GC): prom-client's default collectors, once per
 * process. They describe the process, not one server in it, and they cannot be stopped: in
 * prom-client 15.1.3 the GC metric's PerformanceObserver is never disconnected and the event-loop
 * lag's histogram never disabled, so a registry they were collected into (and every gauge's
 * `collect`, and through it the whole server) stayed reachable after `stop()`. In the test
 * workers, which build hundreds of servers in one process, that kept 7 MB per server and a
 * 10 ms timer each (heap after a full collection climbing to 680 MB over one worker's files).
 */
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, eventLoopMonitoringPrecision: 10 });
  }
  return processMetrics;
}

/**
 * The server's Prometheus metrics (`GET /metrics`, docs/operations.md): readings in, stored and
 * refused by reason, group-commit batch sizes and commit times, the time from a reading's arrival
 * to its PUBACK, connected devices, the notification outbox, open live feeds, and Node's own
 * figures (event-loop lag, heap, GC) from prom-client's default collectors.
 */
export class ServerMetrics implements IngestMetrics {
  /** This server's metrics and the process's (`processRegistry`), as `/metrics` serves them. */
  readonly registry: Registry;
  private readonly received: Counter;
  private readonly stored: Counter;
  private readonly refusedByReason: Counter<'reason'>;
  private readonly batchSize: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly pubackSeconds: Histogram;

  constructor(sources: MetricSources) {
    const own = new Registry();
    const registers = [own];
    this.received = new Counter({
      name: 'fridge_readings_received_total',
      help: 'Valid device messages handed to ingest (stored, duplicates and site refusals)',
      registers,
    });
    this.stored = new Counter({
      name: 'fridge_readings_stored_total',
      help: 'Readings committed to SQLite',
      registers,
    });
    this.refusedByReason = new Counter({
      name: 'fridge_readings_refused_total',
      help: 'Messages refused (or duplicates dropped), by reason',
      labelNames: ['reason'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'fridge_ingest_batch_size',
      help: 'Readings per group-commit transaction',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'fridge_ingest_commit_seconds',
      help: 'Time of one group commit (SQLite transaction and the state it produces)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
      registers,
    });
    this.pubackSeconds = new Histogram({
      name: 'fridge_puback_latency_seconds',
      help: 'From a reading reaching ingest to its commit, after which the broker sends the PUBACK',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    const gauge = (name: string, help: string, read: () => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const value = read();
          if (value !== null) this.set(value);
        },
      });
    gauge('fridge_devices_connected', 'Devices connected to the embedded broker', sources.connectedDevices);
    gauge(
      'fridge_ingest_backlog',
      'Readings received but not committed yet (their PUBACKs wait)',
      sources.ingestBacklog,
    );
    gauge(
      'fridge_ingest_intake_paused',
      "1 while devices' connections are not read: too many readings wait for their commit (INGEST_MAX_WAITING)",
      sources.intakePaused,
    );
    new Counter({
      name: 'fridge_ingest_intake_pauses_total',
      help: "Times devices' connections stopped being read because too many readings waited for their commit",
      registers,
      collect() {
        const value = sources.intakePauses();
        if (value === null) return;
        this.reset();
        this.inc(value);
      },
    });
    gauge('fridge_outbox_depth', 'Notification deliveries due or being retried', sources.outboxDepth);
    gauge('fridge_sse_clients', 'Open live-feed streams (/api/events)', sources.sseClients);
    // After every metric of this server is registered: merge copies the registries' metrics.
    this.registry = Registry.merge([own, processRegistry()]);
  }

  readingReceived(): void {
    this.received.inc();
  }

  refused(reason: string): void {
    this.refusedByReason.inc({ reason });
  }

  committed(readings: number, seconds: number): void {
    this.stored.inc(readings);
    this.batchSize.observe(readings);
    this.commitSeconds.observe(seconds);
  }

  acknowledged(seconds: number): void {
    this.pubackSeconds.observe(seconds);
  }
}

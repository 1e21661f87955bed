import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

interface Family {
  name: string;
  type: string;
  metrics: Array<{
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
  }>;
}

describe('GET /metrics', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
  });

  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  /** Scrapes over real HTTP as Prometheus would, and parses with a Prometheus text-format parser. */
  async function scrape(
    token: string | null = ADMIN_TOKEN,
  ): Promise<{ status: number; families: Map<string, Family> }> {
    const res = await fetch(`${system.httpUrl}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await res.text();
    if (res.status !== 200) return { status: res.status, families: new Map() };
    expect(res.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheusTextFormat(text) as Family[];
    return { status: res.status, families: new Map(families.map((f) => [f.name, f])) };
  }

  const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) => {
    const metric = families
      .get(name)
      ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return Number(metric?.value ?? metric?.count ?? Number.NaN);
  };

  it('is for organisers only', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-the-organiser-token-at-all')).status).toBe(401);
  });

  it('counts readings in, stored and refused by reason, commits and PUBACKs, devices and streams', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const feed = new AbortController();
    const stream = await fetch(`${system.httpUrl}/api/events`, { signal: feed.signal });
    expect(stream.status).toBe(200);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12, seq: 1 }), {
      qos: 1,
    });
    await device.publishAsync(reg.topics.shelves.s2 as string, JSON.stringify({ kg: 6, seq: 2 }), { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12, seq: 1 }), {
      qos: 1,
    });
    await device.publishAsync(reg.topics.temperature, 'not json', { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 900 }), { qos: 1 });

    const { status, families } = await eventually(async () => {
      const scraped = await scrape();
      expect(value(scraped.families, 'fridge_sse_clients')).toBe(1);
      return scraped;
    });
    expect(status).toBe(200);
    expect(value(families, 'fridge_readings_received_total')).toBe(3);
    expect(value(families, 'fridge_readings_stored_total')).toBe(2);
    expect(value(families, 'fridge_readings_refused_total', { reason: 'duplicate' })).toBe(1);
    expect(value(families, 'fridge_readings_refused_total', { reason: 'malformed-payload' })).toBe(1);
    expect(value(families, 'fridge_readings_refused_total', { reason: 'out-of-range' })).toBe(1);
    expect(families.get('fridge_ingest_batch_size')?.type).toBe('HISTOGRAM');
    const batches = value(families, 'fridge_ingest_batch_size');
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(2);
    expect(value(families, 'fridge_ingest_commit_seconds')).toBe(batches);
    expect(value(families, 'fridge_puback_latency_seconds')).toBe(2);
    expect(value(families, 'fridge_devices_connected')).toBe(1);
    expect(value(families, 'fridge_ingest_backlog')).toBe(0);
    expect(value(families, 'fridge_outbox_depth')).toBe(0);
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');

    feed.abort();
    await device.endAsync();
    await eventually(async () => expect(value((await scrape()).families, 'fridge_sse_clients')).toBe(0));
  });
});

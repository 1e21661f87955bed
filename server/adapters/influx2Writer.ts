import { HttpError, InfluxDB, Point, setLogger } from '@influxdata/influxdb-client';
import type { IPoint } from './influxWriter';

// The mirror logs each failed write once, with the backlog and the next retry; the client's own
// console lines would repeat it without that context.
setLogger({ error: () => {}, warn: () => {} });

/** Integer fields of the schema (docs/storage.md); every other number is a float. */
const INTEGER_FIELDS = new Set(['device_status.rssi']);

/** The same point for the 2.x write API: field types as the 1.x schema declares them. */
export function toPoint2(point: IPoint): Point {
  const out = new Point(point.measurement ?? '');
  for (const [key, value] of Object.entries(point.tags ?? {})) out.tag(key, value);
  for (const [key, value] of Object.entries(point.fields ?? {})) {
    if (typeof value === 'boolean') out.booleanField(key, value);
    else if (typeof value === 'number')
      INTEGER_FIELDS.has(`${point.measurement}.${key}`)
        ? out.intField(key, value)
        : out.floatField(key, value);
    else out.stringField(key, String(value));
  }
  if (point.timestamp instanceof Date) out.timestamp(point.timestamp);
  return out;
}

/**
 * Where mirrored readings go on InfluxDB 2.x, 3.x or Cloud (or anything speaking `/api/v2/write`,
 * such as VictoriaMetrics): `@influxdata/influxdb-client`'s write API, used so that our cursor is
 * the only buffer. Its own retry buffer drops lines on a long outage, so each write gets a fresh
 * WriteApi with no retries, no timer and a batch bigger than ours: nothing is sent behind our back
 * and `write` resolves only when the server accepted every line (HTTP 204), else rejects.
 */
export class Influx2Writer {
  private readonly client: InfluxDB;

  constructor(
    url: string,
    token: string,
    private readonly org: string,
    private readonly bucket: string,
    timeoutMs = 30_000,
  ) {
    this.client = new InfluxDB({ url, token, timeout: timeoutMs });
  }

  async write(points: IPoint[]): Promise<void> {
    const api = this.client.getWriteApi(this.org, this.bucket, 'ms', {
      maxRetries: 0,
      flushInterval: 0,
      batchSize: points.length + 1,
      maxBufferLines: points.length + 1,
      maxBatchBytes: Number.MAX_SAFE_INTEGER,
    });
    api.writePoints(points.map(toPoint2));
    try {
      await api.flush();
    } finally {
      await api.close().catch(() => {});
    }
  }
}

/** The HTTP status of a failed write from either client, when the server answered. */
export function writeStatus(err: unknown): number | null {
  if (err instanceof HttpError) return err.statusCode;
  const status = (err as { res?: { statusCode?: number } } | null)?.res?.statusCode;
  return typeof status === 'number' ? status : null;
}

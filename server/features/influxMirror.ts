import { Influx2Writer, writeStatus } from '../adapters/influx2Writer';
import { InfluxWriter, type IPoint, readingToPoint } from '../adapters/influxWriter';
import type { Config } from '../config';
import type { EventBus } from '../eventBus';
import type { FeatureFactory, FeatureModule } from '../featureModule';
import type { ReadingStore } from '../storage/readingStore';
import { SqliteReadingStore } from '../storage/readingStore';
import { SettingsStore } from '../storage/settingsStore';

/**
 * Where each mirror keeps the id of the last reading its server holds (retention waits for it).
 * Apart, so that moving from 1.x to 2.x copies the kept readings to the new server too.
 */
export const INFLUX_CURSOR_KEYS = {
  v1: 'influx.mirroredUpToReadingId',
  v2: 'influx2.mirroredUpToReadingId',
} as const;

/** The cursor of the mirror the config enables, or null when none is. */
export function mirrorCursorKey(config: Pick<Config, 'influxUrl' | 'influxToken'>): string | null {
  if (config.influxUrl === null) return null;
  return config.influxToken === null ? INFLUX_CURSOR_KEYS.v1 : INFLUX_CURSOR_KEYS.v2;
}

export interface InfluxMirrorOptions {
  readings: ReadingStore;
  settings: SettingsStore;
  writer: { write(points: IPoint[]): Promise<void> };
  bus: EventBus;
  logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** The settings key of this mirror's cursor (INFLUX_CURSOR_KEYS). */
  cursorKey?: string;
  batchSize?: number;
  /** Readings arriving within this window go out in one write. */
  debounceMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * Copies every stored reading to InfluxDB, for a bigger network's dashboards (Grafana, Chronograf).
 * SQLite stays the record: the mirror walks the readings table with a cursor kept in SQLite, so an
 * InfluxDB outage or a restart delays the copy and never loses or repeats a reading.
 */
export class InfluxMirror implements FeatureModule {
  readonly name = 'influxMirror';
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private skipped = 0;
  private lastError: string | null = null;
  private stopped = true;
  private offReading: (() => void) | null = null;

  constructor(private readonly options: InfluxMirrorOptions) {}

  private get cursorKey(): string {
    return this.options.cursorKey ?? INFLUX_CURSOR_KEYS.v1;
  }

  start(): void {
    this.stopped = false;
    this.cursor = Number(this.options.settings.get(this.cursorKey) ?? 0);
    this.offReading = this.options.bus.on('readingAccepted', this.name, () =>
      this.schedule(this.options.debounceMs ?? 500),
    );
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offReading?.();
    this.offReading = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  health(): { ok: boolean; detail?: string } {
    return this.lastError === null
      ? { ok: true }
      : { ok: false, detail: `InfluxDB unreachable: ${this.lastError}` };
  }

  /** Readings InfluxDB refused as malformed (HTTP 4xx), which are not retried. */
  skippedReadings(): number {
    return this.skipped;
  }

  /** The id of the last reading known to be in InfluxDB. */
  mirroredUpTo(): number {
    return this.cursor;
  }

  /** Copies everything not yet mirrored; resolves when caught up or when a write fails. */
  async catchUp(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.copyAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.catchUp().catch(() => {});
    }, delayMs);
  }

  private async copyAll(): Promise<void> {
    const { readings, settings, writer, logger } = this.options;
    const batchSize = this.options.batchSize ?? 5000;
    while (!this.stopped) {
      const batch = readings.readAfter(this.cursor, batchSize);
      const last = batch.at(-1);
      if (!last) return;
      try {
        await writer.write(batch.map(readingToPoint));
      } catch (err) {
        if (isRefusedByInflux(err)) {
          // A 4xx will be answered the same forever: skip the batch rather than block the mirror.
          logger.warn({ err: String(err), skipped: batch.length }, 'InfluxDB refused a batch; skipped');
          this.skipped += batch.length;
          this.cursor = last.id;
          settings.set(this.cursorKey, String(this.cursor));
          continue;
        }
        this.failures += 1;
        this.lastError = err instanceof Error ? err.message : String(err);
        const retryMs = Math.min(
          this.options.retryMaxMs ?? 60_000,
          (this.options.retryBaseMs ?? 1000) * 2 ** (this.failures - 1),
        );
        logger.warn(
          { err: this.lastError, retryMs, pending: batch.length },
          'InfluxDB write failed; will retry',
        );
        this.schedule(retryMs);
        return;
      }
      if (this.lastError !== null) logger.info({ failures: this.failures }, 'InfluxDB reachable again');
      this.failures = 0;
      this.lastError = null;
      this.cursor = last.id;
      settings.set(this.cursorKey, String(this.cursor));
    }
  }
}

function isRefusedByInflux(err: unknown): boolean {
  const status = writeStatus(err);
  // 401/403: a token or rights problem the organiser fixes; 429: come back later. Both are retried.
  return status !== null && status >= 400 && status < 500 && ![401, 403, 429].includes(status);
}

/**
 * Enabled by INFLUX_URL: InfluxDB 1.x (`http://host:8086/database`), or with INFLUX_TOKEN (and
 * INFLUX_ORG, INFLUX_BUCKET) the 2.x write API (`http://host:8086`). Without it the mirror does nothing.
 */
export const influxMirrorFeature: FeatureFactory = (context) => {
  const { influxUrl: url, influxToken: token, influxOrg: org, influxBucket: bucket } = context.config;
  if (url === null) return { name: 'influxMirror', start() {}, stop() {} };
  const writer =
    token !== null && org !== null && bucket !== null
      ? new Influx2Writer(url, token, org, bucket)
      : new InfluxWriter(url, new URL(url).pathname.replace(/^\//, '') || 'fridges');
  return new InfluxMirror({
    readings: new SqliteReadingStore(context.db),
    settings: new SettingsStore(context.db),
    writer,
    cursorKey: mirrorCursorKey(context.config) ?? INFLUX_CURSOR_KEYS.v1,
    bus: context.bus,
    logger: context.logger,
  });
};

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './mosquitto';

export interface RunningVictoriaMetrics {
  /** Base address: `/api/v2/write` (InfluxDB 2.x line protocol) and `/api/v1/export` live under it. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`victoria-metrics did not answer /health at ${url}`);
}

/**
 * Debian's VictoriaMetrics on a free port, its data in `dir` (kept across a stop, so a restart on
 * the same `port` is the same server): a real server speaking InfluxDB's `/api/v2/write`. Retention
 * is set to 100 years so readings stamped by a test clock are never "too old" for it.
 */
export async function startVictoriaMetrics(dir: string, port?: number): Promise<RunningVictoriaMetrics> {
  const httpPort = port ?? (await freePort());
  const storage = join(dir, 'victoria-metrics');
  mkdirSync(storage, { recursive: true });
  const child: ChildProcess = spawn(
    'victoria-metrics',
    [`-storageDataPath=${storage}`, `-httpListenAddr=127.0.0.1:${httpPort}`, '-retentionPeriod=100y'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitForHealth(url, 15_000);
  return {
    url,
    port: httpPort,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** Every stored series whose name matches `nameRegex`, after a flush so fresh writes show. */
export async function exportSeries(url: string, nameRegex: string): Promise<ExportedSeries[]> {
  await fetch(`${url}/internal/force_flush`);
  const match = encodeURIComponent(`{__name__=~"${nameRegex}"}`);
  const res = await fetch(`${url}/api/v1/export?match[]=${match}`);
  if (!res.ok) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportedSeries);
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './mosquitto';

export interface RunningInfluxd {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(`${url}/ping`);
      if (res.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer /ping at ${url}`);
}

/** Debian's InfluxDB 1.x on free ports, its files in `dir`; `port` reuses a port after a stop. */
export async function startInfluxd(dir: string, port?: number): Promise<RunningInfluxd> {
  const httpPort = port ?? (await freePort());
  const rpcPort = await freePort();
  mkdirSync(join(dir, 'influx'), { recursive: true });
  const configFile = join(dir, 'influx', 'influxdb.conf');
  writeFileSync(
    configFile,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${dir}/influx/meta"`,
      '[data]',
      `  dir = "${dir}/influx/data"`,
      `  wal-dir = "${dir}/influx/wal"`,
      '  query-log-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${httpPort}"`,
      '  log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('influxd', ['-config', configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitForPing(url, 15_000);
  return {
    url,
    port: httpPort,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { performance } from 'node:perf_hooks';
import { type Child, serverCommand, startChild } from './processes';
import { BENCH_TOKEN } from './provision';

/** The server in a process of its own on free ports, with the benchmark's organiser token. */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ server: Child; httpUrl: string; mqttUrl: string; healthyMs: number }> {
  const { command, cwd, env: startEnv } = serverCommand();
  const started = performance.now();
  const server = startChild(
    command,
    {
      ...startEnv,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      DEMO: '0',
      ADMIN_TOKEN: BENCH_TOKEN,
      LOG_LEVEL: 'warn',
      // One address stands for every device here: lift the per-address caps meant for NAT routers.
      MQTT_MAX_UNAUTHENTICATED_PER_ADDRESS: '100000',
      MQTT_MAX_UNAUTHENTICATED: '100000',
      ...env,
      ...(process.env.BENCH_SERVER_ENV ? JSON.parse(process.env.BENCH_SERVER_ENV) : {}),
    },
    cwd,
  );
  const [, httpUrl = ''] = await server.waitFor(/Dashboard:\s+(http:\/\/\S+?)\/?\s/);
  const [, mqttUrl = ''] = await server.waitFor(/MQTT broker:\s+(mqtt:\/\/\S+)/);
  return {
    server,
    httpUrl: httpUrl.replace('localhost', '127.0.0.1'),
    mqttUrl,
    healthyMs: performance.now() - started,
  };
}

/** Counts `fridge` events on the live feed, as an open dashboard receives them. */
export function watchLiveFeed(httpUrl: string): { events: () => number; close: () => void } {
  let events = 0;
  const controller = new AbortController();
  void fetch(`${httpUrl}/api/events`, { signal: controller.signal })
    .then(async (res) => {
      const decoder = new TextDecoder();
      for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>)
        events += decoder.decode(chunk).split('event: fridge\n').length - 1;
    })
    .catch(() => undefined);
  return { events: () => events, close: () => controller.abort() };
}

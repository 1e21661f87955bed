import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { npmStartScript } from '../../bench/processes';
import { eventually } from './eventually';
import { freePort } from './mosquitto';
import { ADMIN_TOKEN } from './testSystem';

const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * Process groups still running. The server runs detached (so `kill -9` reaches the whole group),
 * so it would outlive a test run that is interrupted: killed when this process exits.
 */
const runningGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export interface ServerProcessOptions {
  dataDir: string;
  httpPort: number;
  mqttPort: number;
  /** More environment (LOG_LEVEL, INGEST_MAX_BATCH, ...). */
  env?: Record<string, string>;
}

export interface ServerProcess {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** `kill -9` of the whole process group. */
  kill9(): Promise<void>;
  /** SIGTERM, the way a service manager stops it. */
  stop(): Promise<void>;
}

/** Free HTTP and MQTT ports for a server that is restarted on the same ones. */
export async function freePorts(): Promise<{ httpPort: number; mqttPort: number }> {
  return { httpPort: await freePort(), mqttPort: await freePort() };
}

/** `npm start`'s arguments to `node` (V8 flags and the compiled entry), as package.json has them. */
export function npmStartArgs(): string[] {
  return npmStartScript().args;
}

/**
 * The real server, as `npm start` runs it: `node` with `npmStartArgs()`, the compiled `dist/server/main.js` (built from the
 * current sources by the tests' global setup) in its own process group, on a real site (DEMO=0)
 * with the test organiser token. Resolves once `/api/health` answers 200.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, npmStartArgs(), {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The environment `npm start` sets before `node` (glibc's malloc settings).
      ...npmStartScript().env,
      DATA_DIR: options.dataDir,
      PORT: String(options.httpPort),
      HOST: '127.0.0.1',
      MQTT_PORT: String(options.mqttPort),
      MQTT_HOST: '127.0.0.1',
      DEMO: '0',
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  let exitCode: number | string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process did not start');
  runningGroups.add(pid);
  void exited.then(() => runningGroups.delete(pid));
  const httpUrl = `http://127.0.0.1:${options.httpPort}`;
  const signalGroup = async (signal: NodeJS.Signals) => {
    if (exitCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
    await exited;
  };
  const server: ServerProcess = {
    httpUrl,
    mqttUrl: `mqtt://127.0.0.1:${options.mqttPort}`,
    pid,
    output: () => chunks.join(''),
    kill9: () => signalGroup('SIGKILL'),
    stop: () => signalGroup('SIGTERM'),
  };
  try {
    await eventually(async () => {
      if (exitCode !== null) throw new Error(`the server exited (${exitCode}):\n${server.output()}`);
      const res = await fetch(`${httpUrl}/api/health`);
      if (res.status !== 200) throw new Error(`health ${res.status}`);
    }, 30_000);
  } catch (err) {
    await server.kill9();
    throw err;
  }
  return server;
}

/** An HTTP call as an organiser or a neighbour would make it; answers status and JSON body. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

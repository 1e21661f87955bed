import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not open port ${port}`);
}

export interface RunningMosquitto {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Mosquitto's own logins: password file, ACL file and a pid file to signal (docs/external-broker.md). */
export interface MosquittoAuth {
  passwordFile: string;
  aclFile: string;
  pidFile: string;
}

/**
 * Debian's Mosquitto on a free port, for tests: anonymous, or with `auth` only the logins of
 * its password file, each limited by its ACL, and the client id replaced by the user name. max_queued_messages is raised from
 * its default of 1000, which silently drops QoS 1 messages queued for a slow subscriber.
 */
export async function startMosquitto(
  dir: string,
  port?: number,
  auth?: MosquittoAuth,
): Promise<RunningMosquitto> {
  const chosen = port ?? (await freePort());
  const configFile = join(dir, `mosquitto-${chosen}.conf`);
  writeFileSync(
    configFile,
    [
      `listener ${chosen} 127.0.0.1`,
      ...(auth
        ? [
            'allow_anonymous false',
            `password_file ${auth.passwordFile}`,
            `acl_file ${auth.aclFile}`,
            `pid_file ${auth.pidFile}`,
            'use_username_as_clientid true',
          ]
        : ['allow_anonymous true']),
      // Started as root, Mosquitto switches to the `mosquitto` user, which cannot write into a
      // test's private temp dir: persistence would fail silently and a restart lose sessions.
      'user root',
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 100000',
      'max_inflight_messages 0',
      'log_dest none',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('mosquitto', ['-c', configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(chosen, 5000);
  return {
    url: `mqtt://127.0.0.1:${chosen}`,
    port: chosen,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

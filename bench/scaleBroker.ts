/**
 * `bench:scale` with Debian's Mosquitto as the broker (`BENCH_SCALE_BROKER=mosquitto`), as a city's
 * mini PC would run it (docs/scaling.md, step 2): the devices connect to Mosquitto, the server is
 * one MQTT client of it (`MQTT_URL`), so the server's RSS is measured without 10,000 connections,
 * and Mosquitto's own RSS is reported next to it. Mosquitto's password and ACL files come from the
 * fixture's registry through `exportMosquitto` (what `npm run export:mosquitto` runs).
 *
 * With an external broker the device's PUBACK comes from Mosquitto when it has the message, not
 * after the server's commit: the server's own subscription acknowledges to Mosquitto after the
 * commit, so nothing acknowledged is lost by the server, but the PUBACK figure then times the broker.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { exportMosquitto } from '../server/adapters/mosquitto/exportCommand';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/storage/database';

const SERVER_LOGIN = { username: 'fridge-server', password: 'bench-server-secret-0123456789' };

export interface ExternalBroker {
  /** The server's environment for this broker. */
  serverEnv: Record<string, string>;
  /** Mosquitto's resident memory now, MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function rssMbOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Mosquitto on a free port of 127.0.0.1 with the fixture's devices and the server's login. */
export async function startExternalBroker(dataDir: string): Promise<ExternalBroker> {
  const port = await freePort();
  const mqttUrl = `mqtt://127.0.0.1:${port}`;
  const files = { passwordFile: join(dataDir, 'mosquitto.passwd'), aclFile: join(dataDir, 'mosquitto.acl') };
  const db = openDatabase(dataDir);
  try {
    const config = loadConfig(
      {},
      { dataDir, mqttUrl, mqttUsername: SERVER_LOGIN.username, mqttPassword: SERVER_LOGIN.password },
    );
    const [wrote] = await exportMosquitto(db, config, { ...files, pidFile: null });
    console.log(`  Mosquitto's files ${wrote}`);
  } finally {
    db.close();
  }
  const configFile = join(dataDir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${files.passwordFile}`,
      `acl_file ${files.aclFile}`,
      'use_username_as_clientid true',
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      // Sessions in memory only: the benchmark measures memory and latency, not a broker restart.
      'persistence false',
      // The default 1,000 drops QoS 1 messages queued for the server when it falls behind (silently).
      'max_queued_messages 1000000',
      // Mosquitto's default of 20 unacknowledged messages per client, as Debian ships it and a site
      // would run it (the tests' Mosquitto lifts it); BENCH_SCALE_MOSQUITTO_INFLIGHT sets another.
      // It caps how many messages share one of the server's commits (docs/external-broker.md).
      `max_inflight_messages ${process.env.BENCH_SCALE_MOSQUITTO_INFLIGHT ?? 20}`,
      'log_dest none',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('mosquitto', ['-c', configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 500));
  if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
  return {
    serverEnv: {
      MQTT_URL: mqttUrl,
      MQTT_USERNAME: SERVER_LOGIN.username,
      MQTT_PASSWORD: SERVER_LOGIN.password,
    },
    rssMb: () => rssMbOf(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

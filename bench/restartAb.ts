/**
 * Restart CPU before and after, alternated (docs/scaling.md "Seventh round: stop and restart"): the
 * server of another checkout (BENCH_BASE_CWD, built with `npm run build`) and of this one, each on
 * its own copy of bench:scale's fixture and its own Mosquitto, behind Mosquitto and with the
 * embedded broker in turn. Each cell: a first start, 3 s, a clean stop, then the restart timed to
 * the "Dashboard:" line, with the CPU the server's process used by then (`/proc`, all threads, and
 * its main thread): under a shared machine's load the CPU says more than the wall time.
 *
 *   BENCH_BASE_CWD=/tmp/lifecycle-base N=2000 ROUNDS=3 npx tsx bench/restartAb.ts
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startExternalBroker } from './scaleBroker';
import { scaleFixture } from './scaleFixture';
import { startServer } from './server';

const N = Number(process.env.N ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const trees: Record<string, string> = {
  base: process.env.BENCH_BASE_CWD ?? '/tmp/lifecycle-base',
  this: join(import.meta.dirname, '..'),
};
const env = { SSE_MAX_CLIENTS: '100000', SSE_MAX_PER_ADDRESS: '100000' };
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const setups = new Map<
    string,
    { dataDir: string; broker: Awaited<ReturnType<typeof startExternalBroker>> }
  >();
  for (const name of Object.keys(trees)) {
    const fixture = await scaleFixture(N);
    setups.set(name, { dataDir: fixture.dataDir, broker: await startExternalBroker(fixture.dataDir) });
  }
  console.log(`Restart, ${N} fridges, ${ROUNDS} rounds; load ${load()}`);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['mosquitto', 'embedded']) {
        for (const [name, cwd] of Object.entries(trees)) {
          process.env.BENCH_SERVER_CWD = cwd;
          const setup = setups.get(name);
          if (!setup) throw new Error(name);
          const serverEnv = mode === 'mosquitto' ? { ...env, ...setup.broker.serverEnv } : env;
          const first = await startServer(setup.dataDir, serverEnv);
          await new Promise((resolve) => setTimeout(resolve, 3000));
          await first.server.stop();
          const again = await startServer(setup.dataDir, serverEnv);
          const cpuMs = again.server.cpuMs();
          const mainThreadMs = again.server.loopCpuMs();
          const started = performance.now();
          await (await fetch(`${again.httpUrl}/api/fridges`)).arrayBuffer();
          const firstGetMs = performance.now() - started;
          await again.server.stop();
          console.log(
            `  round ${round}, ${mode}, ${name}: restart ${again.healthyMs.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms (main thread ${mainThreadMs.toFixed(0)} ms), first GET /api/fridges ${firstGetMs.toFixed(0)} ms; load ${load()}`,
          );
        }
      }
    }
  } finally {
    for (const { dataDir, broker } of setups.values()) {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

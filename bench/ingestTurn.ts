/**
 * How long one ingest commit holds the event loop, by batch size (issue 12: the commit's turn,
 * docs/scaling.md "Sixth round"): the real system in this process on a copy of bench:scale's
 * fixture, readings of its fridges' sensors (weights, door, temperature, as bench:scale sends
 * them) accepted as the broker would hand them over, then one batch committed with its listeners
 * (catalogue, statuses, live feed, retained state topic, estimator, alert rules). Batch sizes are
 * alternated round by round, so a loaded machine weighs on all alike.
 *
 *   npx tsx bench/ingestTurn.ts [fridges=2000] [sizes=25,50,100,200,500,1000] [rounds=12]
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { systemClock } from '../server/clock';
import { loadConfig } from '../server/config';
import { startSystem } from '../server/system';
import { fixtureMessages } from './fixtureMessages';
import { percentile } from './load';
import { scaleFixture } from './scaleFixture';

const [fridgesArg = '2000', sizesArg = '25,50,100,200,500,1000', roundsArg = '12'] = process.argv.slice(2);
const sizes = sizesArg.split(',').map(Number);
const rounds = Number(roundsArg);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const fixture = await scaleFixture(Number(fridgesArg));
  const config = loadConfig(
    {},
    {
      dataDir: fixture.dataDir,
      httpPort: 0,
      httpHost: '127.0.0.1',
      mqttPort: 0,
      mqttHost: '127.0.0.1',
      demo: false,
      ingestMaxBatch: 10_000,
    },
  );
  const system = await startSystem({ config, logger: pino({ level: 'silent' }), clock: systemClock });
  console.log(
    `Ingest turn: ${fridgesArg} fridges, batch sizes ${sizesArg}, ${rounds} rounds; load ${load()}`,
  );
  // Sensor by sensor in a shuffled order, as 10,000 devices' messages reach the broker.
  const { next: message } = fixtureMessages(fixture.registrations, (n) => Math.floor(n / 5));
  const turns = new Map<number, number[]>(sizes.map((size) => [size, []]));
  try {
    for (let round = 0; round < rounds + 1; round++) {
      for (const size of sizes) {
        const stored: Promise<unknown>[] = [];
        for (let i = 0; i < size; i++) {
          const { message: m, deviceId } = message();
          stored.push(
            system.ingest.accept(m, { deviceId, clientId: deviceId, receivedAtMs: systemClock.nowMs() }),
          );
        }
        const started = performance.now();
        system.ingest.flush();
        const ms = performance.now() - started;
        const outcomes = await Promise.all(stored);
        if (outcomes.some((outcome) => outcome !== 'stored')) throw new Error('a reading was not stored');
        // The first round warms the statements and the states up: not counted.
        if (round > 0) turns.get(size)?.push(ms);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    report(turns);
  } finally {
    await system.stop();
    rmSync(fixture.dataDir, { recursive: true, force: true });
  }
}

function report(turns: Map<number, number[]>): void {
  for (const [size, ms] of turns) {
    ms.sort((a, b) => a - b);
    const p50 = percentile(ms, 0.5);
    console.log(
      `  batch ${String(size).padStart(5)}: turn p50 ${p50.toFixed(1)} ms, p90 ${percentile(ms, 0.9).toFixed(1)} ms, ${((1000 * p50) / size).toFixed(0)} µs per reading`,
    );
  }
  console.log(`  load average at the end ${load()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

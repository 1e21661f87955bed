import { replayAlerts, sixFridges } from './replay';

/**
 * The false-alarm figure: a normal week of six fridges with the realistic profile, every reading
 * judged by the alert rules. `npx tsx bench/alerts/run.ts [seeds]`.
 */
const DAY_MS = 86_400_000;
const seeds = Number(process.argv[2] ?? 3);
/** Monday 30 November 2026, 00:00 UTC. */
const START_MS = Date.UTC(2026, 10, 30);
let total = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const started = performance.now();
  const result = replayAlerts({
    seed,
    fridges: sixFridges(),
    startMs: START_MS,
    durationMs: 7 * DAY_MS,
    profile: 'realistic',
  });
  total += result.raised.length;
  console.log(
    `seed ${seed}: ${result.readings} readings, ${result.raised.length} alerts raised${
      result.raised.length
        ? ` (${result.raised.map((r) => `${r.fridgeId} ${r.type} ${r.severity}`).join('; ')})`
        : ''
    } in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
console.log(`false alarms over ${seeds} simulated weeks of 6 fridges: ${total}`);

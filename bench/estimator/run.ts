import { DEFAULT_ESTIMATOR_CONFIG } from '../../server/domain/estimation/config';
import { type CoarseSeedFigures, coarseTargetLines } from './coarseTargets';
import { evaluateScenario, type ScenarioMetrics } from './evaluate';
import { evaluateRobustness, robustnessRow, robustnessScenarios } from './robustness';
import { benchScenarios } from './scenarios';

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const kg = (value: number) => `${value.toFixed(3)} kg`;

function print(m: ScenarioMetrics): void {
  const lines = [
    `## ${m.name}`,
    `  MAE                 ${kg(m.maeKg)} = ${m.maePercentOfCapacity.toFixed(2)} % of ${m.capacityKg} kg (max ${kg(m.maxErrorKg)})`,
    `  within ± uncertainty ${pct(m.withinUncertaintyShare)} of the samples between sessions`,
    `  level wrong         ${pct(m.levelWrongShare)} of ${m.samples} one-minute samples (${m.unknownSamples} before the first settle)` +
      (m.doubtfulShare > 0
        ? `; ${pct(m.levelWrongTrustedShare)} of those not marked doubtful (${pct(m.doubtfulShare)} were)`
        : '') +
      `; ${pct(m.levelWrongClearShare)} when the truth is over 1 % from a boundary`,
    `  sessions            ${m.detectedSessions} detected / ${m.trueSessions} true: precision ${pct(m.precision)}, recall ${pct(m.recall)}`,
    `  taken per session   error mean ${kg(m.takenError.meanKg)}, median ${kg(m.takenError.medianKg)}, p95 ${kg(m.takenError.p95Kg)}, max ${kg(m.takenError.maxKg)}`,
    `  added per session   error mean ${kg(m.addedError.meanKg)}, median ${kg(m.addedError.medianKg)}, p95 ${kg(m.addedError.p95Kg)}, max ${kg(m.addedError.maxKg)}`,
    `  final shelf error   ${Object.entries(m.finalShelfErrorKg)
      .map(([id, e]) => `${id} ${(e * 1000).toFixed(0)} g`)
      .join(', ')}`,
    `  doubts raised       ${m.doubtsRaised}${m.faultDetectedAfterMs === null ? '' : `; planted fault flagged after ${(m.faultDetectedAfterMs / 60_000).toFixed(1)} min`}`,
  ];
  if (m.forecast) {
    const f = m.forecast;
    lines.push(
      `  forecast            median error ${f.medianErrorMin?.toFixed(1) ?? '-'} min, p90 ${f.p90ErrorMin?.toFixed(1) ?? '-'} min over ${f.evaluated} forecasts (${f.missing} without)`,
    );
  }
  lines.push(`  replay              ${m.events} events in ${m.replayMs.toFixed(0)} ms`);
  console.log(lines.join('\n'));
}

/** One line per seed: the figures the targets are about. */
function printRow(seed: number, m: ScenarioMetrics): void {
  const worstShelfG = Math.max(0, ...Object.values(m.finalShelfErrorKg)) * 1000;
  const forecast = m.forecast?.medianErrorMin;
  console.log(
    `  seed ${String(seed).padEnd(9)} MAE ${m.maePercentOfCapacity.toFixed(2)} %  level wrong ${pct(m.levelWrongShare)}` +
      ` (trusted ${pct(m.levelWrongTrustedShare)}, clear ${pct(m.levelWrongClearShare)})` +
      `  P/R ${pct(m.precision)}/${pct(m.recall)}  worst shelf ${worstShelfG.toFixed(0)} g` +
      (forecast === undefined || forecast === null ? '' : `  forecast ${forecast.toFixed(0)} min`),
  );
}

/**
 * `tsx bench/estimator/run.ts [name filter] [--seed N]` prints every figure for one seed;
 * `--seeds 1,2,3` prints the target figures for several. Issue 14's scenarios (a shut door that
 * is leaned on, a bouncing switch, transfers, coarse scales) always run over ten seeds, or the
 * `--seeds` given.
 */
const args = process.argv.slice(2);
const flagValue = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const flagValues = new Set([flagValue('--seed'), flagValue('--seeds')]);
const only = args.find((arg) => !arg.startsWith('--') && !flagValues.has(arg));
const seeds = flagValue('--seeds')?.split(',').map(Number);
if (seeds) {
  console.log(`# Stock estimator accuracy over seeds ${seeds.join(', ')} (method in docs/estimation.md)`);
  for (const name of benchScenarios().map((s) => s.name)) {
    if (only && !name.includes(only)) continue;
    console.log(`## ${name}`);
    for (const seed of seeds) {
      const scenario = benchScenarios({ seed }).find((s) => s.name === name);
      if (scenario) printRow(seed, evaluateScenario(scenario, DEFAULT_ESTIMATOR_CONFIG));
    }
  }
} else {
  const seedText = flagValue('--seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  console.log(`# Stock estimator accuracy (seed ${seed ?? 'default'}; method in docs/estimation.md)\n`);
  for (const scenario of benchScenarios(seed === undefined ? {} : { seed })) {
    if (only && !scenario.name.includes(only)) continue;
    print(evaluateScenario(scenario, DEFAULT_ESTIMATOR_CONFIG));
  }
}

const TEN_SEEDS = [20250602, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const robustSeeds = seeds ?? TEN_SEEDS;
const robustNames = robustnessScenarios().map((s) => s.name);
if (robustNames.some((name) => !only || name.includes(only))) {
  console.log(`\n# What real fridges do (issue 14), seeds ${robustSeeds.join(', ')}`);
  const started = performance.now();
  for (const name of robustNames) {
    if (only && !name.includes(only)) continue;
    const description = robustnessScenarios().find((s) => s.name === name)?.description ?? '';
    console.log(`## ${name}: ${description}`);
    const coarse: CoarseSeedFigures[] = [];
    let stepKg: number | undefined;
    let hasDoor = true;
    for (const seed of robustSeeds) {
      const scenario = robustnessScenarios(seed).find((s) => s.name === name);
      if (!scenario) continue;
      const metrics = evaluateRobustness(scenario, DEFAULT_ESTIMATOR_CONFIG);
      console.log(robustnessRow(seed, metrics));
      stepKg = scenario.stepKg;
      hasDoor = scenario.fridge.kind === 'fridge';
      coarse.push({ seed, metrics });
    }
    // A scale that rounds: the estimator's kg shared next to the rounded truth's, and the targets.
    if (stepKg !== undefined)
      for (const line of coarseTargetLines(stepKg, hasDoor, coarse)) console.log(line);
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Where a `node --cpu-prof` profile spent its time: self time per function (top N) and the
 * inclusive time of every function whose name matches, within an optional window of seconds from
 * the profile's start (the load phase of `bench:scale`, say). Shares are of the sampled time in the
 * window, idle included, so "(idle)" says how much of it the thread waited.
 *
 *   npx tsx bench/cpuProfileShares.ts CPU.….cpuprofile [fromS] [toS] [top=25] [match=regex]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, fromArg, toArg, topArg, matchArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuProfileShares.ts file.cpuprofile [fromS] [toS] [top] [match]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const fromUs = Number(fromArg ?? 0) * 1e6;
const toUs = Number(toArg ?? Number.POSITIVE_INFINITY) * 1e6;
const top = Number(topArg ?? 25);
const match = new RegExp(matchArg ?? '^$');

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode) => {
  const url = n.callFrame.url.split('/').slice(-2).join('/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let t = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  t += delta;
  if (t < fromUs || t > toUs) return;
  total += delta;
  const node = byId.get(id);
  if (!node) return;
  const name = label(node);
  self.set(name, (self.get(name) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (!frame || !match.test(frame.callFrame.functionName)) continue;
    const key = label(frame);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
  }
});

const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled in the window`);
console.log('self time:');
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${pct(us)}  ${name}`);
if (matchArg) {
  console.log(`inclusive time of functions matching /${matchArg}/:`);
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${pct(us)}  ${name}`);
}

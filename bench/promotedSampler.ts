/**
 * Where what the old generation receives is allocated: V8's sampling heap profiler, preloaded into
 * `bench:scale`'s server, counting the objects that are still alive when it stops or were
 * collected by a full collection, and leaving out those a scavenge collected. What is left is
 * what survived its scavenges: promoted (or still young at the stop, at most a semi-space's worth).
 * Promotion is what the full collections' marking pays for at 10,000 fridges (docs/scaling.md,
 * "Eleventh round": 8–9 kB per reading whatever the semi-space size). It changes nothing the
 * server does; the first SIGUSR2 starts the sampling, the second writes the summary to
 * $PROMOTED_OUT (by allocating function, and by the nearest server function on its stack).
 *
 *   BENCH_SERVER_CMD="node --max-semi-space-size=16 --heap-growing-percent=100 --import tsx --import ./bench/promotedSampler.ts dist/server/main.js" \
 *   BENCH_SERVER_ENV='{"PROMOTED_OUT":"/tmp/promoted.txt"}' BENCH_SCALE_API=0 npm run bench:scale
 *   kill -USR2 <server pid>; sleep 60; kill -USR2 <server pid>
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { type SampledNode, sampledSite } from './heapSamples';

const out = process.env.PROMOTED_OUT ?? '/tmp/promoted.txt';
const session = new Session();
let startedAt: number | null = null;

/** The server's own code: the bundle (node_modules stay outside it). */
const isServer = (frame: SampledNode['callFrame']) => frame.url.includes('/dist/server/');

function summary(head: SampledNode, seconds: number): string[] {
  const byLeaf = new Map<string, number>();
  const byServer = new Map<string, number>();
  let total = 0;
  const visit = (node: SampledNode, nearestServer: string) => {
    const here = isServer(node.callFrame) ? sampledSite(node.callFrame) : nearestServer;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const leaf = sampledSite(node.callFrame);
      byLeaf.set(leaf, (byLeaf.get(leaf) ?? 0) + node.selfSize);
      byServer.set(here, (byServer.get(here) ?? 0) + node.selfSize);
    }
    for (const child of node.children) visit(child, here);
  };
  visit(head, '(no server frame)');
  const mb = (bytes: number) =>
    `${(bytes / 1e6).toFixed(2).padStart(8)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)} %`;
  const table = (title: string, sites: Map<string, number>) => [
    title,
    ...[...sites.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([site, bytes]) => `${mb(bytes)}  ${site}`),
  ];
  return [
    `promoted or alive over ${seconds.toFixed(1)} s: ${(total / 1e6).toFixed(1)} MB (${(total / 1e6 / seconds).toFixed(2)} MB/s)`,
    ...table('by allocating function:', byLeaf),
    ...table('by the nearest server function on the stack:', byServer),
  ];
}

process.on('SIGUSR2', () => {
  void (async () => {
    if (startedAt === null) {
      session.connect();
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: false,
      });
      startedAt = performance.now();
      return;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SampledNode };
    };
    writeFileSync(out, `${summary(profile.head, seconds).join('\n')}\n`);
    writeFileSync(`${out}.json`, JSON.stringify(profile));
    startedAt = null;
    session.disconnect();
  })();
});

import { Session } from 'node:inspector/promises';

/** A node of V8's sampling heap profile (`HeapProfiler.stopSampling`). */
export interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

/** An allocation site as the benches print it: function, the file's last two path parts, line. */
export const sampledSite = (frame: SampledNode['callFrame']): string =>
  `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;

/**
 * BENCH_HEAP_SAMPLES=1: V8's sampling heap profiler over the timed batches, stopped at their end
 * without the objects collected meanwhile, so it shows where what is still alive was allocated:
 * what each reading leaves behind for the garbage collector to copy, promote and mark later.
 */
export const heapSampling = (() => {
  const session = new Session();
  return {
    async start(): Promise<void> {
      session.connect();
      // BENCH_HEAP_SAMPLES=all: every allocation, collected or not (where the garbage comes from).
      const all = process.env.BENCH_HEAP_SAMPLES === 'all';
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: all,
        includeObjectsCollectedByMinorGC: all,
      });
    },
    async stop(readings: number): Promise<void> {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
        profile: { head: SampledNode };
      };
      const bySite = new Map<string, number>();
      const visit = (node: SampledNode) => {
        const key = sampledSite(node.callFrame);
        bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
        for (const child of node.children) visit(child);
      };
      visit(profile.head);
      const total = [...bySite.values()].reduce((a, b) => a + b, 0);
      console.log(
        `  ${process.env.BENCH_HEAP_SAMPLES === 'all' ? 'allocated' : 'still alive at the end, allocated'} in the timed batches: ${(total / readings).toFixed(0)} bytes per reading`,
      );
      for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`    ${(bytes / readings).toFixed(0).padStart(6)} B/reading  ${site}`);
      session.disconnect();
    },
  };
})();

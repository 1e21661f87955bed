/**
 * Where the renderer's main thread spent a window of a Chromium performance trace (the JSON that
 * `browser.stopTracing()` returns with the DevTools timeline and `v8.cpu_profiler` categories):
 * self time per trace event (script, style, layout, paint, GC) as DevTools' "Summary" adds it up,
 * and self time per JavaScript function from the sampled CPU profile in the same trace.
 */

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: what the thread ran, however long it waited. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber: number; scriptId?: number };
}

export interface WindowShares {
  windowMs: number;
  /**
   * CPU time the page's main thread ran in the window (its tasks' thread time), ms: unlike wall
   * time, it hardly grows when other processes load the machine.
   */
  mainThreadCpuMs: number;
  /** Self time in ms per trace event name (e.g. UpdateLayoutTree, Layout, FunctionCall), largest first. */
  events: [string, number][];
  /** Self time in ms per JavaScript function ("name file:line"), largest first; "(program)" etc. included. */
  functions: [string, number][];
  /** Sampled time in ms including callees, for each function, largest first. */
  inclusive: [string, number][];
}

const GROUPS: Record<string, string> = {
  UpdateLayoutTree: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  UpdateLayer: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  HitTest: 'layout',
  ParseHTML: 'parse HTML',
};

/** "FunctionCall" etc. count as script; everything on the thread not in a known group is "other". */
export function groupOf(name: string): string {
  if (GROUPS[name] !== undefined) return GROUPS[name];
  if (/GC/.test(name)) return 'gc';
  if (
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|XHRReadyStateChange|FunctionCall)/.test(
      name,
    )
  )
    return 'script';
  return 'other';
}

const ms = (us: number): number => Math.round(us / 100) / 10;
const sortDesc = (map: Map<string, number>): [string, number][] =>
  [...map.entries()].map(([k, v]): [string, number] => [k, ms(v)]).sort((a, b) => b[1] - a[1]);

/** The thread that ran the page: the one with the user-timing mark `markName`. */
export function sharesBetween(
  events: TraceEvent[],
  markName: string,
  windowBeforeMarkMs: number,
): WindowShares {
  const mark = events.find((e) => e.name === markName && e.cat.includes('blink.user_timing'));
  if (mark === undefined) throw new Error(`no mark ${markName} in the trace`);
  const main = events.find(
    (e) =>
      e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain',
  );
  const tid = main?.tid ?? mark.tid;
  const end = mark.ts;
  const start = end - windowBeforeMarkMs * 1000;

  // Self time of nested complete events on the main thread, clipped to the window.
  const onThread = events
    .filter((e) => e.pid === mark.pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const clip = (from: number, to: number) => Math.max(0, Math.min(to, end) - Math.max(from, start));
  const stack: { e: TraceEvent; childEnd: number; children: [number, number][] }[] = [];
  const close = (frame: (typeof stack)[number]) => {
    const from = frame.e.ts;
    const to = frame.e.ts + (frame.e.dur ?? 0);
    let time = clip(from, to);
    for (const [a, b] of frame.children) time -= clip(a, b);
    if (frame.e.name !== 'RunTask' && frame.e.name !== 'ThreadControllerImpl::RunTask')
      self.set(frame.e.name, (self.get(frame.e.name) ?? 0) + Math.max(0, time));
  };
  for (const e of onThread) {
    while (stack.length > 0 && e.ts >= (stack.at(-1)?.e.ts ?? 0) + (stack.at(-1)?.e.dur ?? 0)) {
      close(stack.pop() as (typeof stack)[number]);
    }
    stack.at(-1)?.children.push([e.ts, e.ts + (e.dur ?? 0)]);
    stack.push({ e, childEnd: e.ts, children: [] });
  }
  while (stack.length > 0) close(stack.pop() as (typeof stack)[number]);

  let cpu = 0;
  for (const e of onThread) {
    if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
    const wall = e.dur ?? 0;
    if (wall > 0 && e.tdur !== undefined) cpu += (e.tdur * clip(e.ts, e.ts + wall)) / wall;
  }

  // The sampled profile: nodes and samples come in ProfileChunk events of one Profile per thread.
  const nodes = new Map<number, ProfileNode>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const profile = events.find((e) => e.name === 'Profile' && e.pid === mark.pid && e.tid === tid);
  let at = (profile?.args?.data?.startTime as number | undefined) ?? 0;
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url ?? '').split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  for (const chunk of events.filter(
    (e) => e.name === 'ProfileChunk' && e.pid === mark.pid && (profile === undefined || e.id === profile.id),
  )) {
    const data = chunk.args?.data as
      | { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] }
      | undefined;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const previous = at;
      at += deltas[i] ?? 0;
      const width = clip(previous, at);
      if (width <= 0) continue;
      const node = nodes.get(samples[i] as number);
      if (node === undefined) continue;
      functions.set(label(node), (functions.get(label(node)) ?? 0) + width);
      const seen = new Set<string>();
      for (
        let n: ProfileNode | undefined = node;
        n !== undefined;
        n = n.parent === undefined ? undefined : nodes.get(n.parent)
      ) {
        const name = label(n);
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + width);
      }
    }
  }
  return {
    windowMs: windowBeforeMarkMs,
    mainThreadCpuMs: ms(cpu),
    events: sortDesc(self),
    functions: sortDesc(functions),
    inclusive: sortDesc(inclusive),
  };
}

/** The event self times summed into script / style / layout / paint / gc / other, and idle. */
export function groupShares(shares: WindowShares): [string, number][] {
  const groups = new Map<string, number>();
  let busy = 0;
  for (const [name, time] of shares.events) {
    groups.set(groupOf(name), (groups.get(groupOf(name)) ?? 0) + time * 1000);
    busy += time;
  }
  groups.set('idle (nothing on the main thread)', Math.max(0, shares.windowMs - busy) * 1000);
  return sortDesc(groups);
}

/**
 * The live-feed readers of `bench:scale`, in a process of their own (forked by `latencyProbe` in
 * scaleLoad.ts): in the process of the 10,000 MQTT.js devices, the timed reader waited for that
 * event loop and the server dropped it as a slow reader, so the figure measured the load
 * generator. Times are absolute (bench/wallClock.ts), comparable across processes.
 *
 * One reader parses every `fridge` event and times the first one for a fridge after a reading
 * was sent for it; `drainers` more readers take every byte and throw it away, as dashboards would.
 */
import { wallClockMs } from './wallClock';

export type ProbeRequest =
  | { kind: 'open'; httpUrl: string }
  | { kind: 'sent'; fridgeId: string; atMs: number }
  | { kind: 'drainers'; count: number }
  | { kind: 'take' };

export type ProbeReply =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'drainers' }
  | {
      kind: 'taken';
      latenciesMs: number[];
      unanswered: number;
      drainerBytes: number;
      /**
       * Each timed event as [sent at (ms since the epoch), latency ms], in arrival order; kept only
       * when BENCH_SCALE_FEED asks for it (an hour-long run times 3 million events).
       */
      timeline: Array<[number, number]>;
    };

const keepTimeline = Boolean(process.env.BENCH_SCALE_FEED);
const reply = (message: ProbeReply) => process.send?.(message);

const pending = new Map<string, number>();
let latenciesMs: number[] = [];
let timeline: Array<[number, number]> = [];
let unanswered = 0;
let drainerBytes = 0;
let httpUrl = '';

function open(onChunk: ((text: string) => void) | null): Promise<void> {
  return new Promise<void>((ready, failed) => {
    fetch(`${httpUrl}/api/events`)
      .then(async (res) => {
        if (res.status !== 200) throw new Error(`live feed: ${res.status}`);
        ready();
        const decoder = new TextDecoder();
        for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
          if (onChunk) onChunk(decoder.decode(chunk, { stream: true }));
          else drainerBytes += chunk.byteLength;
        }
      })
      .catch((err: unknown) => failed(err));
  });
}

let carry = '';
function timed(text: string): void {
  const now = wallClockMs();
  carry += text;
  const events = carry.split('\n\n');
  carry = events.pop() ?? '';
  for (const event of events) {
    if (!event.startsWith('event: fridge\n')) continue;
    const id = event.match(/"id":"([^"]+)"/)?.[1];
    const sentAt = id === undefined ? undefined : pending.get(id);
    if (id === undefined || sentAt === undefined) continue;
    pending.delete(id);
    latenciesMs.push(now - sentAt);
    if (keepTimeline) timeline.push([sentAt, now - sentAt]);
  }
}

process.on('message', (request: ProbeRequest) => {
  if (request.kind === 'open') {
    httpUrl = request.httpUrl;
    open(timed).then(
      () => reply({ kind: 'ready' }),
      (err: unknown) => reply({ kind: 'failed', message: String(err) }),
    );
  } else if (request.kind === 'sent') {
    // A reading that changed nothing the status shows brings no event; the next one times anew.
    if (pending.has(request.fridgeId)) unanswered++;
    pending.set(request.fridgeId, request.atMs);
  } else if (request.kind === 'drainers') {
    Promise.all(Array.from({ length: request.count }, () => open(null))).then(
      () => reply({ kind: 'drainers' }),
      (err: unknown) => reply({ kind: 'failed', message: String(err) }),
    );
  } else {
    const taken = latenciesMs.sort((a, b) => a - b);
    latenciesMs = [];
    reply({ kind: 'taken', latenciesMs: taken, unanswered, drainerBytes, timeline });
    timeline = [];
    unanswered = 0;
  }
});

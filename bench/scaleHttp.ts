/**
 * `GET` timings for `bench:scale`, with node:http reading the bytes as they come (and node:zlib
 * inflating the gzip list). Not Node's fetch by default: reading the plain 13.6 MB list through
 * undici's web streams took most of what the list's figure measured under load (p50 150 ms, where
 * curl got the same list in 19 ms in the same kind of run: docs/scaling.md, fourteenth round).
 * `BENCH_SCALE_LIST_CLIENT=fetch` times the plain list with fetch as the rounds before did.
 */
import { fork } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createGunzip } from 'node:zlib';

export interface TimedGet {
  ms: number;
  firstByteMs: number;
  status: number;
  bytes: number;
  etag: string;
}

/** Time to the whole body, the bytes counted and dropped as they arrive (`identity` asked for). */
export function timeGet(url: string, headers: Record<string, string> = {}): Promise<TimedGet> {
  if (process.env.BENCH_SCALE_LIST_CLIENT === 'fetch') return timeFetchGet(url, headers);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const firstByteMs = performance.now() - started;
      let bytes = 0;
      res.on('data', (part: Buffer) => {
        bytes += part.length;
      });
      res.on('end', () =>
        resolve({
          ms: performance.now() - started,
          firstByteMs,
          status: res.statusCode ?? 0,
          bytes,
          etag: String(res.headers.etag ?? ''),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Time to the whole body with Node's fetch and `arrayBuffer()`, the rounds' client before the
 * fourteenth. `identity` is asked for explicitly: fetch would take gzip since the sixth round, and
 * undici inflates through web streams at about twice the client CPU of the plain bytes.
 */
async function timeFetchGet(url: string, headers: Record<string, string>): Promise<TimedGet> {
  const started = performance.now();
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  // fetch resolves with the headers: the server's wait and assembly, apart from the transfer.
  const firstByteMs = performance.now() - started;
  const bytes = (await res.arrayBuffer()).byteLength;
  return {
    ms: performance.now() - started,
    firstByteMs,
    status: res.status,
    bytes,
    etag: res.headers.get('etag') ?? '',
  };
}

/**
 * Time to the whole body in gzip, inflated as it arrives by node:zlib, as curl or a browser would
 * (`ms`), and to its last compressed byte (`lastByteMs`): the server's part, apart from the inflating.
 */
export function timeGzipGet(
  url: string,
): Promise<{ ms: number; firstByteMs: number; lastByteMs: number; bytes: number; compressed: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const firstByteMs = performance.now() - started;
      let compressed = 0;
      let bytes = 0;
      let lastByteMs = 0;
      res.on('end', () => {
        lastByteMs = performance.now() - started;
      });
      res.on('data', (part: Buffer) => {
        compressed += part.length;
      });
      const inflated = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
      inflated.on('data', (part: Buffer) => {
        bytes += part.length;
      });
      inflated.on('end', () =>
        resolve({ ms: performance.now() - started, firstByteMs, lastByteMs, bytes, compressed }),
      );
      inflated.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** What bench/scaleListProbe.ts is asked, and what it answers. */
export type ListProbeRequest = { kind: 'start'; httpUrl: string } | { kind: 'stop' };

export interface ListTimes {
  plainMs: number[];
  plainFirstByteMs: number[];
  conditionalMs: number[];
  notModified: number;
  gzipMs: number[];
  gzipFirstByteMs: number[];
  gzipLastByteMs: number[];
  gzipMb: number[];
  failed: number;
  /** The probe process's own CPU over its rounds (ms): the client's share of the figures. */
  probeCpuMs: number;
}

export type ListProbeReply = { kind: 'times'; times: ListTimes };

/** No request timed yet. */
export const emptyListTimes = (): ListTimes => ({
  plainMs: [],
  plainFirstByteMs: [],
  conditionalMs: [],
  notModified: 0,
  gzipMs: [],
  gzipFirstByteMs: [],
  gzipLastByteMs: [],
  gzipMb: [],
  failed: 0,
  probeCpuMs: 0,
});

/** The list timed about once a second from a process of its own (bench/scaleListProbe.ts) until stopped. */
export function listProbe(httpUrl: string) {
  const child = fork(new URL('./scaleListProbe.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  child.send({ kind: 'start', httpUrl } satisfies ListProbeRequest);
  return {
    stop: () =>
      new Promise<ListTimes>((resolve) => {
        child.once('message', (reply: ListProbeReply) => {
          child.kill();
          resolve(reply.times);
        });
        child.send({ kind: 'stop' } satisfies ListProbeRequest);
      }),
  };
}

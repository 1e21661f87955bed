import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { StatusListBody } from '../features/statusListBody';
import type { Around, GzipChunks } from '../features/statusListGzip';

/**
 * Headers `GET /api/fridges` (and `GET /api/fridges.geojson`) negotiates by hand: the list is served from bytes prepared per change
 * (identity) or per chunk (gzip), past fastify's serialiser, so a compression plugin working on the
 * reply as a whole would compress 13.6 MB per request at 10,000 fridges (docs/scaling.md, sixth
 * round).
 */

/** RFC 9110 §13.1.2: a list of validators or `*`, compared weakly. */
export function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * RFC 9110 §12.5.3: whether `Accept-Encoding` takes gzip — `gzip` or `x-gzip` with a weight above
 * 0, or else `*` with one. No header, or `identity` alone, means the bytes as they are.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  let gzip: boolean | undefined;
  let any = false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const accepted = Number.isFinite(weight) && weight > 0;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = (gzip ?? false) || accepted;
    else if (coding === '*') any = accepted;
  }
  return gzip ?? any;
}

/** RFC 9110 §8.8.3: a strong validator differs between content codings of the same list. */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}

/** `Vary: Accept-Encoding`, appended: the CORS plugin may have set `Vary: Origin` already. */
export function varyByEncoding(reply: FastifyReply): FastifyReply {
  const vary = reply.getHeader('vary');
  return reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
}

/**
 * A body already JSON, in chunks, sent as a stream: fastify pipes it as it is, past the response
 * schema's serialiser. In gzip through `gzipChunks` (each chunk compressed once while unchanged),
 * or else plain with its length. One chunk read ahead (highWaterMark 1), each copied when read,
 * so the copy of 13.6 MB (the list at 10,000 fridges) is spread over the turns the socket takes to
 * send it. `around`: bytes before and after the array, in the same answer.
 */
export function sendChunks(
  reply: FastifyReply,
  body: StatusListBody,
  gzipChunks: GzipChunks | null,
  around?: Around,
): FastifyReply {
  if (gzipChunks) {
    const stream = Readable.from(gzipChunks.stream(body, around), { objectMode: false, highWaterMark: 1 });
    return reply.header('content-encoding', 'gzip').send(stream as never);
  }
  const stream = Readable.from(plainBytes(body, around), { objectMode: false, highWaterMark: 1 });
  return reply
    .header('content-length', (around?.head.length ?? 0) + body.byteLength + (around?.tail.length ?? 0))
    .send(stream as never);
}

/** The bytes in order, each chunk encoded when the socket asks for it. */
function* plainBytes(body: StatusListBody, around: Around | undefined): Generator<Buffer> {
  if (around) yield around.head;
  yield* body.chunks();
  if (around) yield around.tail;
}

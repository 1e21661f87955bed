/**
 * Headers `GET /api/fridges` negotiates by hand: the list is served from bytes prepared per change
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

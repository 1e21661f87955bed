import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';
import { crc32Combine } from './crc32Combine';
import type { StatusListBody } from './statusListBody';

/**
 * zlib level for the list. Measured on the 10,000-fridge list (docs/scaling.md, sixth round): level 1
 * compresses it about as small as 6 for less CPU, which the 2-core box shares with ingest.
 */
export const LIST_GZIP_LEVEL = 1;

/**
 * Chunks handed to libuv's pool at once for one response: enough that the pool does not wait for
 * the event loop between pieces (3, the sixth round's number, made it wait under load), fewer than
 * a whole list (105 chunks at 10,000 fridges) so the pool's other jobs, the dashboard's files and
 * the broker's password checks (scrypt), do not wait behind them all. 8, 16, 32 and all could not
 * be told apart on this machine (docs/scaling.md, eighth round).
 */
export const LIST_GZIP_AHEAD = 32;

const deflateRawAsync = promisify(deflateRaw) as (input: Buffer, options: ZlibOptions) => Promise<Buffer>;

/** RFC 1952 §2.3: deflate, no flags, no time, extra flags 0, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** RFC 1951 §3.2.6: an empty final block with fixed codes, which ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * Bytes sent before and after the array in the same gzip member: a JSON object that holds the
 * array (`GET /api/fridges.geojson`: the FeatureCollection's members around `features`).
 */
export interface Around {
  head: Buffer;
  tail: Buffer;
}

/** One chunk of the list compressed on its own, and what the gzip trailer needs of it. */
interface Piece {
  deflated: Buffer;
  crc: number;
  length: number;
}

interface Kept {
  serials: number[];
  /** The last chunk ends the array: a chunk that was last and is no longer (or now is) differs. */
  last: boolean;
  piece: Promise<Piece>;
}

/**
 * The list's chunks compressed, each kept while its statuses are unchanged. A response puts them
 * one after the other between one gzip header and trailer: each chunk is raw deflate ended by a
 * sync flush (byte-aligned, not final, no reference into another chunk), so the joined pieces are
 * one valid deflate stream, and the trailer's CRC is combined from the pieces' CRCs. A change of
 * one status recompresses its chunk alone (about 128 kB) instead of 13.6 MB per request at
 * 10,000 fridges; zlib's asynchronous API compresses on libuv's thread pool, off the event loop.
 */
export class GzipChunks {
  private kept: (Kept | undefined)[] = [];

  constructor(
    private readonly level = LIST_GZIP_LEVEL,
    private readonly ahead = LIST_GZIP_AHEAD,
  ) {}

  /** Chunk `index` of `body`, compressed, or the pieces kept for the same statuses. */
  piece(body: StatusListBody, index: number): Promise<Piece> {
    if (this.kept.length > body.chunkCount) this.kept.length = body.chunkCount;
    const serials = body.statusesOf(index).map((json) => json.serial);
    const last = index === body.chunkCount - 1;
    const kept = this.kept[index];
    // The first chunk (the array's opening) is always kept at index 0: its index says it.
    if (kept && kept.last === last && sameSerials(kept.serials, serials)) return kept.piece;
    const piece = this.deflated(body.chunk(index));
    this.kept[index] = { serials, last, piece };
    // A failed compression is not kept; the response that asked for it fails with it.
    piece.catch(() => {
      if (this.kept[index]?.piece === piece) this.kept[index] = undefined;
    });
    return piece;
  }

  /**
   * The whole gzip member for `body`, piece by piece: up to LIST_GZIP_AHEAD chunks are on the pool
   * while the pieces are sent in order. Three at a time (the sixth round) tied the pool to the
   * socket and the event loop: a chunk went to the pool only once the socket had taken an earlier
   * piece, and each such step waited for a turn of the loop, which an ingest commit holds 50–80 ms
   * under load; a list whose chunks had all changed took about 35 such waits at 10,000 fridges
   * (docs/scaling.md, eighth round).
   */
  async *stream(body: StatusListBody, around?: Around): AsyncGenerator<Buffer> {
    yield GZIP_HEADER;
    const pending: Promise<Piece>[] = [];
    let asked = 0;
    let crc = 0;
    let length = 0;
    const add = (piece: Piece) => {
      crc = length === 0 ? piece.crc : crc32Combine(crc, piece.crc, piece.length);
      length += piece.length;
    };
    // The bytes around the array change per response (a time, a count): compressed each time.
    const head = around && around.head.length > 0 ? await this.deflated(around.head) : null;
    if (head) {
      add(head);
      yield head.deflated;
    }
    for (let i = 0; i < body.chunkCount; i++) {
      while (asked < body.chunkCount && pending.length < this.ahead) pending.push(this.piece(body, asked++));
      const piece = await (pending.shift() as Promise<Piece>);
      add(piece);
      yield piece.deflated;
    }
    if (around && around.tail.length > 0) {
      const tail = await this.deflated(around.tail);
      add(tail);
      yield tail.deflated;
    }
    const trailer = Buffer.alloc(FINAL_BLOCK.length + 8);
    FINAL_BLOCK.copy(trailer, 0);
    trailer.writeUInt32LE(crc, FINAL_BLOCK.length);
    // RFC 1952: ISIZE is the input's length modulo 2^32.
    trailer.writeUInt32LE(length % 2 ** 32, FINAL_BLOCK.length + 4);
    yield trailer;
  }

  private async deflated(plain: Buffer): Promise<Piece> {
    const deflated = await deflateRawAsync(plain, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH });
    return { deflated: ownBytes(deflated), crc: crc32(plain), length: plain.length };
  }
}

/**
 * The piece as a Buffer of its own size: zlib hands back a slice of its 16 kB output buffer, and a
 * kept piece of a few kB (most are, 105 of them at 10,000 fridges) would hold all of it.
 */
function ownBytes(deflated: Buffer): Buffer {
  return deflated.buffer.byteLength > 2 * deflated.length ? Buffer.from(deflated) : deflated;
}

function sameSerials(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

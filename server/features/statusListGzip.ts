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
 * Chunks compressed at once for one response: libuv's pool has 4 threads, and one stays free for
 * the file system and DNS. Under load every chunk has changed since the last request, and one at
 * a time made the gzip list slower than the plain one (docs/scaling.md, sixth round).
 */
export const LIST_GZIP_AHEAD = 3;

const deflateRawAsync = promisify(deflateRaw) as (input: Buffer, options: ZlibOptions) => Promise<Buffer>;

/** RFC 1952 §2.3: deflate, no flags, no time, extra flags 0, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** RFC 1951 §3.2.6: an empty final block with fixed codes, which ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

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

  constructor(private readonly level = LIST_GZIP_LEVEL) {}

  /** Chunk `index` of `body`, compressed, or the pieces kept for the same statuses. */
  piece(body: StatusListBody, index: number): Promise<Piece> {
    if (this.kept.length > body.chunkCount) this.kept.length = body.chunkCount;
    const serials = body.statusesOf(index).map((json) => json.serial);
    const last = index === body.chunkCount - 1;
    const kept = this.kept[index];
    // The first chunk (the array's opening) is always kept at index 0: its index says it.
    if (kept && kept.last === last && sameSerials(kept.serials, serials)) return kept.piece;
    const plain = body.chunk(index);
    const piece = deflateRawAsync(plain, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH }).then(
      (deflated) => ({ deflated, crc: crc32(plain), length: plain.length }),
    );
    this.kept[index] = { serials, last, piece };
    // A failed compression is not kept; the response that asked for it fails with it.
    piece.catch(() => {
      if (this.kept[index]?.piece === piece) this.kept[index] = undefined;
    });
    return piece;
  }

  /**
   * The whole gzip member for `body`, piece by piece. Up to LIST_GZIP_AHEAD chunks are compressed
   * while the current one is sent, and the socket asks for more only once it has sent the last.
   */
  async *stream(body: StatusListBody): AsyncGenerator<Buffer> {
    yield GZIP_HEADER;
    const pending: Promise<Piece>[] = [];
    let asked = 0;
    let crc = 0;
    for (let i = 0; i < body.chunkCount; i++) {
      while (asked < body.chunkCount && pending.length < LIST_GZIP_AHEAD)
        pending.push(this.piece(body, asked++));
      const piece = await (pending.shift() as Promise<Piece>);
      crc = i === 0 ? piece.crc : crc32Combine(crc, piece.crc, piece.length);
      yield piece.deflated;
    }
    const trailer = Buffer.alloc(FINAL_BLOCK.length + 8);
    FINAL_BLOCK.copy(trailer, 0);
    trailer.writeUInt32LE(crc, FINAL_BLOCK.length);
    // RFC 1952: ISIZE is the input's length modulo 2^32.
    trailer.writeUInt32LE(body.byteLength % 2 ** 32, FINAL_BLOCK.length + 4);
    yield trailer;
  }
}

function sameSerials(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Bytes per chunk of the list's body. One 13.6 MB buffer per change (10,000 fridges) held the
 * event loop 18–60 ms per request to allocate and fill, against 7–12 ms for the same bytes in
 * chunks this size, which the allocator reuses (docs/scaling.md, fourth round).
 */
export const LIST_CHUNK_BYTES = 128 * 1024;

const OPEN = 0x5b; // [
const COMMA = 0x2c; // ,
const CLOSE = 0x5d; // ]

/** A status's JSON and its length in UTF-8 bytes. */
export interface StatusJson {
  text: string;
  byteLength: number;
}

/**
 * The list's JSON array as it stood at one change: references to each status's JSON, encoded
 * into chunks of about LIST_CHUNK_BYTES only when a response reads that chunk. Copying all
 * 13.6 MB (10,000 fridges) in the request's turn held the event loop 80–220 ms per change
 * (docs/scaling.md, fifth round); a chunk's encoding is a fraction of a millisecond, and the
 * socket asks for the next one only once it has sent the last, so other work runs in between. A
 * chunk once encoded is kept for the next request of the same change. Strings do not change, so
 * a body stays the list of its change while it streams.
 */
export class StatusListBody {
  readonly byteLength: number;
  /** Index of the first status of each chunk, and one past the last status at the end. */
  private readonly starts: number[] = [0];
  private readonly sizes: number[] = [];
  private readonly copied: (Buffer | undefined)[];

  constructor(private readonly statuses: readonly StatusJson[]) {
    let size = 1; // [
    for (const [i, json] of statuses.entries()) {
      size += (i > 0 ? 1 : 0) + json.byteLength;
      if (size >= LIST_CHUNK_BYTES && i < statuses.length - 1) {
        this.starts.push(i + 1);
        this.sizes.push(size);
        size = 0;
      }
    }
    this.starts.push(statuses.length);
    this.sizes.push(size + 1); // ]
    this.byteLength = this.sizes.reduce((sum, bytes) => sum + bytes, 0);
    this.copied = new Array(this.sizes.length);
  }

  get chunkCount(): number {
    return this.sizes.length;
  }

  /** Chunk `index` (from 0), encoded on first read. */
  chunk(index: number): Buffer {
    const kept = this.copied[index];
    if (kept) return kept;
    const chunk = Buffer.allocUnsafe(this.sizes[index] ?? 0);
    let offset = 0;
    if (index === 0) chunk[offset++] = OPEN;
    const end = this.starts[index + 1] ?? 0;
    for (let i = this.starts[index] ?? 0; i < end; i++) {
      if (i > 0) chunk[offset++] = COMMA;
      const json = this.statuses[i] as StatusJson;
      offset += chunk.write(json.text, offset, json.byteLength, 'utf8');
    }
    if (index === this.sizes.length - 1) chunk[offset++] = CLOSE;
    this.copied[index] = chunk;
    return chunk;
  }

  /** Every chunk in order, each encoded when the iteration reaches it. */
  *chunks(): Generator<Buffer> {
    for (let i = 0; i < this.sizes.length; i++) yield this.chunk(i);
  }
}

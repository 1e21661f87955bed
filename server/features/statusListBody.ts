/**
 * Statuses per chunk of the list's body: about 128 kB at the 1.36 kB a status takes at 10,000
 * fridges (docs/scaling.md, sixth round). One 13.6 MB buffer per change held the event loop 18–60 ms
 * per request to allocate and fill, against 7–12 ms for the same bytes in chunks of 128 kB, which
 * the allocator reuses (fourth round). A chunk holds a fixed run of statuses, not a byte count, so a
 * status that grows or shrinks moves no other chunk's boundaries: a chunk whose statuses did not
 * change keeps its compressed bytes (statusListGzip.ts). At ≈ 130 kB a chunk is just above the
 * 128 kB mmap threshold an operator may fix (MALLOC_MMAP_THRESHOLD_, README): each then gets a
 * mapping of its own, given back when freed; in malloc's arenas these chunks left 50–80 MB of free
 * holes resident at 3,000 fridges (docs/scaling.md, seventh round). Smaller chunks would go back
 * into the arenas either way.
 */
export const LIST_CHUNK_STATUSES = 96;

const OPEN = 0x5b; // [
const COMMA = 0x2c; // ,
const CLOSE = 0x5d; // ]

/** A status's JSON and its length in UTF-8 bytes. */
export interface StatusJson {
  text: string;
  byteLength: number;
  /** Unique per JSON made: equal serials are the same bytes, without holding on to old strings. */
  serial: number;
}

/**
 * The list's JSON array as it stood at one change: references to each status's JSON, encoded
 * into chunks of LIST_CHUNK_STATUSES statuses only when a response reads that chunk. Copying all
 * 13.6 MB (10,000 fridges) in the request's turn held the event loop 80–220 ms per change
 * (docs/scaling.md, fifth round); a chunk's encoding is a fraction of a millisecond, and the
 * socket asks for the next one only once it has sent the last, so other work runs in between. A
 * chunk once encoded is kept for the next request of the same change, and taken over by the body
 * of the next change when none of its statuses changed (their serials are the same and it is, or
 * is not, the last chunk in both): under a steady trickle of readings most of a 13.6 MB list is
 * then not encoded again per request. Strings do not change, so a body stays the list of its
 * change while it streams.
 */
export class StatusListBody {
  readonly byteLength: number;
  readonly chunkCount: number;
  private readonly copied: (Buffer | undefined)[];

  /**
   * `previous`: the body of the change before, whose encoded chunks this one takes over where
   * their statuses are unchanged. Nothing of it is kept beyond those chunks, so bodies do not
   * chain.
   */
  constructor(
    private readonly statuses: readonly StatusJson[],
    previous?: StatusListBody,
  ) {
    let size = 2 + Math.max(0, statuses.length - 1); // [ ] and the commas
    for (const json of statuses) size += json.byteLength;
    this.byteLength = size;
    this.chunkCount = Math.max(1, Math.ceil(statuses.length / LIST_CHUNK_STATUSES));
    this.copied = new Array(this.chunkCount);
    if (previous) this.takeUnchangedChunks(previous);
  }

  private takeUnchangedChunks(previous: StatusListBody): void {
    const count = Math.min(this.chunkCount, previous.chunkCount);
    for (let index = 0; index < count; index++) {
      const kept = previous.copied[index];
      if (!kept) continue;
      // The last chunk ends the array with `]`: a chunk that was last and is no longer differs.
      if ((index === this.chunkCount - 1) !== (index === previous.chunkCount - 1)) continue;
      const from = index * LIST_CHUNK_STATUSES;
      const to = Math.min(this.statuses.length, from + LIST_CHUNK_STATUSES);
      if (to !== Math.min(previous.statuses.length, from + LIST_CHUNK_STATUSES)) continue;
      let same = true;
      for (let i = from; i < to && same; i++)
        same = this.statuses[i]?.serial === previous.statuses[i]?.serial;
      if (same) this.copied[index] = kept;
    }
  }

  /** The statuses of chunk `index`: the same objects while those statuses are unchanged. */
  statusesOf(index: number): readonly StatusJson[] {
    return this.statuses.slice(index * LIST_CHUNK_STATUSES, (index + 1) * LIST_CHUNK_STATUSES);
  }

  /** Chunk `index` (from 0), encoded on first read. */
  chunk(index: number): Buffer {
    const kept = this.copied[index];
    if (kept) return kept;
    const first = index === 0;
    const last = index === this.chunkCount - 1;
    const statuses = this.statusesOf(index);
    let size =
      (first ? 1 : 0) + (last ? 1 : 0) + (first ? Math.max(0, statuses.length - 1) : statuses.length);
    for (const json of statuses) size += json.byteLength;
    const chunk = Buffer.allocUnsafe(size);
    let offset = 0;
    if (first) chunk[offset++] = OPEN;
    for (const [i, json] of statuses.entries()) {
      if (i > 0 || !first) chunk[offset++] = COMMA;
      offset += chunk.write(json.text, offset, json.byteLength, 'utf8');
    }
    if (last) chunk[offset++] = CLOSE;
    this.copied[index] = chunk;
    return chunk;
  }

  /** Every chunk in order, each encoded when the iteration reaches it. */
  *chunks(): Generator<Buffer> {
    for (let i = 0; i < this.chunkCount; i++) yield this.chunk(i);
  }
}

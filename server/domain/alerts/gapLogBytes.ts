/**
 * The gap logs of one fridge's rule memory as bytes, the way `alert_state.gaps` keeps them (a
 * BLOB). Saved as JSON numbers, a day-old fridge's two logs were 600 numbers, 6 kB of text built
 * in 30 kB of garbage on every save round, for every fridge that reported (docs/scaling.md, "Ninth
 * round"); as bytes they are 8 a gap, written into one reused buffer.
 *
 * Layout, little-endian: a format byte (1), the number of logs (2 bytes), then each log as a width
 * byte, its size (4 bytes) and either (width 4) the newest end as an 8-byte float, the lengths as
 * 4-byte integers and each end as 4-byte milliseconds before the newest, or (width 8) the lengths
 * and the ends as 8-byte floats. Width 4 is used when every value fits (`fitsFourBytes`, the test
 * the log's own store uses), so every value reads back exactly either way. The sorted lengths are
 * not saved: reading a log sorts them again.
 */
import { GapLog } from './gapLog';
import { fitsFourBytes } from './gapValues';

const FORMAT = 1;
const HEADER_BYTES = 3;
const LOG_HEADER_BYTES = 5;

/** Writes logs into a buffer it keeps and reuses: a save round allocates no bytes per fridge for them. */
export class GapLogWriter {
  private bytes = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);

  /** The logs' bytes, a view of the writer's buffer: valid until the next `write`. */
  write(logs: readonly GapLog[]): Uint8Array {
    let most = HEADER_BYTES;
    for (const log of logs) most += LOG_HEADER_BYTES + 8 + 16 * log.size;
    if (most > this.bytes.length) {
      this.bytes = new Uint8Array(Math.max(most, 2 * this.bytes.length));
      this.view = new DataView(this.bytes.buffer);
    }
    const view = this.view;
    view.setUint8(0, FORMAT);
    view.setUint16(1, logs.length, true);
    let at = HEADER_BYTES;
    for (const log of logs) at = writeLog(view, at, log);
    return this.bytes.subarray(0, at);
  }
}

function writeLog(view: DataView, from: number, log: GapLog): number {
  const size = log.size;
  const compact =
    size === 0 ||
    fitsFourBytes(
      size,
      (i) => log.endAt(i),
      (i) => log.lengthAt(i),
    );
  view.setUint8(from, compact ? 4 : 8);
  view.setUint32(from + 1, size, true);
  let at = from + LOG_HEADER_BYTES;
  if (compact) {
    const newestMs = size === 0 ? 0 : log.endAt(size - 1);
    view.setFloat64(at, newestMs, true);
    at += 8;
    for (let i = 0; i < size; i++, at += 4) view.setUint32(at, log.lengthAt(i), true);
    for (let i = 0; i < size; i++, at += 4) view.setUint32(at, newestMs - log.endAt(i), true);
  } else {
    for (let i = 0; i < size; i++, at += 8) view.setFloat64(at, log.lengthAt(i), true);
    for (let i = 0; i < size; i++, at += 8) view.setFloat64(at, log.endAt(i), true);
  }
  return at;
}

/** The logs `GapLogWriter.write` wrote, in order. */
export function readGapLogs(bytes: Uint8Array): GapLog[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint8(0);
  if (format !== FORMAT) throw new Error(`saved gap logs: unknown format ${format}`);
  const count = view.getUint16(1, true);
  const logs: GapLog[] = [];
  let at = HEADER_BYTES;
  for (let n = 0; n < count; n++) {
    const width = view.getUint8(at);
    const size = view.getUint32(at + 1, true);
    at += LOG_HEADER_BYTES;
    const lengthsMs = new Float64Array(size);
    const endsMs = new Float64Array(size);
    if (width === 4) {
      const newestMs = view.getFloat64(at, true);
      at += 8;
      for (let i = 0; i < size; i++, at += 4) lengthsMs[i] = view.getUint32(at, true);
      for (let i = 0; i < size; i++, at += 4) endsMs[i] = newestMs - view.getUint32(at, true);
    } else if (width === 8) {
      for (let i = 0; i < size; i++, at += 8) lengthsMs[i] = view.getFloat64(at, true);
      for (let i = 0; i < size; i++, at += 8) endsMs[i] = view.getFloat64(at, true);
    } else {
      throw new Error(`saved gap logs: unknown width ${width}`);
    }
    logs.push(GapLog.of(endsMs, lengthsMs));
  }
  return logs;
}

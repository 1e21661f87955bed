import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { SimulationLogger } from './logger';
import type { TruthRecord } from './types';

/** Appends the ground-truth timeline to a file as JSON lines, one `TruthRecord` per line. */
export class TruthWriter {
  private constructor(private readonly stream: WriteStream) {}

  /** Creates (or truncates) the file; rejects when it cannot be opened. */
  static async open(path: string, logger: SimulationLogger): Promise<TruthWriter> {
    const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    await once(stream, 'open');
    stream.on('error', (error) => logger.warn({ path, error: error.message }, 'truth file write failed'));
    return new TruthWriter(stream);
  }

  write(record: TruthRecord): void {
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.stream.closed) return;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}

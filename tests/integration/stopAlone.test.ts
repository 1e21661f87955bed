import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * `startSystem(...).stop()` must return in a process where nothing else runs (issue 12): the WAL
 * checkpoint thread is unreferenced so it never keeps a server alive, and its stop waited for the
 * thread's exit with nothing holding the loop open, so a bench's `await system.stop()` ended the
 * process halfway through the shutdown (bench/ingestTurn.ts raced it against 10 s).
 */
// A child process under tsx: 15 s on this machine at load 17, so the timeout is generous.
describe('stopping the system in a process of its own', () => {
  for (const writerThread of ['0', '1'])
    it(`returns from stop() and exits cleanly (ingest writer thread ${writerThread === '1' ? 'on' : 'off'})`, async () => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', join('tests', 'helpers', 'stopAlone.ts'), writerThread],
        { cwd: projectRoot },
      );
      expect(stdout).toBe('stopped\n');
    }, 180_000);
});

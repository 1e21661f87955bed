import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStartCommand, npmStartScript } from '../../bench/processes';
import { freePorts, npmStartArgs, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { tempDataDir } from '../helpers/testSystem';

/**
 * `npm start` runs the server with a young generation of two 4 MB semi-spaces instead of Node 20's
 * 16 MB ones: 26 MB less heap for good, 50–60 MB less RSS at 2,000 fridges, no CPU cost seen per
 * reading (docs/scaling.md, "Sixth round"). It also fixes glibc's mmap threshold at 128 kB, so
 * large blocks (Buffers, zlib's state) get mappings of their own that go back to the system when
 * freed, instead of fragmenting malloc's heap: 50–70 MB less RSS at 3,000 fridges ("Seventh
 * round"). The bench and the tests' server process read the same command from package.json, so
 * what they measure is what an operator runs.
 */
describe('the server’s start command', () => {
  it('fixes malloc’s mmap threshold, gives V8 4 MB semi-spaces and runs the compiled server', () => {
    expect(npmStartScript()).toEqual({
      env: { MALLOC_MMAP_THRESHOLD_: '131072' },
      args: ['--max-semi-space-size=4', 'dist/server/main.js'],
    });
    expect(npmStartArgs()).toEqual(npmStartScript().args);
  });

  it('is the command the benchmarks start', () => {
    expect(npmStartCommand()).toEqual([process.execPath, ...npmStartArgs()]);
  });

  describe('the tests’ server process', () => {
    const data = tempDataDir();
    let server: ServerProcess | null = null;
    afterAll(async () => {
      await server?.stop();
      data.remove();
    });

    it('runs with the environment and the flags npm start gives it', async () => {
      server = await startServerProcess({ dataDir: data.dir, ...(await freePorts()) });
      const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('MALLOC_MMAP_THRESHOLD_=131072');
      const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(cmdline.slice(1)).toEqual(npmStartArgs());
    });
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStartCommand, npmStartScript } from '../../bench/processes';
import { freePorts, npmStartArgs, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { tempDataDir } from '../helpers/testSystem';

/**
 * `npm start` runs the server with a young generation of two 4 MB semi-spaces instead of Node 20's
 * 16 MB ones: 26 MB less heap for good, 50–60 MB less RSS at 2,000 fridges, no CPU cost seen per
 * reading (docs/scaling.md, "Sixth round"). glibc's mmap threshold is left to glibc: fixing it at
 * 128 kB (`MALLOC_MMAP_THRESHOLD_=131072`) gave 40 MB less RSS at 10,000 fridges but 6 % more CPU
 * per reading and longer event-loop delays in the idle pair ("Idle, after the seventh round's
 * merge"), so it is an operator's choice, not the default. The bench and the tests' server process
 * read the same command, and any `NAME=value` words before `node`, from package.json, so what they
 * measure is what an operator runs.
 */
describe('the server’s start command', () => {
  it('gives V8 4 MB semi-spaces and runs the compiled server, with no environment of its own', () => {
    expect(npmStartScript()).toEqual({
      env: {},
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
      for (const [name, value] of Object.entries(npmStartScript().env))
        expect(environ).toContain(`${name}=${value}`);
      expect(environ.some((entry) => entry.startsWith('MALLOC_MMAP_THRESHOLD_='))).toBe(false);
      const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(cmdline.slice(1)).toEqual(npmStartArgs());
    });
  });
});

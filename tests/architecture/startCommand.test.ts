import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStartCommand, npmStartScript } from '../../bench/processes';
import { freePorts, npmStartArgs, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { tempDataDir } from '../helpers/testSystem';

/**
 * `npm start` runs the server with V8's young generation allowed two 16 MB semi-spaces (Node 20's
 * own maximum, set explicitly) and the old generation's growth capped at 100 % of what a full
 * collection leaves (`--heap-growing-percent=100`): V8's own factor, up to 4 on this 24 GB machine,
 * let the heap fill to 1 GB over 230–290 MB of live data at 10,000 fridges, RSS about 1.2 GB;
 * capped, 811 MB at 5 minutes, with the CPU per reading and the load's tails no worse. With the cap,
 * the 4 MB semi-spaces of the sixth round cost more than they saved: a larger share of
 * the loop (9 % against 6 %) and 7–18 % more CPU per reading (docs/scaling.md, "Eleventh round:
 * V8's heap flags"). glibc's mmap threshold is left to glibc: fixing it at
 * 128 kB (`MALLOC_MMAP_THRESHOLD_=131072`) gave 40 MB less RSS at 10,000 fridges but 6 % more CPU
 * per reading and longer event-loop delays in the idle pair ("Idle, after the seventh round's
 * merge"), so it is an operator's choice, not the default. The bench and the tests' server process
 * read the same command, and any `NAME=value` words before `node`, from package.json, so what they
 * measure is what an operator runs.
 */
describe('the server’s start command', () => {
  it('sizes V8’s young generation, caps its old generation’s growth and runs the compiled server, with no environment of its own', () => {
    expect(npmStartScript()).toEqual({
      env: {},
      args: ['--max-semi-space-size=16', '--heap-growing-percent=100', 'dist/server/main.js'],
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

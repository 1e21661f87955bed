import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../../helpers/hiddenClassProbe.ts', import.meta.url));

/**
 * Past about 1,536 device ids V8 stopped sharing hidden classes between objects made by spreads
 * (`server/domain/idRecord.ts`): at 10,000 fridges every alert state and every packed estimator
 * state had one of its own, 92,871 in all (docs/scaling.md, "Thirteenth round"). V8's own answer,
 * `%HaveSameMap`, needs `--allow-natives-syntax`, so the probe runs in a process of its own.
 * Before the change it printed 2, 4 and 3,000 classes for 3,000 fridges.
 */
describe('hidden classes of the per-fridge states', () => {
  it('are shared by 3,000 fridges read back from their saved rows and stepped once', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', probe],
      { cwd: fileURLToPath(new URL('../../..', import.meta.url)) },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ fridgeStates: 1, alertStates: 1, packedEstimatorStates: 1 });
  }, 120_000);
});

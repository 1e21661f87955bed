import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(process.cwd(), 'scripts', 'test-deps.sh');
/** What the script looks for, besides mosquitto (the part this test hides). */
const otherPrograms = ['mosquitto_pub', 'influxd', 'chromium', 'faketime', 'victoria-metrics'];

function whereIs(program: string): string {
  return execFileSync('bash', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();
}

describe('scripts/test-deps.sh, which npm test runs before any test', () => {
  let pathDir: string | null = null;
  afterEach(() => {
    if (pathDir) rmSync(pathDir, { recursive: true, force: true });
    pathDir = null;
  });

  it('passes quietly when every program is on PATH', () => {
    const run = spawnSync('bash', [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('stops with one line naming the exact command when mosquitto is missing and cannot be installed', () => {
    // A PATH with the other programs but neither mosquitto nor apt-get nor sudo: as on a machine
    // where nothing can be installed.
    pathDir = mkdtempSync(join(tmpdir(), 'fridge-path-'));
    for (const program of otherPrograms) symlinkSync(whereIs(program), join(pathDir, program));
    const run = spawnSync(whereIs('bash'), [script], {
      encoding: 'utf8',
      env: { PATH: pathDir, CHROMIUM_PATH: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'npm test needs mosquitto (no apt-get on this machine): run `sudo apt-get install -y mosquitto`, then npm test again\n',
    );
  });
});

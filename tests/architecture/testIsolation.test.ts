import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * `npm test` runs with vitest's `isolate: false` (vitest.config.ts): a worker keeps the modules,
 * globals and environment one test file leaves to the next. That is safe only while no file leaves
 * anything behind, so these are refused: mocked modules (they would stay mocked for later files),
 * fake timers never switched back, spies never restored, stubbed globals or environment never
 * unstubbed, and assignments to `process.env`.
 */
const leftovers: Array<{ what: string; uses: RegExp; undoneBy?: RegExp }> = [
  { what: 'mocks a module', uses: /\bvi\.(do)?mock\(/ },
  {
    what: 'fakes timers without vi.useRealTimers()',
    uses: /\bvi\.useFakeTimers\(/,
    undoneBy: /\bvi\.useRealTimers\(/,
  },
  {
    what: 'spies without restoring',
    uses: /\bvi\.spyOn\(/,
    undoneBy: /\bmockRestore\(|\bvi\.restoreAllMocks\(/,
  },
  { what: 'stubs the environment', uses: /\bvi\.stubEnv\(/, undoneBy: /\bvi\.unstubAllEnvs\(/ },
  { what: 'stubs a global', uses: /\bvi\.stubGlobal\(/, undoneBy: /\bvi\.unstubAllGlobals\(/ },
  { what: 'writes process.env', uses: /\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env/ },
];

describe('test files leave nothing behind for the next file in the same worker', () => {
  it('has no module mocks, and every fake timer, spy and stub is undone in its own file', () => {
    const thisFile = join(root, 'tests', 'architecture', 'testIsolation.test.ts');
    const files = sourceFiles(join(root, 'tests')).filter((file) => file !== thisFile);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return leftovers
        .filter(({ uses, undoneBy }) => uses.test(text) && !(undoneBy?.test(text) ?? false))
        .map(({ what }) => `${relative(root, file)} ${what}`);
    });
    expect(offenders).toEqual([]);
  });
});

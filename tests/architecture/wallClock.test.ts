import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * A test that takes "now" from the wall clock passes or fails with the hour it runs at (the suite
 * once passed only at night). Tests take time from the system's clock (`system.clock`), a
 * `TestClock` or fake timers, all started at a fixed instant. Polling deadlines live in helpers.
 */
describe('tests never read the wall clock', () => {
  it('has no Date.now() or new Date() in any test file', () => {
    const thisFile = join(root, 'tests', 'architecture', 'wallClock.test.ts');
    const files = testFiles(join(root, 'tests')).filter((file) => file !== thisFile);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          /\bDate\.now\(\)|new Date\(\)/.test(line)
            ? [`${relative(root, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offenders).toEqual([]);
  });
});

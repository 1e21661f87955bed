import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MIGRATIONS } from '../server/storage/migrations/index';
import { provision, type Registration, scaleFridge } from './provision';
import { startServer } from './server';

/** Bumped when the fixture's fridges or devices change shape, so an old fixture is not reused. */
const FIXTURE_FORMAT = 1;

/**
 * The cost (log2 N) of the fixture's device secrets: at the default 14 one scrypt hash takes about
 * 40 ms here, so 10,000 registrations and 10,000 first logins took minutes each. The secrets are
 * random either way; the benchmark measures the server, not scrypt (docs/scaling.md).
 */
export const FIXTURE_SECRET_HASH_COST = 10;

export interface ScaleFixture {
  /** A fresh copy of the prepared data directory, for one server to start on; remove it after. */
  dataDir: string;
  registrations: Registration[];
  /** How the fixture came about: reused from the cache, or made now in `madeInS`. */
  reused: boolean;
  madeInS: number;
}

/** Where a fixture of `count` fridges is kept: keyed by the schema and the fixture's shape. */
function fixtureDir(count: number): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ migrations: MIGRATIONS, FIXTURE_FORMAT, FIXTURE_SECRET_HASH_COST, count }))
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `fridge-bench-scale-${count}-${key}`);
}

/**
 * A data directory holding `count` fridges (three shelves, door, probe, one device each), made once
 * through the real bulk import of a real server and then reused from the temp directory, so each
 * run starts from the same database without importing again.
 */
export async function scaleFixture(count: number): Promise<ScaleFixture> {
  const dir = fixtureDir(count);
  let reused = true;
  let madeInS = 0;
  if (!existsSync(join(dir, 'registrations.json'))) {
    reused = false;
    const started = performance.now();
    const building = mkdtempSync(join(tmpdir(), 'fridge-bench-fixture-'));
    const dataDir = join(building, 'data');
    mkdirSync(dataDir);
    const { server, httpUrl } = await startServer(dataDir, {
      DEVICE_SECRET_HASH_COST: String(FIXTURE_SECRET_HASH_COST),
    });
    try {
      const registrations = await provision(httpUrl, count, scaleFridge);
      writeFileSync(join(building, 'registrations.json'), JSON.stringify(registrations));
    } finally {
      // SIGTERM: the server stops cleanly, so the copy is a consistent SQLite file.
      await server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    madeInS = (performance.now() - started) / 1000;
  }
  const registrations = JSON.parse(readFileSync(join(dir, 'registrations.json'), 'utf8')) as Registration[];
  const copy = mkdtempSync(join(tmpdir(), 'fridge-bench-scale-run-'));
  cpSync(join(dir, 'data'), copy, { recursive: true });
  return { dataDir: copy, registrations, reused, madeInS };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_CACHE_SIZE } from '../../../server/storage/database';

describe("the database connection's memory settings (docs/scaling.md, Memory, fourth round)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('bounds the page cache at 16 MB and maps no database pages into memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fridge-db-memory-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    try {
      expect(SQLITE_CACHE_SIZE).toBe(-16_000);
      expect(db.pragma('cache_size', { simple: true })).toBe(SQLITE_CACHE_SIZE);
      expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });
});

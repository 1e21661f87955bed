/**
 * Where a process's resident memory lives, mapping by mapping (/proc/PID/smaps), as the kernel
 * sees it and without help from the process: what `bench:scale` prints at the end of its load, and
 * a command of its own for any running server (docs/scaling.md, "Seventh round"):
 *
 *   npx tsx bench/memoryMap.ts PID            # the split, its threads
 *   npx tsx bench/memoryMap.ts PID malloc     # and glibc's own account (malloc_info through gdb)
 *   npx tsx bench/memoryMap.ts PID trim       # and what malloc_trim(0) gives back (changes the process)
 *
 * Kinds of anonymous mapping, told apart by their shape (glibc 2.36, Node 20 on x86-64 and arm64):
 * - `[heap]`: glibc's main arena, grown with brk;
 * - a malloc arena of another thread: glibc reserves 64 MB (HEAP_MAX_SIZE) aligned to 64 MB and
 *   makes the part in use readable; the rest stays an inaccessible mapping right after it;
 * - a thread's stack: a readable mapping right after a one-page inaccessible guard;
 * - V8's heap: pages of 256 kB, aligned to 256 kB (V8's `Page`, and large objects in multiples);
 * - the rest: blocks malloc maps one by one (above its mmap threshold: large Buffers, SQLite's
 *   page cache chunks) and anything else mapped whole.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const MB = 1024 * 1024;
const ARENA_BYTES = 64 * MB;
const V8_PAGE_BYTES = 256 * 1024;

export interface MappingKind {
  /** Mappings of this kind. */
  count: number;
  /** Address space, resident, and of it anonymous (private, not backed by a file), bytes. */
  size: number;
  rss: number;
  anon: number;
}

interface Mapping {
  start: number;
  end: number;
  perms: string;
  path: string;
  rss: number;
  anon: number;
}

function parseSmaps(text: string): Mapping[] {
  const mappings: Mapping[] = [];
  for (const line of text.split('\n')) {
    const header = line.match(/^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/);
    if (header) {
      mappings.push({
        start: Number.parseInt(header[1] as string, 16),
        end: Number.parseInt(header[2] as string, 16),
        perms: header[3] as string,
        path: header[4] ?? '',
        rss: 0,
        anon: 0,
      });
      continue;
    }
    const field = line.match(/^(Rss|Anonymous):\s+(\d+) kB/);
    const last = mappings.at(-1);
    if (!field || !last) continue;
    if (field[1] === 'Rss') last.rss = Number(field[2]) * 1024;
    else last.anon = Number(field[2]) * 1024;
  }
  return mappings;
}

/** The kind of each mapping, by its name or, for anonymous ones, its shape (the module comment). */
function kindOf(mappings: readonly Mapping[], index: number): string {
  const m = mappings[index] as Mapping;
  if (m.path.startsWith('/'))
    return m.path.includes('(deleted)') ? 'deleted file' : 'files (binary, libraries)';
  if (m.path === '[heap]') return 'malloc: main arena ([heap])';
  if (m.path === '[stack]') return 'main thread stack';
  if (m.path.startsWith('[')) return 'kernel ([vdso] …)';
  if (m.perms.startsWith('---')) return 'reserved, inaccessible';
  const before = mappings[index - 1];
  const after = mappings[index + 1];
  const size = m.end - m.start;
  if (
    m.start % ARENA_BYTES === 0 &&
    size <= ARENA_BYTES &&
    (size === ARENA_BYTES || (after?.start === m.end && after.perms.startsWith('---')))
  )
    return 'malloc: other threads’ arenas';
  if (before?.end === m.start && before.perms.startsWith('---') && before.end - before.start === 4096)
    return 'thread stacks';
  if (m.start % V8_PAGE_BYTES === 0 && size % V8_PAGE_BYTES === 0) return 'V8 heap (256 kB pages)';
  return 'other anonymous (malloc’s own mmaps, …)';
}

export function memoryMapOf(pid: number): Map<string, MappingKind> {
  const mappings = parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8'));
  const kinds = new Map<string, MappingKind>();
  mappings.forEach((m, index) => {
    const kind = kindOf(mappings, index);
    const entry = kinds.get(kind) ?? { count: 0, size: 0, rss: 0, anon: 0 };
    entry.count++;
    entry.size += m.end - m.start;
    entry.rss += m.rss;
    entry.anon += m.anon;
    kinds.set(kind, entry);
  });
  return kinds;
}

/** The process's threads by name (`node`, `libuv-worker`, `V8 DefaultWorke`, a worker's own …). */
export function threadsOf(pid: number): Map<string, number> {
  const names = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      names.set(name, (names.get(name) ?? 0) + 1);
    } catch {
      // the thread ended meanwhile
    }
  }
  return names;
}

export function memoryMapReport(pid: number): string[] {
  const kinds = memoryMapOf(pid);
  const total = [...kinds.values()].reduce((sum, k) => sum + k.rss, 0);
  const f0 = (bytes: number) => (bytes / MB).toFixed(0).padStart(5);
  const rows = [...kinds.entries()]
    .sort((a, b) => b[1].rss - a[1].rss)
    .map(
      ([kind, k]) =>
        `    ${f0(k.rss)} MB resident (${f0(k.anon)} anonymous) of ${f0(k.size)} MB mapped, ${String(k.count).padStart(4)} mappings: ${kind}`,
    );
  const threads = [...threadsOf(pid).entries()].map(([name, n]) => `${name} ×${n}`).join(', ');
  return [
    `  memory map of the server (/proc/${pid}/smaps, ${f0(total).trim()} MB resident), by kind of mapping:`,
    ...rows,
    `  threads: ${threads}`,
  ];
}

/**
 * glibc's own account of its arenas: `malloc_info` written by the process itself, called through
 * gdb (the process stops for the moment of the call). Per arena: bytes taken from the system, and
 * of them free in malloc's bins; and the blocks mapped one by one.
 */
export function mallocInfoReport(pid: number): string[] {
  const file = `/tmp/malloc-info-${pid}.xml`;
  rmSync(file, { force: true });
  execFileSync(
    'gdb',
    [
      '-p',
      String(pid),
      '-batch',
      '-ex',
      `set $file = (void *) fopen("${file}", "w")`,
      '-ex',
      'call (int) malloc_info(0, $file)',
      '-ex',
      'call (int) fclose($file)',
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  const xml = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  const heaps = [...xml.matchAll(/<heap nr="(\d+)">([\s\S]*?)<\/heap>/g)].map(([, nr, body]) => {
    const bytes = (pattern: RegExp) => Number((body as string).match(pattern)?.[1] ?? 0);
    return {
      nr: Number(nr),
      system: bytes(/<system type="current" size="(\d+)"/),
      free:
        bytes(/<total type="fast" count="\d+" size="(\d+)"/) +
        bytes(/<total type="rest" count="\d+" size="(\d+)"/),
    };
  });
  const tail = xml.slice(xml.lastIndexOf('</heap>'));
  const mmapped = Number(tail.match(/<total type="mmap" count="\d+" size="(\d+)"/)?.[1] ?? 0);
  const mmapCount = Number(tail.match(/<total type="mmap" count="(\d+)"/)?.[1] ?? 0);
  const system = heaps.reduce((sum, h) => sum + h.system, 0);
  const free = heaps.reduce((sum, h) => sum + h.free, 0);
  const f1 = (bytes: number) => (bytes / MB).toFixed(1);
  return [
    `  malloc (glibc malloc_info): ${heaps.length} arenas hold ${f1(system)} MB from the system, ${f1(free)} MB of it free in malloc's bins (${f1(system - free)} MB in use); ${mmapCount} blocks mapped one by one, ${f1(mmapped)} MB`,
    ...heaps
      .filter((h) => h.system >= MB)
      .map((h) => `    arena ${h.nr}: ${f1(h.system)} MB, ${f1(h.free)} MB free`),
  ];
}

/** Calls glibc's `malloc_trim(0)` in the process (through gdb): what its arenas held free but resident. */
export function trimReport(pid: number): string[] {
  const rssKb = () => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  const before = rssKb();
  execFileSync('gdb', ['-p', String(pid), '-batch', '-ex', 'call (int) malloc_trim(0)'], {
    stdio: 'ignore',
    timeout: 60_000,
  });
  const after = rssKb();
  return [
    `  malloc_trim(0): RSS ${(before / 1024).toFixed(0)} → ${(after / 1024).toFixed(0)} MB (${((before - after) / 1024).toFixed(0)} MB free in malloc's arenas, given back)`,
  ];
}

if (process.argv[1]?.endsWith('memoryMap.ts')) {
  const pid = Number(process.argv[2]);
  const extra = process.argv.slice(3);
  if (!pid) {
    console.error('usage: memoryMap.ts PID [malloc] [trim]');
    process.exit(2);
  }
  for (const line of memoryMapReport(pid)) console.log(line);
  if (extra.includes('malloc')) for (const line of mallocInfoReport(pid)) console.log(line);
  if (extra.includes('trim')) for (const line of trimReport(pid)) console.log(line);
}

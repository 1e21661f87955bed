import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..');

export interface Child {
  process: ChildProcess;
  /** Resolves with the first match of `pattern` in stdout (capture groups included). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  output(): string;
  /** Resident memory of the process now, in MB (Linux /proc). */
  rssMb(): number;
  /** The process's own resident memory split as the kernel counts it (anonymous, file-backed, shared), MB. */
  rssSplitMb(): RssSplit;
  /** CPU time the process used so far, in ms: a cost per message that other load on the machine does not skew. */
  cpuMs(): number;
  /**
   * CPU time of the process's main thread only (its event loop), in ms: what bounds a
   * single-threaded server's throughput, apart from what worker threads take off it.
   */
  loopCpuMs(): number;
  /**
   * CPU time of each of the process's threads so far, ms, by thread id (the main thread's id is
   * the process's, listed first): Node 20 names them all "node", so the id, in the order the
   * process made them, is what tells V8's platform workers from libuv's pool (docs/scaling.md).
   */
  threadCpuMs(): Map<number, number>;
  /**
   * Minor page faults of the process so far: pages the kernel mapped in on first touch, e.g. each
   * block malloc maps on its own (docs/scaling.md, "Seventh round"). A count the load does not skew.
   */
  minorFaults(): number;
  stop(): Promise<void>;
}

/**
 * Sets the nice value of every thread of this process (Linux: a nice value is per thread, and
 * `os.setPriority(pid)` reaches only the thread whose id is the pid). Children forked or spawned
 * later inherit it, so callers set it back before starting one. Lowering it needs root.
 */
export function setOwnThreadsNice(nice: number): void {
  for (const tid of readdirSync('/proc/self/task')) setPriority(Number(tid), nice);
}

/** CPU time (user + system) a process and its descendants used so far, in ms (Linux /proc). */
export function treeCpuMs(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return own + children.reduce((sum, child) => sum + treeCpuMs(Number(child)), 0);
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of one process's main thread so far, in ms (Linux /proc). */
function mainThreadCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of each thread of one process so far, ms (Linux /proc), main thread first. */
function threadsCpuMs(pid: number): Map<number, number> {
  const threads = new Map<number, number>([[pid, mainThreadCpuMs(pid)]]);
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .sort((a, b) => a - b)) {
      if (tid === pid) continue;
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S);
    }
  } catch {
    // A thread that ended between the listing and its read: the others stand.
  }
  return threads;
}

/** Field 10 of /proc/PID/stat (minflt): the process's minor page faults so far. */
function minorFaultsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return 0;
  }
}

/** USER_HZ on Linux (getconf CLK_TCK): 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_S = 100;

/** Resident memory of a process and its descendants (tsx runs the code in a child process). */
function treeRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const own = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return own + children.reduce((sum, child) => sum + treeRssKb(Number(child)), 0);
  } catch {
    return 0;
  }
}

export interface RssSplit {
  rss: number;
  /** malloc'd and mmap'd private memory: the V8 heap, Buffers, SQLite's page cache, sockets' state. */
  anon: number;
  /** Mapped files: the node binary and shared libraries, SQLite's memory-mapped database pages. */
  file: number;
  /** Shared memory, e.g. SQLite's WAL index (`-shm`). */
  shmem: number;
}

/** VmRSS and its RssAnon / RssFile / RssShmem parts from /proc/PID/status (Linux ≥ 4.5), in MB. */
function rssSplitOf(pid: number): RssSplit {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
    return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile'), shmem: mb('RssShmem') };
  } catch {
    return { rss: 0, anon: 0, file: 0, shmem: 0 };
  }
}

/** Starts `command` in its own process with `env` added to a minimal environment. */
export function startChild(command: string[], env: Record<string, string>, cwd = projectRoot): Child {
  const [file, ...args] = command;
  if (!file) throw new Error('no command');
  const child = spawn(file, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => out,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (!match) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`${command.join(' ')} exited:\n${out.slice(-2000)}`));
        });
        check();
      });
    },
    rssMb() {
      return child.pid === undefined ? 0 : treeRssKb(child.pid) / 1024;
    },
    rssSplitMb() {
      return child.pid === undefined ? rssSplitOf(-1) : rssSplitOf(child.pid);
    },
    cpuMs() {
      return child.pid === undefined ? 0 : treeCpuMs(child.pid);
    },
    loopCpuMs() {
      return child.pid === undefined ? 0 : mainThreadCpuMs(child.pid);
    },
    threadCpuMs() {
      return child.pid === undefined ? new Map() : threadsCpuMs(child.pid);
    },
    minorFaults() {
      return child.pid === undefined ? 0 : minorFaultsOf(child.pid);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A profiled server (`--cpu-prof` in BENCH_SERVER_CMD) writes its profile on exit: give it longer.
      const killer = setTimeout(
        () => child.kill('SIGKILL'),
        Number(process.env.BENCH_STOP_GRACE_MS ?? 10_000),
      );
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * `npm start`'s script from package.json: the environment it sets before `node` (its leading
 * `NAME=value` words: glibc's malloc reads them when the process starts, docs/scaling.md "Seventh
 * round") and node's arguments (V8's flags included: `--max-semi-space-size` and `--heap-growing-percent`, "Eleventh round: V8's heap flags").
 */
export function npmStartScript(): { env: Record<string, string>; args: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = scripts.start.split(' ');
  const env: Record<string, string> = {};
  for (let word = words[0]; word?.includes('='); word = words[0]) {
    const at = word.indexOf('=');
    env[word.slice(0, at)] = word.slice(at + 1);
    words.shift();
  }
  const [node, ...args] = words;
  if (node !== 'node') throw new Error(`npm start runs ${node}, not node`);
  return { env, args };
}

/** `npm start`'s command with this Node for `node`: the bench measures the process an operator runs. */
export function npmStartCommand(): string[] {
  return [process.execPath, ...npmStartScript().args];
}

/**
 * The server as `npm start` runs it (`npmStartCommand` with the script's environment, built by
 * `npm run build`), or the command in BENCH_SERVER_CMD (e.g. `node_modules/.bin/tsx server/main.ts`
 * with BENCH_SERVER_CWD=/path/to/an/older/checkout, to measure before and after with one harness;
 * `env NAME=value node …` for an environment of its own).
 */
export function serverCommand(): { command: string[]; cwd: string; env: Record<string, string> } {
  const custom = process.env.BENCH_SERVER_CMD;
  return {
    command: custom ? custom.split(' ') : npmStartCommand(),
    cwd: process.env.BENCH_SERVER_CWD ?? projectRoot,
    env: custom ? {} : npmStartScript().env,
  };
}

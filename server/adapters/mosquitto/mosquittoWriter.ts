import {
  chownSync,
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { MosquittoFiles } from './mosquittoFiles';

export interface MosquittoTargets {
  passwordFile: string;
  aclFile: string;
  /** Mosquitto's `pid_file`: signalled with SIGHUP after a rewrite; null: someone else reloads it. */
  pidFile: string | null;
}

export interface WriteOutcome {
  /** Whether either file's text changed (nothing is written, nor Mosquitto signalled, otherwise). */
  changed: boolean;
  /** The process sent SIGHUP, or null. */
  signalledPid: number | null;
}

function currentText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Replaces `file` in one step (a new file in the same directory, flushed, then renamed over it):
 * Mosquitto reading it at a reload sees the old text or the new, never half. The new file keeps an
 * existing file's mode and, where allowed, its group, so a `chgrp mosquitto` made once stays;
 * a first file is 0640 (hashes are no one else's business).
 */
function replaceFile(file: string, text: string): void {
  const previous = (() => {
    try {
      return statSync(file);
    } catch {
      return null;
    }
  })();
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', previous ? previous.mode & 0o777 : 0o640);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (previous) {
      try {
        chownSync(temp, -1, previous.gid);
      } catch {
        // Not a member of that group: the mode still holds, the docs say how to set it up.
      }
    }
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}

/** Mosquitto reloads its password and ACL files on SIGHUP (mosquitto(8), "Signals"). */
function signalReload(pidFile: string): number {
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`${pidFile} holds no process id`);
  process.kill(pid, 'SIGHUP');
  return pid;
}

/** Writes the files that differ from what is on disk, then asks Mosquitto to reload them. */
export function writeMosquittoFiles(
  files: MosquittoFiles,
  targets: MosquittoTargets,
  options: { signalEvenIfUnchanged?: boolean } = {},
): WriteOutcome {
  const passwordChanged = currentText(targets.passwordFile) !== files.passwordFile;
  const aclChanged = currentText(targets.aclFile) !== files.aclFile;
  if (passwordChanged) replaceFile(targets.passwordFile, files.passwordFile);
  if (aclChanged) replaceFile(targets.aclFile, files.aclFile);
  const changed = passwordChanged || aclChanged;
  const signalledPid =
    (changed || options.signalEvenIfUnchanged === true) && targets.pidFile !== null
      ? signalReload(targets.pidFile)
      : null;
  return { changed, signalledPid };
}

import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * The lock file that keeps a second process off an embedded data directory (PGlite has no lock of
 * its own, and two instances on one directory corrupt it). It records who holds it:
 * `{"pid":…,"startTime":"…","bootId":"…","hostname":"…"}`, where startTime is field 22 of
 * /proc/<pid>/stat (the process start, in clock ticks since boot) and bootId identifies the boot.
 * A lock is stale when its pid is dead, or alive but a different process (pid reuse after a
 * crash: the start time differs, or the machine rebooted). Old lock files hold only the pid.
 */

export interface LockOwner {
  pid: number;
  startTime?: string;
  bootId?: string;
  hostname?: string;
}

export class PgliteDataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    const holder =
      pid === process.pid
        ? `another Watcher instance in this process (pid ${pid})`
        : `another Watcher process (pid ${pid})`;
    super(
      `Embedded data directory ${dataDir} is already in use by ${holder}. Stop that process, ` +
        'or set WATCHER_DATA_DIR to another directory, or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'PgliteDataDirInUseError';
  }
}

/** Field 22 (starttime) of /proc/<pid>/stat, or undefined (no such process, or no /proc). */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (comm) is in parentheses and may contain spaces and ')'; fields 3.. follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[22 - 3];
}

/** /proc reports times in USER_HZ, which is 100 on every Linux architecture Node runs on. */
const USER_HZ = 100;

/** When a process started (epoch ms), from /proc/stat's btime and its starttime. */
export function processStartedAtMs(pid: number): number | undefined {
  const startTime = processStartTime(pid);
  let bootTimeSeconds: number | undefined;
  try {
    const match = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    bootTimeSeconds = match ? Number(match[1]) : undefined;
  } catch {
    bootTimeSeconds = undefined;
  }
  if (startTime === undefined || bootTimeSeconds === undefined) {
    return undefined;
  }
  return bootTimeSeconds * 1000 + (Number(startTime) * 1000) / USER_HZ;
}

export function currentBootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The record this process writes into a lock file. */
export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    bootId: currentBootId(),
    hostname: os.hostname(),
  };
}

export function readLockOwner(lockPath: string): LockOwner | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    // The format before start times were recorded.
    const pid = Number(text);
    return pid > 0 ? { pid } : undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) {
      return undefined;
    }
    return {
      pid: parsed.pid,
      startTime: typeof parsed.startTime === 'string' ? parsed.startTime : undefined,
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : undefined,
      hostname: typeof parsed.hostname === 'string' ? parsed.hostname : undefined,
    };
  } catch {
    return undefined;
  }
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Slack for the comparison of a process start with a lock file's mtime (clock granularity). */
const START_SLACK_MS = 2000;

/**
 * Whether the process recorded in a lock file is still the one running under its pid.
 * `lockWrittenAtMs` (the file's mtime) settles old pid-only lock files: a process that started
 * after the lock was written cannot have written it.
 */
export function isOwnerAlive(owner: LockOwner, lockWrittenAtMs?: number): boolean {
  if (!isPidAlive(owner.pid)) {
    return false;
  }
  const bootId = currentBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) {
    return false; // Written before a reboot: every pid since is another process.
  }
  const startTime = processStartTime(owner.pid);
  if (owner.startTime && startTime && owner.startTime !== startTime) {
    return false; // The pid was reused by a process that started later.
  }
  if (!owner.startTime && lockWrittenAtMs !== undefined) {
    const startedAtMs = processStartedAtMs(owner.pid);
    if (startedAtMs !== undefined && startedAtMs > lockWrittenAtMs + START_SLACK_MS) {
      return false;
    }
  }
  return true;
}

/** Whether a lock record is this very process (same pid and, where known, same start time). */
export function isCurrentProcess(owner: LockOwner): boolean {
  if (owner.pid !== process.pid) {
    return false;
  }
  const startTime = processStartTime(process.pid);
  return !owner.startTime || !startTime || owner.startTime === startTime;
}

function sameOwner(a: LockOwner | undefined, b: LockOwner | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function mtimeMs(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the lock file with its full content in one step (no reader ever sees it empty). */
function createExclusive(lockPath: string, content: string): boolean {
  const temporary = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  try {
    fs.linkSync(temporary, lockPath);
    return true;
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return false;
    }
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      // A filesystem without hard links: exclusive create, then write.
      try {
        fs.writeFileSync(lockPath, content, { flag: 'wx', mode: 0o600 });
        return true;
      } catch (inner: unknown) {
        if ((inner as NodeJS.ErrnoException).code === 'EEXIST') {
          return false;
        }
        throw inner;
      }
    }
    throw err;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Moves a stale lock out of the way, unless someone replaced it since we read it. */
function removeStale(lockPath: string, stale: LockOwner | undefined): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // Already gone: another process took it over first.
  }
  if (!sameOwner(readLockOwner(aside), stale)) {
    // A fresh lock was created between our read and the rename: put it back.
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // Someone else holds the lock now; the loop will see it.
    }
  }
  fs.rmSync(aside, { force: true });
}

/**
 * Takes the lock on `dataDir` (file `lockPath`), replacing a stale one. Throws
 * PgliteDataDirInUseError when a live process holds it.
 */
export function acquireDataDirLock(dataDir: string, lockPath: string): void {
  const content = `${JSON.stringify(currentOwner())}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(lockPath, content)) {
      return;
    }
    let owner = readLockOwner(lockPath);
    if (owner === undefined && fs.existsSync(lockPath)) {
      // Unreadable or half-written by an older version: give its writer a moment.
      sleepSync(50);
      owner = readLockOwner(lockPath);
    }
    if (owner && !isCurrentProcess(owner) && isOwnerAlive(owner, mtimeMs(lockPath))) {
      throw new PgliteDataDirInUseError(dataDir, owner.pid);
    }
    removeStale(lockPath, owner);
  }
  throw new Error(`Could not acquire the lock file ${lockPath}`);
}

/** Removes the lock file if this process holds it. Synchronous: safe in an 'exit' handler. */
export function releaseDataDirLock(lockPath: string): void {
  const owner = readLockOwner(lockPath);
  if (!owner || !isCurrentProcess(owner)) {
    return;
  }
  fs.rmSync(lockPath, { force: true });
}

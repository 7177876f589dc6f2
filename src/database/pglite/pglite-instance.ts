import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * Opens the embedded PGlite database. A filesystem data directory is guarded by a lock file
 * (`<dataDir>/watcher.lock`, containing the owner's pid): PGlite has no lock of its own, and two
 * instances on one directory corrupt it.
 */

export interface PgliteHandle {
  db: PGlite;
  /** Absolute data directory, or the `memory://` URL. */
  dataDir: string;
  /** Closes PGlite and releases the lock. Idempotent. */
  close(): Promise<void>;
}

export const LOCK_FILE_NAME = 'watcher.lock';
const MEMORY_PREFIX = 'memory://';

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

/** Data directories open in this process, and the lock files this process holds. */
const openDirs = new Set<string>();
const heldLocks = new Set<string>();
let exitHookInstalled = false;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLockPid(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function removeIfOurs(lockPath: string): void {
  if (readLockPid(lockPath) !== process.pid) {
    return;
  }
  try {
    fs.unlinkSync(lockPath);
  } catch {
    // Already gone.
  }
}

/** Synchronously removes every lock this process holds. Safe to call at any time (e.g. on exit). */
export function releasePgliteLocksSync(): void {
  for (const lockPath of heldLocks) {
    removeIfOurs(lockPath);
  }
  heldLocks.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', releasePgliteLocksSync);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the lock file, taking over a stale one (its pid is dead, or is ours from a past open). */
function acquireLock(dataDir: string, lockPath: string): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      heldLocks.add(lockPath);
      installExitHook();
      return;
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    let pid = readLockPid(lockPath);
    if (pid === undefined) {
      // Possibly being written right now by another process: give it a moment.
      sleepSync(50);
      pid = readLockPid(lockPath);
    }
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) {
      throw new PgliteDataDirInUseError(dataDir, pid);
    }
    // Stale: unlink only if it still holds what we read, then retry the exclusive create.
    if (readLockPid(lockPath) === pid) {
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not acquire the lock file ${lockPath}`);
}

/** Opens PGlite on `dataDir` (`memory://` or a directory, created if missing). */
export async function openPglite(dataDir: string): Promise<PgliteHandle> {
  if (dataDir.startsWith(MEMORY_PREFIX)) {
    const db = await PGlite.create(dataDir, memorySnapshotOptions());
    return { db, dataDir, close: once(() => closeDb(db)) };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const absDir = fs.realpathSync(dataDir);
  if (openDirs.has(absDir)) {
    throw new PgliteDataDirInUseError(absDir, process.pid);
  }
  const lockPath = path.join(absDir, LOCK_FILE_NAME);
  acquireLock(absDir, lockPath);
  openDirs.add(absDir);
  const unlock = (): void => {
    removeIfOurs(lockPath);
    heldLocks.delete(lockPath);
    openDirs.delete(absDir);
  };
  let db: PGlite;
  try {
    db = await PGlite.create(absDir);
  } catch (err: unknown) {
    unlock();
    throw err;
  }
  const close = async (): Promise<void> => {
    try {
      await closeDb(db);
    } finally {
      unlock();
    }
  };
  return { db, dataDir: absDir, close: once(close) };
}

/**
 * Test-only: `WATCHER_PGLITE_SNAPSHOT` names a tarball made by PGlite's `dumpDataDir()` (the e2e
 * suite's globalSetup makes one with every migration applied); a `memory://` database then starts
 * from it instead of from an empty initdb. Never read for a data directory.
 */
function memorySnapshotOptions(): PGliteOptions {
  const snapshot = process.env.WATCHER_PGLITE_SNAPSHOT;
  return snapshot ? { loadDataDir: new Blob([fs.readFileSync(snapshot)]) } : {};
}

async function closeDb(db: PGlite): Promise<void> {
  if (!db.closed) {
    await db.close();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import {
  assertDataDirWritable,
  isDataDirInitialised,
  keepFilesPrivate,
  narrowExistingPermissions,
  prepareDataDir,
  usePrivateUmask,
} from 'src/database/pglite/pglite-data-dir.util';
import { initialiseDataDirInChild } from 'src/database/pglite/pglite-initdb.util';
import {
  acquireDataDirLock,
  PgliteDataDirInUseError,
  releaseDataDirLock,
} from 'src/database/pglite/pglite-lock.util';

/**
 * Opens the embedded PGlite database. A filesystem data directory is guarded by a lock file
 * (`<dataDir>/watcher.lock`, see pglite-lock.util.ts): PGlite has no lock of its own, and two
 * instances on one directory corrupt it. The directory is private (0700, files 0600) and checked
 * for writability first (pglite-data-dir.util.ts).
 */

export { PgliteDataDirInUseError } from 'src/database/pglite/pglite-lock.util';

export interface PgliteHandle {
  db: PGlite;
  /** Absolute data directory, or the `memory://` URL. */
  dataDir: string;
  /** Closes PGlite and releases the lock. Idempotent. */
  close(): Promise<void>;
}

export const LOCK_FILE_NAME = 'watcher.lock';
const MEMORY_PREFIX = 'memory://';
const logger = new Logger('EmbeddedDatabase');

/** Data directories open in this process, and the lock files this process holds. */
const openDirs = new Set<string>();
const heldLocks = new Set<string>();
let exitHookInstalled = false;

/** Synchronously removes every lock this process holds. Safe to call at any time (e.g. on exit). */
export function releasePgliteLocksSync(): void {
  for (const lockPath of heldLocks) {
    releaseDataDirLock(lockPath);
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

/**
 * Makes the directory private and writable, and takes its lock. Returns the absolute directory
 * and the function that releases it.
 */
function claimDataDir(dataDir: string): { absDir: string; unlock: () => void } {
  // PGlite creates files with the process umask (and chmods them: see keepFilesPrivate).
  usePrivateUmask();
  const absDir = prepareDataDir(dataDir);
  if (openDirs.has(absDir)) {
    throw new PgliteDataDirInUseError(absDir, process.pid);
  }
  assertDataDirWritable(absDir);
  const lockPath = path.join(absDir, LOCK_FILE_NAME);
  acquireDataDirLock(absDir, lockPath);
  heldLocks.add(lockPath);
  installExitHook();
  openDirs.add(absDir);
  narrowExistingPermissions(absDir);
  const forgetPrivate = keepFilesPrivate(absDir);
  const unlock = (): void => {
    forgetPrivate();
    releaseDataDirLock(lockPath);
    heldLocks.delete(lockPath);
    openDirs.delete(absDir);
  };
  return { absDir, unlock };
}

/**
 * The first start runs initdb (10–20 s) in a child process: its memory (~500 MB of WebAssembly
 * that PGlite keeps referenced after an in-process initdb) goes away with the child.
 */
async function initialiseIfNew(absDir: string): Promise<void> {
  if (isDataDirInitialised(absDir)) {
    return;
  }
  logger.log(`Initialising the embedded database in ${absDir} (first start only)…`);
  const startedAt = Date.now();
  await initialiseDataDirInChild(absDir);
  logger.log(`Embedded database initialised in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

/**
 * PGlite's defaults plus a smaller buffer pool: its default shared_buffers (128 MB) is allocated
 * in WebAssembly memory up front; 16 MB keeps ingest throughput the same (measured with
 * bench/ingest.mjs) at a fraction of the resident memory.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Opens PGlite on `dataDir` (`memory://` or a directory, created if missing). */
export async function openPglite(dataDir: string): Promise<PgliteHandle> {
  if (dataDir.startsWith(MEMORY_PREFIX)) {
    const db = await PGlite.create(dataDir, {
      ...memorySnapshotOptions(),
      startParams: START_PARAMS,
    });
    return { db, dataDir, close: once(() => closeDb(db)) };
  }
  const { absDir, unlock } = claimDataDir(dataDir);
  let db: PGlite;
  try {
    await initialiseIfNew(absDir);
    db = await PGlite.create(absDir, { startParams: START_PARAMS });
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

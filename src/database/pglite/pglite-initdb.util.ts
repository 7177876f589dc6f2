import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const STAGING_PREFIX = '.initdb-';
const INITDB_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs in the child: PGlite.create() initialises the directory; close() flushes it. chmod and
 * fchmod are narrowed to owner-only bits, as in the parent (keepFilesPrivate).
 */
const CHILD_SCRIPT = `
const fs = require('node:fs');
const { chmodSync, fchmodSync } = fs;
const owner = (mode) => (typeof mode === 'string' ? parseInt(mode, 8) : mode) & ~0o077;
fs.chmodSync = (target, mode) => chmodSync(target, owner(mode));
fs.fchmodSync = (fd, mode) => fchmodSync(fd, owner(mode));
const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2])
  .then((db) => db.close())
  .then(() => process.exit(0), (error) => {
    process.stderr.write(String((error && error.stack) || error));
    process.exit(1);
  });
`;

/**
 * Initialises a new embedded data directory (PostgreSQL's initdb) in a child process, in a
 * staging directory inside `absDir` that is moved into place when complete, so that an
 * interrupted first start leaves no half-initialised database behind. The child inherits the
 * umask (files 0600). The caller holds the directory's lock.
 */
export async function initialiseDataDirInChild(absDir: string): Promise<void> {
  removeLeftoverStaging(absDir);
  const staging = path.join(absDir, `${STAGING_PREFIX}${process.pid}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    await runChild(staging);
    moveIntoPlace(staging, absDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function removeLeftoverStaging(absDir: string): void {
  for (const name of fs.readdirSync(absDir)) {
    if (name.startsWith(STAGING_PREFIX)) {
      fs.rmSync(path.join(absDir, name), { recursive: true, force: true });
    }
  }
}

function runChild(staging: string): Promise<void> {
  const pgliteModule = require.resolve('@electric-sql/pglite');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SCRIPT, pgliteModule, staging], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: INITDB_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(
        new Error(`Initialising the embedded database failed: initdb ${how}. ${stderr.trim()}`),
      );
    });
  });
}

/** Moves the initialised files up; PG_VERSION last, since it marks the directory initialised. */
function moveIntoPlace(staging: string, absDir: string): void {
  const names = fs
    .readdirSync(staging)
    .sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
  const clashes = names.filter((name) => fs.existsSync(path.join(absDir, name)));
  if (clashes.length > 0) {
    throw new Error(
      `Cannot initialise the embedded database in ${absDir}: it already contains ` +
        `${clashes.slice(0, 5).join(', ')} but no PG_VERSION (an interrupted first start, or ` +
        "files that are not Watcher's). Empty the directory or set WATCHER_DATA_DIR to another one.",
    );
  }
  for (const name of names) {
    fs.renameSync(path.join(staging, name), path.join(absDir, name));
  }
}

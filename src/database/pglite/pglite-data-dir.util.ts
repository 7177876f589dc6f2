import * as fs from 'node:fs';
// The module object itself (not a namespace copy): PGlite's file system calls its chmod.
import nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * Preparing an embedded data directory before PGlite opens it: private permissions (directory
 * 0700, files 0600) and a clear message when it cannot be written, instead of PGlite's
 * "Aborted(). Build with -sASSERTIONS for more info".
 */

/** Owner-only files and directories. PGlite's NODEFS creates files with the process umask. */
export const PRIVATE_UMASK = 0o077;
const PRIVATE_DIR_MODE = 0o700;
/** How many offending paths the error message names. */
const MAX_LISTED = 3;

export class PgliteDataDirNotWritableError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problems: string[],
    total: number,
  ) {
    const uid = typeof process.geteuid === 'function' ? ` (uid ${process.geteuid()})` : '';
    const more = total > problems.length ? ` and ${total - problems.length} more` : '';
    super(
      `Embedded data directory ${dataDir} is not writable by this process${uid}: ` +
        `${problems.join('; ')}${more}. Give this user write access to the directory and ` +
        'everything in it (chown -R), or set WATCHER_DATA_DIR to a writable directory.',
    );
    this.name = 'PgliteDataDirNotWritableError';
  }
}

/** Sets the process umask to 0o077 and returns the previous one. */
export function usePrivateUmask(): number {
  return process.umask(PRIVATE_UMASK);
}

/** Directories whose files may never be opened to group or others (see keepFilesPrivate). */
const privateDirs = new Set<string>();
let isChmodGuardInstalled = false;

function privateMode(mode: fs.Mode): fs.Mode {
  const bits = typeof mode === 'string' ? Number.parseInt(mode, 8) : mode;
  return bits & ~PRIVATE_UMASK;
}

function isInPrivateDir(target: fs.PathLike): boolean {
  const resolved = path.resolve(target.toString());
  for (const dir of privateDirs) {
    if (resolved === dir || resolved.startsWith(`${dir}${path.sep}`)) {
      return true;
    }
  }
  return false;
}

/**
 * The umask is not enough: PGlite's Emscripten file system chmods every file it creates to the
 * mode PostgreSQL asked for (0666), and chmod ignores the umask. This narrows chmod (by path
 * inside `absDir`) and fchmod (while an embedded directory is open in this process) to
 * owner-only bits. Nothing else in Watcher calls chmod with group or other bits.
 */
export function keepFilesPrivate(absDir: string): () => void {
  privateDirs.add(absDir);
  if (!isChmodGuardInstalled) {
    isChmodGuardInstalled = true;
    const chmodSync = nodeFs.chmodSync;
    const fchmodSync = nodeFs.fchmodSync;
    Reflect.set(nodeFs, 'chmodSync', (target: fs.PathLike, mode: fs.Mode): void =>
      chmodSync(target, isInPrivateDir(target) ? privateMode(mode) : mode),
    );
    Reflect.set(nodeFs, 'fchmodSync', (fd: number, mode: fs.Mode): void =>
      fchmodSync(fd, privateDirs.size > 0 ? privateMode(mode) : mode),
    );
  }
  return () => {
    privateDirs.delete(absDir);
  };
}

/** Narrows files and directories an older version left open to group or others. */
export function narrowExistingPermissions(absDir: string): void {
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const entryPath = path.join(dir, entry.name);
      if (!entry.isDirectory() && !entry.isFile()) {
        continue;
      }
      try {
        const mode = fs.statSync(entryPath).mode & 0o777;
        if ((mode & PRIVATE_UMASK) !== 0) {
          fs.chmodSync(entryPath, mode & ~PRIVATE_UMASK);
        }
      } catch {
        // Not ours to change: assertDataDirWritable reports what matters.
      }
      if (entry.isDirectory()) {
        visit(entryPath);
      }
    }
  };
  visit(absDir);
}

/**
 * Creates the directory (0700) if needed and returns its real path. An existing directory that
 * is open to group or others is narrowed to 0700 (which also hides files an older version created
 * 0644), when this process may change it.
 */
export function prepareDataDir(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const absDir = fs.realpathSync(dataDir);
  const stat = fs.statSync(absDir);
  if (!stat.isDirectory()) {
    throw new Error(`WATCHER_DATA_DIR ${absDir} is not a directory`);
  }
  if ((stat.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(absDir, PRIVATE_DIR_MODE);
    } catch {
      // Not ours to change (e.g. a mounted volume): the files themselves are still 0600.
    }
  }
  return absDir;
}

/** Whether PGlite has already initialised this directory (initdb ran). */
export function isDataDirInitialised(absDir: string): boolean {
  return fs.existsSync(path.join(absDir, 'PG_VERSION'));
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Checks that this process can create files in the directory and open every existing file for
 * writing (as PGlite will). Uses the effective uid, like PGlite does. Throws
 * PgliteDataDirNotWritableError naming the directory and the first offending paths.
 */
export function assertDataDirWritable(absDir: string): void {
  const problems: string[] = [];
  let total = 0;
  const note = (problem: string): void => {
    total += 1;
    if (problems.length < MAX_LISTED) {
      problems.push(problem);
    }
  };
  const probe = path.join(absDir, `.watcher-write-probe-${process.pid}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.rmSync(probe, { force: true });
  } catch (err: unknown) {
    note(`cannot create files in it (${errorCode(err)})`);
  }
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err: unknown) {
      note(`${dir} cannot be read (${errorCode(err)})`);
      return;
    }
    for (const entry of entries) {
      const entryPath = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        try {
          fs.accessSync(entryPath, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
        } catch (err: unknown) {
          note(`${entryPath} is not writable (${errorCode(err)})`);
        }
        walk(entryPath);
      } else if (entry.isFile()) {
        try {
          fs.closeSync(fs.openSync(entryPath, 'r+'));
        } catch (err: unknown) {
          note(`${entryPath} is read-only (${errorCode(err)})`);
        }
      }
    }
  };
  walk(absDir);
  if (total > 0) {
    throw new PgliteDataDirNotWritableError(absDir, problems, total);
  }
}

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { LOCK_FILE_NAME, openPglite } from 'src/database/pglite/pglite-instance';
import { readLockOwner } from 'src/database/pglite/pglite-lock.util';

// Embedded data directories with a real PGlite: private permissions, the first-start message,
// stale locks naming live unrelated processes, and unwritable files.
// Run with: NODE_OPTIONS=--experimental-vm-modules npx jest -c test/jest-int.json --runInBand

const NOBODY = 65534;

class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];

  override log(message: unknown, context?: string): void {
    this.lines.push(`[${context}] ${String(message)}`);
  }
}

function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `watcher-datadir-${name}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** What `find <dir> -perm /077` prints: anything readable, writable or searchable by others. */
function openToOthers(dir: string): string[] {
  return execFileSync('find', [dir, '-perm', '/077'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('openPglite: embedded data directory', () => {
  const dirs: string[] = [];
  let sleeper: ChildProcess;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    Logger.overrideLogger(logger);
    sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
    await new Promise((resolve) => sleeper.once('spawn', resolve));
  });

  afterAll(() => {
    sleeper.kill('SIGKILL');
    for (const dir of dirs) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should create a private directory (0700, files 0600) and say so on the first start only', async () => {
    const parent = tempDir('perm');
    dirs.push(parent);
    const dir = path.join(parent, 'data');
    const previousUmask = process.umask(0o022);
    try {
      const first = await openPglite(dir);
      await first.db.exec('CREATE TABLE t (v text); INSERT INTO t VALUES ($$x$$)');
      expect(openToOthers(dir)).toEqual([]);
      await first.close();
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dir)).toEqual([]);
      expect(fs.readdirSync(dir).filter((name) => name.startsWith('.initdb'))).toEqual([]);
      expect(logger.lines).toContainEqual(
        `[EmbeddedDatabase] Initialising the embedded database in ${fs.realpathSync(dir)} (first start only)…`,
      );
      expect(
        logger.lines.some((line) => /Embedded database initialised in \d+\.\d s/.test(line)),
      ).toBe(true);

      logger.lines.length = 0;
      const second = await openPglite(dir);
      expect((await second.db.query('SELECT v FROM t')).rows).toEqual([{ v: 'x' }]);
      await second.close();
      expect(logger.lines.filter((line) => line.includes('Initialising'))).toEqual([]);
    } finally {
      process.umask(previousUmask);
    }
  });

  it('should start over a stale lock whose pid now belongs to a live, unrelated process', async () => {
    const dir = tempDir('stale');
    dirs.push(dir);
    const lockPath = path.join(dir, LOCK_FILE_NAME);
    // Written by a Watcher that crashed an hour ago; its pid now belongs to `sleep`.
    fs.writeFileSync(lockPath, `${sleeper.pid}\n`);
    const anHourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(lockPath, anHourAgo, anHourAgo);
    const fromOldFormat = await openPglite(dir);
    expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
    await fromOldFormat.close();

    // The current format: same pid as a live process (init, pid 1), another start time.
    fs.writeFileSync(lockPath, JSON.stringify({ pid: 1, startTime: '7', hostname: os.hostname() }));
    const fromPidOne = await openPglite(dir);
    expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
    await fromPidOne.close();
  });

  it('should refuse an unwritable data directory with a message naming it', async () => {
    const dir = tempDir('readonly');
    dirs.push(dir);
    const initialised = await openPglite(dir);
    await initialised.close();
    const readOnlyFile = path.join(dir, 'PG_VERSION');
    fs.chmodSync(readOnlyFile, 0o400);
    const isRoot = process.geteuid?.() === 0;
    if (isRoot) {
      // Root may write read-only files; check as an unprivileged owner of the directory.
      execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir]);
      process.setegid?.(NOBODY);
      process.seteuid?.(NOBODY);
    }
    let attempt: Promise<unknown>;
    try {
      attempt = openPglite(dir);
    } finally {
      if (isRoot) {
        process.seteuid?.(0);
        process.setegid?.(0);
      }
    }
    await expect(attempt).rejects.toThrow(
      `Embedded data directory ${dir} is not writable by this process (uid ${isRoot ? NOBODY : process.geteuid?.()}): ${readOnlyFile} is read-only (EACCES)`,
    );
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });
});

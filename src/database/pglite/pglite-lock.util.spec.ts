import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acquireDataDirLock,
  currentBootId,
  currentOwner,
  isOwnerAlive,
  PgliteDataDirInUseError,
  processStartTime,
  readLockOwner,
  releaseDataDirLock,
} from 'src/database/pglite/pglite-lock.util';

// No PGlite here: temp dirs and hand-written lock files naming live, unrelated processes.
describe('pglite-lock.util', () => {
  let dir: string;
  let lockPath: string;
  let sleeper: ChildProcess;

  beforeAll(async () => {
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((resolve) => sleeper.once('spawn', resolve));
  });

  afterAll(() => {
    sleeper.kill('SIGKILL');
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watcher-lock-'));
    lockPath = join(dir, 'watcher.lock');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function writeLock(owner: object | string, writtenAt?: Date): void {
    writeFileSync(lockPath, typeof owner === 'string' ? owner : JSON.stringify(owner));
    if (writtenAt) {
      utimesSync(lockPath, writtenAt, writtenAt);
    }
  }

  it('should record pid, start time, boot id and host, and release only its own lock', () => {
    acquireDataDirLock(dir, lockPath);
    const owner = readLockOwner(lockPath);
    expect(owner).toEqual(currentOwner());
    expect(owner?.pid).toBe(process.pid);
    expect(owner?.startTime).toMatch(/^\d+$/);
    expect(readdirSync(dir)).toEqual(['watcher.lock']);
    releaseDataDirLock(lockPath);
    expect(existsSync(lockPath)).toBe(false);

    writeLock({ pid: sleeper.pid, startTime: processStartTime(sleeper.pid as number) });
    releaseDataDirLock(lockPath);
    expect(existsSync(lockPath)).toBe(true);
  });

  it('should refuse a lock held by a live process that is still the one that wrote it', () => {
    const pid = sleeper.pid as number;
    writeLock({ pid, startTime: processStartTime(pid), bootId: currentBootId() });
    expect(() => acquireDataDirLock(dir, lockPath)).toThrow(PgliteDataDirInUseError);
    expect(() => acquireDataDirLock(dir, lockPath)).toThrow(
      `Embedded data directory ${dir} is already in use by another Watcher process (pid ${pid})`,
    );
    expect(readLockOwner(lockPath)?.pid).toBe(pid);
  });

  it.each([
    ['pid 1 (init), reused after a crash', () => 1],
    ['a spawned sleep, reused after a crash', () => sleeper.pid as number],
  ])('should take over a stale lock whose pid now belongs to %s', (_name, pidOf) => {
    const pid = pidOf();
    expect(isPidRunning(pid)).toBe(true);
    // The crashed owner had this pid but started at another time.
    writeLock({ pid, startTime: '12345', bootId: currentBootId() });
    acquireDataDirLock(dir, lockPath);
    expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
  });

  it('should take over a lock written before a reboot', () => {
    const pid = sleeper.pid as number;
    writeLock({ pid, startTime: processStartTime(pid), bootId: 'another-boot' });
    acquireDataDirLock(dir, lockPath);
    expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
  });

  it('should take over an old pid-only lock when that pid started after the lock was written', () => {
    writeLock(`${sleeper.pid}\n`, new Date(Date.now() - 3600_000));
    acquireDataDirLock(dir, lockPath);
    expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
  });

  it('should keep refusing an old pid-only lock of a live process older than the lock', () => {
    writeLock('1\n');
    expect(() => acquireDataDirLock(dir, lockPath)).toThrow(PgliteDataDirInUseError);
  });

  it('should take over a lock of a dead process, and an unreadable one', () => {
    const dead = spawn('true');
    const deadPid = dead.pid as number;
    return new Promise<void>((resolve) => dead.once('exit', () => resolve())).then(() => {
      writeLock({ pid: deadPid, startTime: '1' });
      acquireDataDirLock(dir, lockPath);
      expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
      releaseDataDirLock(lockPath);

      writeLock('not a lock');
      acquireDataDirLock(dir, lockPath);
      expect(readLockOwner(lockPath)?.pid).toBe(process.pid);
    });
  });

  it('should treat the current process as alive and a reused pid as another process', () => {
    expect(isOwnerAlive(currentOwner())).toBe(true);
    expect(isOwnerAlive({ pid: process.pid, startTime: '1' })).toBe(false);
  });
});

function isPidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

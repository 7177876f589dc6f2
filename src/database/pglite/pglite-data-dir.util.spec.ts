import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertDataDirWritable,
  isDataDirInitialised,
  PgliteDataDirNotWritableError,
  prepareDataDir,
  usePrivateUmask,
} from 'src/database/pglite/pglite-data-dir.util';

/** uid/gid of "nobody": as root, the checks run under it (root may write read-only files). */
const NOBODY = 65534;
const isRoot = process.geteuid?.() === 0;

/** Runs `check` as an unprivileged user: seteuid(nobody) when root, as is otherwise. */
function asUnprivileged(dir: string, check: () => void): void {
  if (!isRoot) {
    check();
    return;
  }
  chownRecursive(dir, NOBODY);
  process.setegid?.(NOBODY);
  process.seteuid?.(NOBODY);
  try {
    check();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}

function chownRecursive(path: string, id: number): void {
  chownSync(path, id, id);
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) {
      chownRecursive(join(path, name), id);
    }
  }
}

describe('pglite-data-dir.util', () => {
  let parent: string;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'watcher-datadir-'));
    chmodSync(parent, 0o755);
  });

  afterEach(() => {
    rmSync(parent, { recursive: true, force: true });
  });

  it('should create the data directory 0700 and narrow an existing 0755 one', () => {
    const created = prepareDataDir(join(parent, 'new', 'data'));
    expect(statSync(created).mode & 0o777).toBe(0o700);

    const existing = join(parent, 'old');
    mkdirSync(existing, { mode: 0o755 });
    chmodSync(existing, 0o755);
    expect(prepareDataDir(existing)).toBe(existing);
    expect(statSync(existing).mode & 0o777).toBe(0o700);
  });

  it('should create files 0600 under the private umask', () => {
    const previous = usePrivateUmask();
    try {
      writeFileSync(join(parent, 'file'), 'x');
      mkdirSync(join(parent, 'sub'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(parent, 'file')).mode & 0o777).toBe(0o600);
    expect(statSync(join(parent, 'sub')).mode & 0o777).toBe(0o700);
  });

  it('should accept a writable directory with writable files', () => {
    const dir = join(parent, 'data');
    mkdirSync(join(dir, 'base', '1'), { recursive: true });
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    writeFileSync(join(dir, 'base', '1', '1259'), '');
    expect(isDataDirInitialised(dir)).toBe(true);
    asUnprivileged(dir, () => assertDataDirWritable(dir));
  });

  it('should name the directory and the read-only files', () => {
    const dir = join(parent, 'data');
    mkdirSync(join(dir, 'base', '1'), { recursive: true });
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    writeFileSync(join(dir, 'base', '1', '1259'), '');
    chmodSync(join(dir, 'base', '1', '1259'), 0o444);
    let error: unknown;
    asUnprivileged(dir, () => {
      try {
        assertDataDirWritable(dir);
      } catch (err: unknown) {
        error = err;
      }
    });
    expect(error).toBeInstanceOf(PgliteDataDirNotWritableError);
    expect((error as Error).message).toContain(
      `Embedded data directory ${dir} is not writable by this process`,
    );
    expect((error as Error).message).toContain(`${join(dir, 'base', '1', '1259')} is read-only`);
    expect((error as Error).message).toContain('set WATCHER_DATA_DIR to a writable directory');
  });

  it('should report a directory in which no file can be created', () => {
    const dir = join(parent, 'data');
    mkdirSync(dir);
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    chmodSync(dir, 0o555);
    expect.assertions(1);
    asUnprivileged(dir, () => {
      expect(() => assertDataDirWritable(dir)).toThrow(/cannot create files in it \(EACCES\)/);
    });
  });

  it('should see an empty directory as not yet initialised', () => {
    expect(isDataDirInitialised(parent)).toBe(false);
  });
});

// jest globalSetup of the e2e suite. Embedded mode: migrates one in-memory PGlite and saves it as
// a tarball; every test file's app then opens `memory://` from that snapshot
// (WATCHER_PGLITE_SNAPSHOT) instead of running initdb and every migration again. The app still
// runs its migrations at start-up (finding none pending), so a stale snapshot cannot hide one.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@jest/types';

/** Shared with e2e-global-teardown.ts, which removes only a snapshot of this run. */
export const SNAPSHOT_PREFIX = 'watcher-pglite-snapshot-';

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
interface ModuleResolver {
  _resolveFilename: ResolveFilename;
}

/**
 * globalSetup runs outside jest's module registry, without moduleNameMapper: map the `src/…` and
 * `test/…` imports (tsconfig paths) to the repository while `fn` runs.
 */
async function withRootImports<T>(rootDir: string, fn: () => Promise<T>): Promise<T> {
  const resolver = Module as unknown as ModuleResolver;
  const resolve = resolver._resolveFilename;
  resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    const mapped = /^(src|test)\//.test(request) ? join(rootDir, request) : request;
    return resolve.call(this, mapped, ...rest);
  };
  try {
    return await fn();
  } finally {
    resolver._resolveFilename = resolve;
  }
}

export default async function globalSetup(config: Config.GlobalConfig): Promise<void> {
  if ((process.env.WATCHER_TEST_MODE ?? 'embedded') !== 'embedded') {
    return;
  }
  const file = join(
    tmpdir(),
    `${SNAPSHOT_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}.tar`,
  );
  const started = Date.now();
  const applied = await withRootImports(config.rootDir, async () => {
    const { writeMigratedPgliteSnapshot } = await import('test/support/pglite-snapshot');
    return writeMigratedPgliteSnapshot(file);
  });
  // Inherited by the test files; removed by globalTeardown, or at exit if jest stops early.
  process.env.WATCHER_PGLITE_SNAPSHOT = file;
  process.once('exit', () => rmSync(file, { force: true }));
  if (process.env.TEST_LOG_LEVEL) {
    console.log(`PGlite snapshot: ${applied} migrations in ${Date.now() - started} ms → ${file}`);
  }
}

import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { SNAPSHOT_PREFIX } from './e2e-global-setup';

/** Removes the PGlite snapshot that e2e-global-setup.ts made for this run (embedded mode). */
export default function globalTeardown(): void {
  const file = process.env.WATCHER_PGLITE_SNAPSHOT;
  if (file && basename(file).startsWith(`${SNAPSHOT_PREFIX}${process.pid}-`)) {
    rmSync(file, { force: true });
    delete process.env.WATCHER_PGLITE_SNAPSHOT;
  }
}

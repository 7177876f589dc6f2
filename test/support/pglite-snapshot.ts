import { writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ENTITIES } from 'src/database/entities';
import { runMigrations } from 'src/database/migration-runner';
import { MIGRATIONS } from 'src/database/migrations';
import { openPglite } from 'src/database/pglite/pglite-instance';
import { createPglitePgModule } from 'src/database/pglite/pglite-pg-module';

/**
 * Migrates a fresh in-memory PGlite with the app's own migration runner and writes it to `file`
 * as a `dumpDataDir()` tarball: what WATCHER_PGLITE_SNAPSHOT loads. Returns the migrations applied.
 */
export async function writeMigratedPgliteSnapshot(file: string): Promise<number> {
  const previous = process.env.WATCHER_PGLITE_SNAPSHOT;
  delete process.env.WATCHER_PGLITE_SNAPSHOT;
  const handle = await openPglite('memory://');
  if (previous !== undefined) {
    process.env.WATCHER_PGLITE_SNAPSHOT = previous;
  }
  try {
    const dataSource = new DataSource({
      type: 'postgres',
      driver: createPglitePgModule(handle.db),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
      logging: ['error', 'warn'],
    });
    await dataSource.initialize();
    try {
      // Quiet: this runs in jest's own process, before any test file sets LOG_LEVEL.
      Logger.overrideLogger(['error', 'warn']);
      await runMigrations(dataSource, true);
      const [{ count }] = await dataSource.query<Array<{ count: number }>>(
        'SELECT count(*)::int AS count FROM migrations',
      );
      const tarball = await handle.db.dumpDataDir('none');
      writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
      return count;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await handle.close();
  }
}

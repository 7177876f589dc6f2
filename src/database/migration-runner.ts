import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Arbitrary constant: the advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 4_227_301;
const logger = new Logger('Migrations');

/**
 * Applies pending migrations. On PostgreSQL an advisory lock makes concurrent replicas wait for
 * the first one; the embedded database has a single process (and a single session) already.
 */
export async function runMigrations(dataSource: DataSource, isEmbedded: boolean): Promise<void> {
  if (isEmbedded) {
    await applyPending(dataSource);
    return;
  }
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await applyPending(dataSource);
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}

async function applyPending(dataSource: DataSource): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length > 0) {
    logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  }
}

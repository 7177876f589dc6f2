// Applies migrations once before the e2e suite in PostgreSQL mode (the embedded mode migrates
// each in-memory database when the app starts).
import 'reflect-metadata';
import { DataSource } from 'typeorm';

export default async function globalSetup(): Promise<void> {
  if ((process.env.WATCHER_TEST_MODE ?? 'embedded') !== 'postgres') {
    return;
  }
  const { MIGRATIONS } = await import('../src/database/migrations');
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    migrations: MIGRATIONS,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

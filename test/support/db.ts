import type { DataSource } from 'typeorm';

const LIST_TABLES = `
  SELECT tablename FROM pg_tables
  WHERE schemaname = 'public' AND tablename <> 'migrations'`;

/** Empties every application table and restarts identities (run before each test file). */
export async function truncateAll(dataSource: DataSource): Promise<void> {
  const tables: Array<{ tablename: string }> = await dataSource.query(LIST_TABLES);
  if (tables.length === 0) {
    return;
  }
  const list = tables.map((table) => `"${table.tablename}"`).join(', ');
  await dataSource.query(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}

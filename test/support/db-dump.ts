import type { DataSource } from 'typeorm';

const LIST_TABLES = `
  SELECT tablename FROM pg_tables
  WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`;

/** Every row of every application table as sorted JSON text, to compare before and after. */
export async function dumpAllTables(dataSource: DataSource): Promise<Record<string, string[]>> {
  const tables: Array<{ tablename: string }> = await dataSource.query(LIST_TABLES);
  const dump: Record<string, string[]> = {};
  for (const { tablename } of tables) {
    const rows: Array<{ row: string }> = await dataSource.query(
      `SELECT to_jsonb(t)::text AS row FROM "${tablename}" t`,
    );
    dump[tablename] = rows.map(({ row }) => row).sort();
  }
  return dump;
}

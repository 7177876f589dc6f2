import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runMigrations } from 'src/database/migration-runner';
import { MIGRATIONS } from 'src/database/migrations';
import { buildTypeOrmOptions } from 'src/database/typeorm.options';
import { createScratchDatabase, POSTGRES_URL } from 'test/support/scratch-postgres';

// Entities and migrations must not drift: on a fresh database with every migration applied,
// TypeORM's schema builder (what `npm run migration:generate` runs) has nothing left to write.
// Always on PGlite (memory://, from a real initdb); on PostgreSQL when DATABASE_URL is set, in a
// database of its own. Both use the app's own DataSource options and migration runner.

interface Target {
  name: string;
  open(): Promise<{ dataSource: DataSource; isEmbedded: boolean; cleanup: () => Promise<void> }>;
}

const pglite: Target = {
  name: 'PGlite',
  async open() {
    // Never the e2e snapshot: this test is about what the migrations themselves build.
    delete process.env.WATCHER_PGLITE_SNAPSHOT;
    const options = await buildTypeOrmOptions({
      url: undefined,
      dataDir: 'memory://',
      shouldMigrate: true,
      leaseTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      startupTimeoutMs: 0,
      usePreparedStatements: true,
    });
    const dataSource = await new DataSource(options).initialize();
    return { dataSource, isEmbedded: true, cleanup: () => dataSource.destroy() };
  },
};

const postgres: Target = {
  name: 'PostgreSQL',
  async open() {
    const database = await createScratchDatabase('watcher_drift');
    try {
      const options = await buildTypeOrmOptions({
        url: database.url,
        dataDir: '',
        shouldMigrate: true,
        leaseTimeoutMs: 30_000,
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 30_000,
        startupTimeoutMs: 0,
        usePreparedStatements: true,
      });
      const dataSource = await new DataSource(options).initialize();
      return {
        dataSource,
        isEmbedded: false,
        cleanup: async () => {
          await dataSource.destroy();
          await database.drop();
        },
      };
    } catch (err: unknown) {
      await database.drop();
      throw err;
    }
  },
};

const SCHEMA_OBJECTS = `
  SELECT c.relname AS name FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND c.relname NOT IN ('migrations', 'migrations_id_seq')
  UNION ALL
  SELECT t.typname FROM pg_type t
  WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
  UNION ALL
  SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  ORDER BY 1`;

/** The names TypeORM records in the migrations table (a `name` property, else the class name). */
const MIGRATION_NAMES = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);

/** What `migration:generate` would write: the schema builder's up-queries. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

describe.each(POSTGRES_URL ? [pglite, postgres] : [pglite])(
  'Migrations and entities on $name',
  (target) => {
    let dataSource: DataSource;
    let isEmbedded: boolean;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      Logger.overrideLogger(['error', 'warn']);
      ({ dataSource, isEmbedded, cleanup } = await target.open());
    });

    afterAll(async () => {
      await cleanup?.();
    });

    it('should apply every migration to a fresh database', async () => {
      expect(await dataSource.showMigrations()).toBe(true);
      await runMigrations(dataSource, isEmbedded);
      const applied: Array<{ name: string }> = await dataSource.query(
        'SELECT name FROM migrations ORDER BY id',
      );
      expect(applied.map((row) => row.name)).toEqual(MIGRATION_NAMES);
      expect(await dataSource.showMigrations()).toBe(false);
    });

    it('should leave nothing for migration:generate to write (entities match the migrations)', async () => {
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    });

    it('should revert every migration down to an empty schema, then re-apply them', async () => {
      for (let left = MIGRATIONS.length; left > 0; left -= 1) {
        await dataSource.undoLastMigration({ transaction: 'each' });
      }
      expect(await dataSource.query(SCHEMA_OBJECTS)).toEqual([]);
      await runMigrations(dataSource, isEmbedded);
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    });
  },
);

if (!POSTGRES_URL) {
  describe.skip('Migrations and entities on PostgreSQL', () => {
    it('needs DATABASE_URL', () => undefined);
  });
}

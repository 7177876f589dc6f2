import type { DataSourceOptions } from 'typeorm';
import pg from 'pg';
import type { DatabaseConfig } from 'src/config/database.config';
import { SqlLogger } from 'src/common/logging/sql.logger';
import { ENTITIES } from 'src/database/entities';
import { MIGRATIONS } from 'src/database/migrations';
import { pgPoolOptions } from 'src/database/pg-pool-options.util';
import { openPglite } from 'src/database/pglite/pglite-instance';
import { createPglitePgModule } from 'src/database/pglite/pglite-pg-module';
import { installPgTypeParsers } from 'src/database/pglite/type-parsers';

const POOL_SIZE = 10;

/** DataSource options for either mode: PostgreSQL via DATABASE_URL, or PGlite in-process. */
export async function buildTypeOrmOptions(config: DatabaseConfig): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // Through a logger that never prints query parameters (user values).
    logging: ['error' as const, 'warn' as const],
    logger: new SqlLogger(),
  };
  if (config.url) {
    installPgTypeParsers(pg.types);
    return {
      ...common,
      url: config.url,
      poolSize: POOL_SIZE,
      connectTimeoutMS: config.connectTimeoutMs,
      extra: pgPoolOptions(config),
    };
  }
  const embedded = await openPglite(config.dataDir);
  const driverModule = createPglitePgModule(embedded.db, {
    leaseTimeoutMs: config.leaseTimeoutMs,
  });
  return {
    ...common,
    driver: withCloseOnEnd(driverModule, () => embedded.close()),
  };
}

interface PoolLike {
  end(callback?: (error?: Error) => void): unknown;
}
interface PgModuleLike {
  Pool: new (options: unknown) => PoolLike;
}

/** The embedded database is closed (and its lock released) when TypeORM ends its pool. */
function withCloseOnEnd<M extends PgModuleLike>(driverModule: M, close: () => Promise<void>): M {
  const BasePool = driverModule.Pool;
  function ClosingPool(options: unknown): PoolLike {
    const pool = new BasePool(options);
    const baseEnd = pool.end.bind(pool);
    pool.end = (callback?: (error?: Error) => void): Promise<void> => {
      const done = new Promise<void>((resolve) => void baseEnd(() => resolve())).then(close);
      if (callback) {
        done.then(
          () => callback(),
          (error: Error) => callback(error),
        );
      }
      return done;
    };
    return pool;
  }
  return { ...driverModule, Pool: ClosingPool as unknown as M['Pool'] };
}

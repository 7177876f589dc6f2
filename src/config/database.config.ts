import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from 'src/config/env.schema';

export const databaseConfig = registerAs('database', () => {
  const env = validateEnv(process.env);
  return {
    /** PostgreSQL connection string; unset means embedded mode (PGlite). */
    url: env.DATABASE_URL,
    /** Embedded data directory (`memory://` keeps everything in memory, for tests). */
    dataDir: env.WATCHER_DATA_DIR,
    shouldMigrate: env.WATCHER_MIGRATE,
    /** Embedded mode: longest wait for the single PGlite session before a query fails. */
    leaseTimeoutMs: env.WATCHER_PGLITE_LEASE_TIMEOUT_MS,
    /** PostgreSQL: new connection, or a free pooled one, within this many ms. */
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    /** PostgreSQL: server-side statement_timeout; the client gives up shortly after. */
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    /** PostgreSQL: how long start-up retries an unreachable database. */
    startupTimeoutMs: env.DATABASE_STARTUP_TIMEOUT_MS,
    /** PostgreSQL: send the ingest path's statements as named prepared statements. */
    usePreparedStatements: env.DATABASE_PREPARED_STATEMENTS,
  };
});

export type DatabaseConfig = ConfigType<typeof databaseConfig>;

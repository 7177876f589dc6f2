import { DataSource } from 'typeorm';
import { loadEnvFile } from 'src/config/env-file.util';
import { databaseConfig } from 'src/config/database.config';
import { redactUrl } from 'src/config/redact-url.util';
import { buildTypeOrmOptions } from 'src/database/typeorm.options';

/**
 * The TypeORM CLI data source (migration:run / migration:generate / migration:revert), for either
 * mode: DATABASE_URL when set (in the environment or in .env, like `npm start`), otherwise the
 * embedded data directory. It says which one on stderr, so a migration never lands silently in
 * the wrong database.
 */
loadEnvFile();
const config = databaseConfig();
process.stderr.write(
  `Watcher migrations: ${config.url ? `PostgreSQL ${redactUrl(config.url)}` : `embedded database in ${config.dataDir}`}\n`,
);

export const dataSource: Promise<DataSource> = buildTypeOrmOptions(config).then(
  (options) => new DataSource(options),
);

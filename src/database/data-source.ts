import { DataSource } from 'typeorm';
import { databaseConfig } from 'src/config/database.config';
import { buildTypeOrmOptions } from 'src/database/typeorm.options';

/**
 * The TypeORM CLI data source (migration:run / migration:generate / migration:revert), for either
 * mode: DATABASE_URL when set, otherwise the embedded data directory.
 */
export const dataSource: Promise<DataSource> = buildTypeOrmOptions(databaseConfig()).then(
  (options) => new DataSource(options),
);

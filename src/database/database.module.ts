import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from 'src/config/database.config';
import { runMigrations } from 'src/database/migration-runner';
import { guardSingleSessionTransactions } from 'src/database/pglite/transaction-guard';
import { buildTypeOrmOptions } from 'src/database/typeorm.options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: DatabaseConfig) => buildTypeOrmOptions(config),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const config = databaseConfig();
        const dataSource = await new DataSource(options as DataSourceOptions).initialize();
        if (!config.url) {
          guardSingleSessionTransactions(dataSource);
        }
        if (config.shouldMigrate) {
          await runMigrations(dataSource, !config.url);
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from 'src/config/database.config';
import { redactUrl } from 'src/config/redact-url.util';
import { connectWithRetry } from 'src/database/connect-with-retry.util';
import { runMigrations } from 'src/database/migration-runner';
import { guardSingleSessionTransactions } from 'src/database/pglite/transaction-guard';
import { StatementRunner } from 'src/database/statement-runner';
import { buildTypeOrmOptions } from 'src/database/typeorm.options';

const logger = new Logger('Database');

/** Global: every repository may run prepared statements through StatementRunner. */
@Global()
@Module({
  providers: [StatementRunner],
  exports: [StatementRunner],
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: async (config: DatabaseConfig): Promise<TypeOrmModuleOptions> => ({
        ...(await buildTypeOrmOptions(config)),
        // Retries are connectWithRetry's (transient errors only, one line each), not
        // @nestjs/typeorm's (every error, 9 times, a stack trace each).
        toRetry: () => false,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const config = databaseConfig();
        const dataSource = await connectWithRetry(
          () => new DataSource(options as DataSourceOptions).initialize(),
          {
            target: config.url ? redactUrl(config.url) : `embedded (${config.dataDir})`,
            timeoutMs: config.url ? config.startupTimeoutMs : 0,
            log: (line) => logger.warn(line),
          },
        );
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

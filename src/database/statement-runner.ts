import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from 'src/config/database.config';
import type { PreparedStatement } from 'src/database/prepared-statement';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';

export interface StatementResult<R> {
  rows: R[];
  rowCount: number;
}

interface QueryConfig {
  name?: string;
  text: string;
  values: unknown[];
}

/** What node-postgres' Pool and PoolClient (and the embedded PGlite module's) have in common. */
interface Queryable {
  query(config: QueryConfig): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Runs a PreparedStatement where a repository would call `txHost.tx.query`: on the ambient
 * transaction's connection inside one, else on a pooled connection, as one autocommit statement.
 * Errors are TypeORM's QueryFailedError (with the driver error), like every other query's, so the
 * exception filter maps them alike. PostgreSQL mode sends the statement by name unless
 * DATABASE_PREPARED_STATEMENTS=false; PGlite (in-process, one session) always runs it unnamed.
 */
@Injectable()
export class StatementRunner {
  private readonly isNamed: boolean;

  constructor(
    private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) config: DatabaseConfig,
  ) {
    this.isNamed = config.url !== undefined && config.usePreparedStatements;
  }

  async run<R>(statement: PreparedStatement, values: unknown[]): Promise<StatementResult<R>> {
    const config: QueryConfig = this.isNamed
      ? { name: statement.name, text: statement.text, values }
      : { text: statement.text, values };
    try {
      const result = await (await this.connection()).query(config);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    } catch (error: unknown) {
      this.dataSource.logger.logQueryError(error as Error, statement.text, values);
      throw new QueryFailedError(statement.text, values, error as Error);
    }
  }

  async rows<R>(statement: PreparedStatement, values: unknown[]): Promise<R[]> {
    return (await this.run<R>(statement, values)).rows;
  }

  private async connection(): Promise<Queryable> {
    const transaction = this.txHost.tx.queryRunner;
    if (transaction) {
      return (await transaction.connect()) as Queryable;
    }
    return (this.dataSource.driver as unknown as { master: Queryable }).master;
  }
}

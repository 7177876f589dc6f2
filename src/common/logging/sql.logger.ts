import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

interface DriverErrorFields {
  code?: string;
  constraint?: string;
}

function oneLine(sql: string): string {
  const compact = sql.replace(/\s+/g, ' ').trim();
  return compact.length > 300 ? `${compact.slice(0, 300)}…` : compact;
}

/**
 * TypeORM's logger, without parameters: query parameters are user values (names, watermarks,
 * metadata), and PostgreSQL's messages quote them too. A failed query is logged at debug level
 * with its SQLSTATE and SQL text only (the exception filter answers it and logs real 500s with
 * their stack); slow queries and TypeORM warnings at warn, without values.
 */
export class SqlLogger implements TypeOrmLogger {
  private readonly logger = new Logger('SQL');

  logQuery(): void {
    // Every query would be noise; nothing is logged.
  }

  /** The parameters TypeORM also passes are deliberately not taken. */
  logQueryError(error: string | Error, query: string): void {
    const fields = (typeof error === 'object' ? error : {}) as DriverErrorFields;
    const constraint = fields.constraint ? ` on ${fields.constraint}` : '';
    this.logger.debug(
      `Query failed (SQLSTATE ${fields.code ?? 'unknown'}${constraint}): ${oneLine(query)}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : 'TypeORM message';
    if (level === 'warn') {
      this.logger.warn(text);
    } else {
      this.logger.debug(text);
    }
  }
}

import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { isDatabaseUnavailableError } from 'src/common/errors/database-unavailable.util';

const logger = new Logger('TypeORM');
const MAX_QUERY_CHARS = 500;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUERY_CHARS ? `${flat.slice(0, MAX_QUERY_CHARS)}…` : flat;
}

/**
 * TypeORM's log lines through Nest's logger (so LOG_FORMAT=json gets one JSON object per line),
 * one line each, without query parameters (they carry user data). A query that failed because
 * the database is unreachable is logged at debug: the exception filter reports the outage once
 * per request, so the log is not flooded with the same reason three times.
 */
export class TypeOrmNestLogger implements TypeOrmLogger {
  logQuery(query: string): void {
    logger.verbose(oneLine(query));
  }

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    const line = `query failed: ${message} — ${oneLine(query)}`;
    if (isDatabaseUnavailableError(error)) {
      logger.debug(line);
    } else {
      logger.error(line);
    }
  }

  logQuerySlow(time: number, query: string): void {
    logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    logger.debug(message);
  }

  logMigration(message: string): void {
    logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = message instanceof Error ? message.message : String(message);
    if (level === 'warn') {
      logger.warn(oneLine(text));
    } else {
      logger.log(oneLine(text));
    }
  }
}

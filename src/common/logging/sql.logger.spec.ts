import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { SqlLogger } from 'src/common/logging/sql.logger';

describe('SqlLogger', () => {
  const calls: string[] = [];

  beforeEach(() => {
    calls.length = 0;
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
        calls.push(`${level}: ${String(args[0])}`);
      });
    }
  });

  afterEach(() => jest.restoreAllMocks());

  it('should log a failed query at debug with its SQLSTATE and SQL, never its parameters', () => {
    const error = Object.assign(new Error('duplicate key value "secret-name"'), {
      code: '23505',
      constraint: 'uq_pipeline_name',
      detail: 'Key (name)=(secret-name) already exists.',
    });
    // TypeORM calls it through its interface, with the parameters.
    const logger: TypeOrmLogger = new SqlLogger();
    logger.logQueryError(error, 'UPDATE pipeline\n  SET name = $1 WHERE id = $2', [
      'secret-name',
      1,
    ]);
    expect(calls).toEqual([
      'debug: Query failed (SQLSTATE 23505 on uq_pipeline_name): UPDATE pipeline SET name = $1 WHERE id = $2',
    ]);
  });

  it('should log slow queries at warn without parameters and never log ordinary queries', () => {
    const logger = new SqlLogger();
    logger.logQuery();
    logger.logQuerySlow(1200, 'SELECT 1');
    expect(calls).toEqual(['warn: Slow query (1200 ms): SELECT 1']);
    expect(calls.join()).not.toContain('secret');
  });
});

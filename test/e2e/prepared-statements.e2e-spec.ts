import { TransactionHost } from '@nestjs-cls/transactional';
import { QueryFailedError } from 'typeorm';
import { databaseConfig } from 'src/config/database.config';
import { preparedStatement } from 'src/database/prepared-statement';
import { StatementRunner } from 'src/database/statement-runner';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

// StatementRunner: the hot paths' statements, sent by name on PostgreSQL (unnamed on PGlite), in
// the caller's transaction when there is one, with errors shaped like every other query's.
const INSERT_TYPE = preparedStatement(
  'test_insert_pipeline_type',
  `INSERT INTO pipeline_type (name) VALUES ($1) RETURNING id`,
);
const INSERT_PIPELINE = preparedStatement(
  'test_insert_pipeline',
  `INSERT INTO pipeline (name, pipeline_type_id) VALUES ($1, $2)`,
);
const PREPARED_NAMES = `SELECT name FROM pg_prepared_statements ORDER BY name`;

describe('Prepared statements (StatementRunner)', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  let testApp: TestApp;
  let txHost: TransactionHost<AfterCommitTypeOrmAdapter>;
  let runner: StatementRunner;

  beforeAll(async () => {
    testApp = await createTestApp();
    txHost = testApp.app.get(TransactionHost);
    runner = testApp.app.get(StatementRunner);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function typeNames(): Promise<string[]> {
    const rows: Array<{ name: string }> = await testApp.dataSource.query(
      `SELECT name FROM pipeline_type ORDER BY name`,
    );
    return rows.map((row) => row.name);
  }

  /** The statements prepared on the session of the transaction this runs in. */
  async function preparedOnThisSession(): Promise<string[]> {
    const rows: Array<{ name: string }> = await txHost.tx.query(PREPARED_NAMES);
    return rows.map((row) => row.name);
  }

  it('should run in the caller transaction: rolled back with it', async () => {
    let prepared: string[] = [];
    await expect(
      txHost.withTransaction(async () => {
        const { rows, rowCount } = await runner.run<{ id: number }>(INSERT_TYPE, ['rolled back']);
        expect(rowCount).toBe(1);
        expect(rows[0].id).toEqual(expect.any(Number));
        prepared = await preparedOnThisSession();
        throw new Error('the caller fails');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await typeNames()).not.toContain('rolled back');
    // Named on PostgreSQL, on the transaction's own connection; PGlite runs it unnamed.
    if (isEmbedded) {
      expect(prepared).not.toContain('watcher_test_insert_pipeline_type');
    } else {
      expect(prepared).toContain('watcher_test_insert_pipeline_type');
    }
  });

  it('should commit on its own outside a transaction, also when run again by name', async () => {
    await runner.run(INSERT_TYPE, ['autocommit 1']);
    await runner.run(INSERT_TYPE, ['autocommit 2']);
    expect(await typeNames()).toEqual(expect.arrayContaining(['autocommit 1', 'autocommit 2']));
  });

  it('should fail as a QueryFailedError with the SQLSTATE, and work again afterwards', async () => {
    const failure = runner.run(INSERT_PIPELINE, ['orphan', 2_000_000_000]);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '23503' } });
    const [{ id }] = await runner.rows<{ id: number }>(INSERT_TYPE, ['after a failure']);
    await runner.run(INSERT_PIPELINE, ['not an orphan', id]);
    const rows: unknown[] = await testApp.dataSource.query(
      `SELECT 1 FROM pipeline WHERE name = 'not an orphan'`,
    );
    expect(rows).toHaveLength(1);
  });

  (isEmbedded ? it.skip : it)(
    'should send statements unnamed with DATABASE_PREPARED_STATEMENTS=false',
    async () => {
      const unnamed = new StatementRunner(txHost, testApp.dataSource, {
        ...testApp.app.get<ReturnType<typeof databaseConfig>>(databaseConfig.KEY),
        usePreparedStatements: false,
      });
      const statement = preparedStatement(
        'test_unnamed_insert_type',
        `INSERT INTO pipeline_type (name) VALUES ($1)`,
      );
      await txHost.withTransaction(async () => {
        await unnamed.run(statement, ['unnamed']);
        expect(await preparedOnThisSession()).not.toContain('watcher_test_unnamed_insert_type');
      });
      expect(await typeNames()).toContain('unnamed');
    },
  );
});

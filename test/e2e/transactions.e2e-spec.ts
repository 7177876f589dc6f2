import { TransactionHost } from '@nestjs-cls/transactional';
import { PgliteSessionDeadlockError } from 'src/database/pglite/session-holder';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

describe('Ambient transactions', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  let testApp: TestApp;
  let txHost: TransactionHost;

  beforeAll(async () => {
    testApp = await createTestApp();
    txHost = testApp.app.get(TransactionHost);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function names(table: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await testApp.dataSource.query(
      `SELECT name FROM ${table} ORDER BY id`,
    );
    return rows.map((row) => row.name);
  }

  it("should let PipelineService.sync join the caller's transaction, type included", async () => {
    const pipelines = testApp.app.get(PipelineService);
    await expect(
      txHost.withTransaction(async () => {
        const result = await pipelines.sync({
          name: 'joined sync',
          pipeline_type_name: 'brand new type',
        });
        expect(result.created).toBe(true);
        // Visible inside the transaction…
        expect(await pipelines.getById(result.body.id)).toMatchObject({ name: 'joined sync' });
        throw new Error('the caller fails after the sync');
      }),
    ).rejects.toThrow('the caller fails after the sync');
    // …and gone with it: neither the pipeline nor its new type is left behind.
    expect(await names('pipeline')).not.toContain('joined sync');
    expect(await names('pipeline_type')).not.toContain('brand new type');
  });

  it('should commit a sync that joined a transaction when the caller commits', async () => {
    const pipelines = testApp.app.get(PipelineService);
    await txHost.withTransaction(() =>
      pipelines.sync({ name: 'committed sync', pipeline_type_name: 'committed type' }),
    );
    expect(await names('pipeline')).toContain('committed sync');
    expect(await names('pipeline_type')).toContain('committed type');
  });

  (isEmbedded ? describe : describe.skip)('embedded single session', () => {
    it('should fail fast, naming the cause, when a query bypasses the open transaction', async () => {
      const started = Date.now();
      const outcome = testApp.dataSource.transaction(() =>
        testApp.dataSource.query('SELECT 1 AS one'),
      );
      await expect(outcome).rejects.toBeInstanceOf(PgliteSessionDeadlockError);
      await expect(outcome).rejects.toThrow(/outside the current transaction/);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('should fail fast inside a @Transactional use case as well, and keep serving after', async () => {
      await expect(
        txHost.withTransaction(() => testApp.dataSource.query('SELECT 1 AS one')),
      ).rejects.toBeInstanceOf(PgliteSessionDeadlockError);
      expect(await testApp.dataSource.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    });
  });
});

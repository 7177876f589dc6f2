import { TransactionHost } from '@nestjs-cls/transactional';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { defineJob, InvalidJobKeyError } from 'src/queue/job-definition';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  PROBE_BATCHABLE_JOB,
  PROBE_JOB,
  PROBE_ONCE_JOB,
  PROBE_WHILE_PENDING_JOB,
  ProbeProcessor,
  probeState,
} from 'test/support/probe-jobs';

// Runs against BullMQ (postgres suite) and the in-process runner (embedded suite): both
// backends must give the same answers.
describe('Job queue (through the codebase interface)', () => {
  let testApp: TestApp;
  let txHost: TransactionHost<AfterCommitTypeOrmAdapter>;

  beforeAll(async () => {
    testApp = await createTestApp({ providers: [ProbeProcessor] });
    txHost = testApp.app.get(TransactionHost);
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    probeState.reset();
  });

  async function outboxRows(): Promise<Array<{ name: string; state: string }>> {
    return testApp.dataSource.query('SELECT name, state FROM job_outbox ORDER BY id');
  }

  const runsOf = (job: string): number[] =>
    probeState.runs.filter((run) => run.job === job).map((run) => run.n);

  it('should run every enqueued job once', async () => {
    for (let n = 0; n < 20; n += 1) {
      await testApp.jobQueue.enqueue(PROBE_JOB, { n });
    }
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe').sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await outboxRows()).toEqual([]);
  });

  it('should drop a while-pending key that is still pending, and accept it again once it ran', async () => {
    probeState.delayMs = 50;
    const accepted = await Promise.all(
      [1, 2, 3].map(() => testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n: 7 })),
    );
    expect(accepted.filter(Boolean)).toHaveLength(1);
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe-while-pending')).toEqual([7]);

    expect(await testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n: 7 })).toBe(true);
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe-while-pending')).toEqual([7, 7]);
  });

  it('should accept a once-ever key once, even after its job has finished', async () => {
    expect(await testApp.jobQueue.enqueue(PROBE_ONCE_JOB, { n: 8 })).toBe(true);
    await waitForQueuesIdle(testApp);
    expect(await testApp.jobQueue.enqueue(PROBE_ONCE_JOB, { n: 8 })).toBe(false);
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe-once')).toEqual([8]);
    expect(await outboxRows()).toEqual([{ name: 'e2e-probe-once', state: 'done' }]);
  });

  it('should retry a failing job with backoff until it succeeds', async () => {
    probeState.failuresLeft = 2;
    await testApp.jobQueue.enqueue(PROBE_JOB, { n: 42 });
    await waitForQueuesIdle(testApp);
    expect(probeState.runs).toEqual([{ job: 'e2e-probe', n: 42, attempt: 3 }]);
  });

  it('should wait the backoff given at enqueue, not the definition default, before a retry', async () => {
    probeState.failuresLeft = 1;
    const started = Date.now();
    await txHost.withTransaction(async () => {
      await testApp.jobQueue.enqueue(PROBE_JOB, { n: 43 }, { backoffMs: 1500 });
      const rows: Array<{ backoff_ms: number }> = await txHost.tx.query(
        `SELECT backoff_ms FROM job_outbox WHERE payload->>'n' = '43'`,
      );
      expect(rows).toEqual([{ backoff_ms: 1500 }]);
    });
    await waitForQueuesIdle(testApp);
    expect(probeState.runs).toEqual([{ job: 'e2e-probe', n: 43, attempt: 2 }]);
    // PROBE_JOB's own backoff is 20 ms; 1500 ms with -20 % jitter is at least 1200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
  });

  describe('batchable jobs', () => {
    const isBullMq = Boolean(process.env.DATABASE_URL);
    const enqueueTogether = (ns: number[]) =>
      Promise.all(ns.map((n) => testApp.jobQueue.enqueue(PROBE_BATCHABLE_JOB, { n })));
    const batchableRows = async () =>
      (await outboxRows()).filter((row) => row.name === 'e2e-probe-batchable');
    const waitingOrActive = async () => {
      const system = (await testApp.jobQueue.counts()).find((c) => c.queue === 'system');
      return (system?.waiting ?? 0) + (system?.active ?? 0) + (system?.delayed ?? 0);
    };

    it('should run each of many committed together once, BullMQ carrying them in few jobs', async () => {
      probeState.delayMs = 100;
      await enqueueTogether([...Array(30).keys()]);
      if (isBullMq) {
        // Rows committed within ~20 ms share a Redis job: far fewer than 30 are queued.
        await new Promise((resolve) => setTimeout(resolve, 150)); // past the 20 ms window
        expect(await waitingOrActive()).toBeLessThan(10);
      }
      await waitForQueuesIdle(testApp);
      expect(runsOf('e2e-probe-batchable').sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
      expect(await batchableRows()).toEqual([]);
    });

    it('should retry a failed item on its own, the others running once', async () => {
      probeState.failuresLeft = 2;
      await enqueueTogether([1, 2, 3, 4, 5, 6]);
      await waitForQueuesIdle(testApp);
      expect(runsOf('e2e-probe-batchable').sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await batchableRows()).toEqual([]);
    });

    it('should record each item whose attempts ran out as a dead job of its own', async () => {
      probeState.failuresLeft = 1000;
      await enqueueTogether([7, 8, 9]);
      await waitForQueuesIdle(testApp);
      const dead: Array<{ name: string; payload: { n: number } }> = await testApp.dataSource.query(
        `SELECT name, payload FROM job_outbox WHERE state = 'dead' ORDER BY payload ->> 'n'`,
      );
      expect(dead).toEqual([7, 8, 9].map((n) => ({ name: 'e2e-probe-batchable', payload: { n } })));
      expect(runsOf('e2e-probe-batchable')).toEqual([]);
      await testApp.dataSource.query(`DELETE FROM job_outbox WHERE name = 'e2e-probe-batchable'`);
    });
  });

  it('should record a job whose attempts ran out as dead, and accept its key again', async () => {
    probeState.failuresLeft = 1; // PROBE_WHILE_PENDING_JOB has a single attempt.
    await testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n: 9, key: 'doomed' });
    await waitForQueuesIdle(testApp);
    const dead = await testApp.dataSource.query(
      `SELECT name, job_id, attempts_made FROM job_outbox WHERE state = 'dead'`,
    );
    expect(dead).toEqual([{ name: 'e2e-probe-while-pending', job_id: 'doomed', attempts_made: 1 }]);
    const system = (await testApp.jobQueue.counts()).find((c) => c.queue === 'system');
    expect(system?.dead).toBe(1);

    expect(await testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n: 10, key: 'doomed' })).toBe(
      true,
    );
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe-while-pending')).toEqual([10]);
    await testApp.dataSource.query(`DELETE FROM job_outbox`);
  });

  it('should reject a key BullMQ would refuse, in both backends, storing nothing', async () => {
    await expect(
      testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n: 1, key: 'bad:key' }),
    ).rejects.toBeInstanceOf(InvalidJobKeyError);
    expect(await outboxRows()).toEqual([]);
  });

  it('should refuse a job that is neither in the catalogue nor handled', async () => {
    const stray = defineJob<{ n: number }>({ queue: 'system', name: 'stray-job', dedup: 'none' });
    await expect(testApp.jobQueue.enqueue(stray, { n: 1 })).rejects.toThrow(
      /not in the job catalogue/,
    );
  });

  it('should create a job requested in a transaction only if the transaction commits', async () => {
    await expect(
      txHost.withTransaction(async () => {
        await testApp.jobQueue.enqueue(PROBE_JOB, { n: 100 });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');

    await txHost.withTransaction(async () => {
      await testApp.jobQueue.enqueue(PROBE_JOB, { n: 101 });
      // Not handed to the backend before the commit.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(probeState.runs).toEqual([]);
    });
    await waitForQueuesIdle(testApp);
    expect(runsOf('e2e-probe')).toEqual([101]);
    expect(await outboxRows()).toEqual([]);
  });

  it('should report counts for every queue', async () => {
    const counts = await testApp.jobQueue.counts();
    expect(counts.map((c) => c.queue).sort()).toEqual([
      'anomaly',
      'monitoring',
      'notification',
      'system',
    ]);
    for (const count of counts) {
      expect(count).toMatchObject({ waiting: 0, active: 0, delayed: 0, outbox: 0, dead: 0 });
    }
  });
});

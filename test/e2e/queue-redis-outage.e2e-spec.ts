import request from 'supertest';
import { RELAY_MAX_ATTEMPTS } from 'src/queue/bullmq-job-queue';
import { PrivateRedis } from 'test/support/private-redis';
import type { TestApp } from 'test/support/create-test-app';
import {
  PROBE_JOB,
  PROBE_WHILE_PENDING_JOB,
  ProbeProcessor,
  probeState,
} from 'test/support/probe-jobs';

// BullMQ backend on a private redis-server that the test stops and restarts. Runs in both suites:
// with PostgreSQL (postgres mode) and with PGlite (embedded mode) as the outbox store.
describe('BullMQ queue while Redis is down', () => {
  const redis = new PrivateRedis();
  let testApp: TestApp;

  beforeAll(async () => {
    await redis.start();
    process.env.REDIS_URL = redis.url;
    const { createTestApp } = await import('test/support/create-test-app');
    testApp = await createTestApp({ providers: [ProbeProcessor] });
  });

  afterAll(async () => {
    await testApp?.close();
    await redis.stop();
  });

  beforeEach(() => probeState.reset());

  const runCount = (n: number): number => probeState.runs.filter((run) => run.n === n).length;

  async function count(sql: string): Promise<number> {
    const rows: Array<{ n: number }> = await testApp.dataSource.query(sql);
    return rows[0].n;
  }

  it('should use the BullMQ backend', () => {
    expect(testApp.jobQueue.backend).toBe('bullmq');
  });

  it('should park jobs in job_outbox while Redis is down and run each exactly once after it returns', async () => {
    await testApp.jobQueue.enqueue(PROBE_JOB, { n: 0 });
    await testApp.jobQueue.waitUntilIdle();
    expect(runCount(0)).toBe(1);

    await redis.stop();
    for (let n = 1; n <= 20; n += 1) {
      await testApp.jobQueue.enqueue(PROBE_WHILE_PENDING_JOB, { n });
    }
    expect(await count('SELECT count(*)::int AS n FROM job_outbox')).toBe(20);

    // Writes keep succeeding through the outbox: readiness stays 200, the queue is degraded.
    const ready = await request(testApp.http).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.info.queue.status).toBe('degraded');
    expect(ready.body.info.database.status).toBe('up');

    await redis.start();
    await testApp.jobQueue.waitUntilIdle(60_000);
    for (let n = 1; n <= 20; n += 1) {
      expect([n, runCount(n)]).toEqual([n, 1]);
    }
    expect(await count('SELECT count(*)::int AS n FROM job_outbox')).toBe(0);
  });

  it('should not let a job that Redis refuses block the jobs behind it', async () => {
    // A row from an older version with a ':' in its id (BullMQ refuses it), ahead of good rows.
    await testApp.dataSource.query(
      `INSERT INTO job_outbox (queue, name, job_id, dedup, payload, attempts_made, available_at)
       VALUES ('system', 'e2e-probe-while-pending', 'legacy:id', 'while-pending',
               '{"n": 500}', $1, now() - interval '1 minute')`,
      [RELAY_MAX_ATTEMPTS - 1],
    );
    for (let n = 501; n <= 505; n += 1) {
      await testApp.dataSource.query(
        `INSERT INTO job_outbox (queue, name, job_id, dedup, payload, available_at)
         VALUES ('system', 'e2e-probe-while-pending', $1, 'while-pending', $2::jsonb, now())`,
        [`probe-${n}`, JSON.stringify({ n })],
      );
    }
    await testApp.jobQueue.waitUntilIdle(30_000);
    expect([501, 502, 503, 504, 505].map(runCount)).toEqual([1, 1, 1, 1, 1]);
    expect(runCount(500)).toBe(0);
    expect(
      await testApp.dataSource.query(`SELECT job_id, state, attempts_made FROM job_outbox`),
    ).toEqual([{ job_id: 'legacy:id', state: 'dead', attempts_made: RELAY_MAX_ATTEMPTS }]);
    const system = (await testApp.jobQueue.counts()).find((c) => c.queue === 'system');
    expect(system?.dead).toBe(1);
  });
});

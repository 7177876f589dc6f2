import request from 'supertest';
import { PrivateRedis } from 'test/support/private-redis';
import type { TestApp } from 'test/support/create-test-app';

// BullMQ backend on a private redis-server that the test stops and restarts. Runs in both suites:
// with PostgreSQL (postgres mode) and with PGlite (embedded mode) as the outbox store.
describe('BullMQ queue while Redis is down', () => {
  const redis = new PrivateRedis();
  let testApp: TestApp;
  const runs = new Map<number, number>();

  beforeAll(async () => {
    await redis.start();
    process.env.REDIS_URL = redis.url;
    const { createTestApp } = await import('test/support/create-test-app');
    testApp = await createTestApp();
    testApp.jobQueue.register<{ n: number }>('system', 'outage-probe', async ({ n }) => {
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await Promise.resolve();
    });
  });

  afterAll(async () => {
    await testApp?.close();
    await redis.stop();
  });

  it('should use the BullMQ backend', () => {
    expect(testApp.jobQueue.backend).toBe('bullmq');
  });

  it('should park jobs in job_outbox while Redis is down and run each exactly once after it returns', async () => {
    await testApp.jobQueue.enqueue('system', 'outage-probe', { n: 0 });
    await testApp.jobQueue.waitUntilIdle();
    expect(runs.get(0)).toBe(1);

    await redis.stop();
    for (let n = 1; n <= 20; n += 1) {
      await testApp.jobQueue.enqueue('system', 'outage-probe', { n }, { jobId: `outage-${n}` });
    }
    const parked: Array<{ count: number }> = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM job_outbox WHERE name = 'outage-probe'`,
    );
    expect(parked[0].count).toBe(20);

    // Writes keep succeeding through the outbox: readiness stays 200, the queue is degraded.
    const ready = await request(testApp.http).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.info.queue.status).toBe('degraded');
    expect(ready.body.info.database.status).toBe('up');

    await redis.start();
    await testApp.jobQueue.waitUntilIdle(60_000);
    for (let n = 1; n <= 20; n += 1) {
      expect([n, runs.get(n)]).toEqual([n, 1]);
    }
    const left: Array<{ count: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS count FROM job_outbox',
    );
    expect(left[0].count).toBe(0);
    await request(testApp.http).get('/health/ready').expect(200);
  });
});

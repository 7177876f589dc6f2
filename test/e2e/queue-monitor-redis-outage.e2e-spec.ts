import request from 'supertest';
import type { TestApp } from 'test/support/create-test-app';
import { PrivateRedis } from 'test/support/private-redis';

// The BullMQ backend on a private redis-server that the test stops: in both suites (PostgreSQL
// or PGlite as the job_outbox store).
describe('Queue monitor while Redis is down', () => {
  const redis = new PrivateRedis();
  let testApp: TestApp;

  beforeAll(async () => {
    await redis.start();
    process.env.REDIS_URL = redis.url;
    const { createTestApp } = await import('test/support/create-test-app');
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
    await redis.stop();
  });

  it('should answer 200 {"status":"error"} on both paths, and success again once Redis is back', async () => {
    expect(testApp.jobQueue.backend).toBe('bullmq');
    await request(testApp.http)
      .post('/celery/monitor-queue')
      .expect(200)
      .expect((response) => expect(response.body.status).toBe('success'));

    await redis.stop();
    for (const path of ['/celery/monitor-queue', '/queue/monitor']) {
      const response = await request(testApp.http).post(path).expect(200);
      expect(response.body).toEqual({ status: 'error', message: expect.any(String) });
    }

    await redis.start();
    await testApp.jobQueue.waitUntilIdle(30_000);
    const response = await request(testApp.http).post('/queue/monitor').expect(200);
    expect(response.body).toMatchObject({ status: 'success', total_pending: 0 });
  });
});

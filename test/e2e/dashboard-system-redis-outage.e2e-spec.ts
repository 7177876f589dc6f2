import request from 'supertest';
import type { TestApp } from 'test/support/create-test-app';
import { PrivateRedis } from 'test/support/private-redis';

// GET /dashboard/system on the BullMQ backend with a private redis-server that the test stops.
describe('GET /dashboard/system while Redis is down', () => {
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

  it('should answer 200 degraded with the outbox, and ok again once Redis is back', async () => {
    expect(testApp.jobQueue.backend).toBe('bullmq');
    const up = await request(testApp.http).get('/dashboard/system').expect(200);
    expect(up.body).toEqual(expect.objectContaining({ status: 'ok', queue: 'up' }));
    expect(up.body.queues[0]).toEqual(expect.objectContaining({ failed: expect.any(Number) }));

    await redis.stop();
    const down = await request(testApp.http).get('/dashboard/system').expect(200);
    expect(down.body).toEqual(
      expect.objectContaining({
        status: 'degraded',
        database: 'up',
        queue: 'degraded',
        outbox: expect.objectContaining({ parked: expect.any(Number), dead: 0 }),
      }),
    );

    await redis.start();
    await testApp.jobQueue.waitUntilIdle(30_000);
    const back = await request(testApp.http).get('/dashboard/system').expect(200);
    expect(back.body.status).toBe('ok');
  });
});

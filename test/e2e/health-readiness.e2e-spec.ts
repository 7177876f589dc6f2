import request from 'supertest';
import { PrivateRedis } from 'test/support/private-redis';
import type { TestApp } from 'test/support/create-test-app';

// Readiness with the BullMQ backend on a private redis-server that the test stops. Runs in both
// suites (PostgreSQL or PGlite underneath).
describe('Readiness while Redis is down', () => {
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

  it('should answer 200 with the queue degraded, and keep accepting writes', async () => {
    const before = await request(testApp.http).get('/health/ready').expect(200);
    expect(before.body.status).toBe('ok');
    expect(before.body.info.queue).toMatchObject({ status: 'up', backend: 'bullmq' });

    await redis.stop();
    const during = await request(testApp.http).get('/health/ready').expect(200);
    expect(during.body.status).toBe('degraded');
    expect(during.body.info.database.status).toBe('up');
    expect(during.body.info.queue).toMatchObject({ status: 'degraded', backend: 'bullmq' });
    expect(during.body.info.queue.message).toEqual(expect.any(String));
    expect(during.body.error).toEqual({});
    await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'written while redis is down', pipeline_type_name: 'readiness' })
      .expect(201);

    await redis.start();
    const deadline = Date.now() + 30_000;
    let after = await request(testApp.http).get('/health/ready');
    while (after.body.status !== 'ok' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await request(testApp.http).get('/health/ready');
    }
    expect(after.status).toBe(200);
    expect(after.body.info.queue.status).toBe('up');
  });
});

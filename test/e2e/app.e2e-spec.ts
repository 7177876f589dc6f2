import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

describe('Foundation: status, health, docs and HTTP conventions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should answer GET / with status ok', async () => {
    const response = await request(testApp.http).get('/').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('should report liveness on GET /health from a real check of this process', async () => {
    const response = await request(testApp.http).get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.process).toMatchObject({ status: 'up', pid: process.pid });
    expect(response.body.info.process.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(response.body.info.process.event_loop_lag_ms).toBeLessThan(5000);
  });

  it('should report the database and the queue as up on GET /health/ready', async () => {
    const response = await request(testApp.http).get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.database.status).toBe('up');
    expect(response.body.info.queue.status).toBe('up');
    const expectedBackend = process.env.REDIS_URL ? 'bullmq' : 'in-process';
    expect(response.body.info.queue.backend).toBe(expectedBackend);
  });

  it('should serve Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await request(testApp.http).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    const json = await request(testApp.http).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.info.title).toBe('Watcher API');
    expect(json.body.paths['/health/ready']).toBeDefined();
    expect(json.body.components.schemas.ErrorResponse).toBeDefined();
  });

  it('should echo a sane X-Request-Id and make one up otherwise', async () => {
    const echoed = await request(testApp.http).get('/').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await request(testApp.http)
      .get('/')
      .set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should answer an unknown route with 404 in the error shape', async () => {
    const response = await request(testApp.http).get('/no/such/route').expect(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      details: null,
    });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('should answer malformed JSON with 400 BAD_JSON', async () => {
    const response = await request(testApp.http)
      .post('/no-such-endpoint')
      .set('Content-Type', 'application/json')
      .send('{"name": "broken",')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'BAD_JSON' });
    expect(response.body.message).toContain('not valid JSON');
  });

  it('should refuse a body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 10) });
    const response = await request(testApp.http)
      .post('/no-such-endpoint')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

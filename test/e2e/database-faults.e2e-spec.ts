import request from 'supertest';
import { PrivatePostgres } from 'test/support/private-postgres';
import type { TestApp } from 'test/support/create-test-app';
import { ensureBuilt, WatcherProcess } from 'test/support/watcher-process';

// PostgreSQL mode only: the app runs on a private cluster that the test stops, restarts,
// freezes (SIGSTOP) and thaws. Timeouts are set low so that the frozen case is quick.
const STATEMENT_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 1000;
/** Longest a request may take while the database is frozen: the client-side query timeout
 * (statement timeout + 500 ms) plus scheduling slack on a busy 2-core machine. */
const FROZEN_BOUND_MS = STATEMENT_TIMEOUT_MS + 500 + 1500;

const skipReason = process.env.DATABASE_URL
  ? PrivatePostgres.unavailableReason()
  : 'postgres mode only (WATCHER_TEST_MODE=postgres)';
if (skipReason) {
  process.stdout.write(`database-faults.e2e-spec: skipped — ${skipReason}\n`);
}
const describeWithPostgres = skipReason ? describe.skip : describe;

function report(line: string): void {
  process.stdout.write(`[database-faults] ${line}\n`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = Date.now();
  const result = await work();
  return { result, ms: Date.now() - startedAt };
}

describeWithPostgres('PostgreSQL outages', () => {
  const postgres = new PrivatePostgres();
  let testApp: TestApp;
  let counter = 0;

  const createPipeline = (prefix: string): request.Test =>
    request(testApp.http)
      .post('/pipeline')
      .send({ name: `${prefix}-${(counter += 1)}`, pipeline_type_name: 'faults' });

  async function waitUntilServing(timeoutMs: number): Promise<number> {
    const startedAt = Date.now();
    for (;;) {
      const response = await createPipeline('recovery');
      if (response.status === 201) {
        return Date.now() - startedAt;
      }
      expect(response.status).toBe(503);
      if (Date.now() - startedAt > timeoutMs) {
        throw new Error(`still ${response.status} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function countPipelines(prefix: string): Promise<number> {
    const rows: Array<{ count: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS count FROM pipeline WHERE name LIKE $1',
      [`${prefix}-%`],
    );
    return rows[0].count;
  }

  beforeAll(async () => {
    await postgres.start();
    await postgres.createDatabase('watcher');
    process.env.DATABASE_URL = postgres.url('watcher');
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = String(STATEMENT_TIMEOUT_MS);
    process.env.DATABASE_CONNECT_TIMEOUT_MS = String(CONNECT_TIMEOUT_MS);
    const { createTestApp } = await import('test/support/create-test-app');
    testApp = await createTestApp();
    ensureBuilt();
  }, 180_000);

  afterAll(async () => {
    postgres.thaw();
    try {
      await testApp?.close();
    } finally {
      postgres.destroy();
    }
  });

  it('should answer 503 DATABASE_UNAVAILABLE with Retry-After while PostgreSQL is stopped, and recover by itself', async () => {
    await createPipeline('before').expect(201);

    postgres.stop('fast');
    const write = await timed(async () => createPipeline('stopped'));
    expect(write.result.status).toBe(503);
    expect(write.result.headers['retry-after']).toBe('5');
    expect(write.result.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(write.result.body.requestId).toBe(write.result.headers['x-request-id']);
    const read = await timed(async () => request(testApp.http).get('/pipeline'));
    expect(read.result.status).toBe(503);
    expect(read.result.body.code).toBe('DATABASE_UNAVAILABLE');
    const ready = await request(testApp.http).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.database.status).toBe('down');

    await postgres.start();
    const recoveryMs = await waitUntilServing(30_000);
    report(
      `stopped: write 503 after ${write.ms} ms, read 503 after ${read.ms} ms; ` +
        `serving again ${recoveryMs} ms after PostgreSQL was back`,
    );
    expect(await countPipelines('stopped')).toBe(0);
    await request(testApp.http).get('/health/ready').expect(200);
  });

  it('should fail requests within the statement timeout while PostgreSQL is frozen, and never answer 201 late', async () => {
    // Warm the pool so that frozen requests hit idle connections as well as new ones.
    await Promise.all([...Array(4).keys()].map(() => createPipeline('warm').expect(201)));

    const results: Array<{ status: number; ms: number; code?: string }> = [];
    let readyMs = 0;
    postgres.freeze();
    try {
      const requests = [...Array(14).keys()].map(async () => {
        const { result, ms } = await timed(async () => createPipeline('frozen'));
        results.push({ status: result.status, ms, code: result.body?.code });
      });
      const ready = timed(async () => request(testApp.http).get('/health/ready'));
      await Promise.all(requests);
      const readiness = await ready;
      readyMs = readiness.ms;
      expect(readiness.result.status).toBe(503);
    } finally {
      postgres.thaw();
    }

    const slowest = Math.max(...results.map((result) => result.ms));
    report(
      `frozen: ${results.length} writes all failed; fastest ${Math.min(...results.map((r) => r.ms))} ms, ` +
        `slowest ${slowest} ms (bound ${FROZEN_BOUND_MS} ms); readiness 503 after ${readyMs} ms`,
    );
    expect(results.map((result) => [result.status, result.code])).toEqual(
      results.map(() => [503, 'DATABASE_UNAVAILABLE']),
    );
    expect(slowest).toBeLessThan(FROZEN_BOUND_MS);

    const recoveryMs = await waitUntilServing(30_000);
    report(`frozen: serving again ${recoveryMs} ms after SIGCONT`);
    // Nothing that was answered 503 was committed behind the client's back after the thaw.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countPipelines('frozen')).toBe(0);
  });

  it('should not retry a database that does not exist: one line naming it, at once', async () => {
    const startedAt = Date.now();
    const watcher = WatcherProcess.spawn({
      env: { DATABASE_URL: postgres.url('no_such_db'), DATABASE_STARTUP_TIMEOUT_MS: '30000' },
    });
    const { code } = await watcher.exited(30_000);
    const ms = Date.now() - startedAt;
    report(`missing database: exited ${code} after ${ms} ms`);
    expect(code).toBe(1);
    expect(watcher.output).not.toContain('not reachable yet');
    expect(watcher.output.trim().split('\n').pop()).toBe(
      `Watcher failed to start: Cannot use the database ${postgres.url('no_such_db')}: ` +
        'database "no_such_db" does not exist (3D000)',
    );
    expect(ms).toBeLessThan(15_000);
  });
});

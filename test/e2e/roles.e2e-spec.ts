import request from 'supertest';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import type { TestApp } from 'test/support/create-test-app';
import { PROBE_JOB, ProbeProcessor, probeState } from 'test/support/probe-jobs';

// WATCHER_ROLE: api serves HTTP and runs no job workers; worker serves only probes over HTTP.
describe('Process roles', () => {
  let createTestApp: typeof import('test/support/create-test-app').createTestApp;

  beforeAll(async () => {
    ({ createTestApp } = await import('test/support/create-test-app'));
  });

  afterEach(() => {
    process.env.WATCHER_ROLE = 'all';
  });

  it('should serve only /, /health* and /version in the worker role', async () => {
    process.env.WATCHER_ROLE = 'worker';
    const app: TestApp = await createTestApp();
    try {
      await request(app.http).get('/').expect(200);
      await request(app.http).get('/health').expect(200);
      const refused = await request(app.http).get('/pipeline').expect(404);
      expect(refused.body.code).toBe('NOT_SERVED_BY_WORKER');
      await request(app.http).post('/pipeline').send({ name: 'x' }).expect(404);
    } finally {
      await app.close();
    }
  });

  it('should run no job in the api role (jobs wait for a worker)', async () => {
    process.env.WATCHER_ROLE = 'api';
    probeState.reset();
    const app: TestApp = await createTestApp({ providers: [ProbeProcessor] });
    try {
      await request(app.http).get('/pipeline').expect(200);
      await app.jobQueue.enqueue(PROBE_JOB, { n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(probeState.runs).toEqual([]);
      const waiting: Array<{ n: number }> = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM job_outbox WHERE name = 'e2e-probe'`,
      );
      const counts = await app.jobQueue.counts();
      const system = counts.find((c) => c.queue === 'system');
      // BullMQ: relayed to Redis, waiting there; in-process: still in job_outbox.
      expect(waiting[0].n + (system?.waiting ?? 0)).toBe(1);
      expect(app.app.get(SchedulerService)).toBeDefined();
    } finally {
      await app.close();
    }
  });
});

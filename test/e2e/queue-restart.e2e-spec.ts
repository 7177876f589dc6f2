import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from 'test/support/create-test-app';

// The in-process runner (no REDIS_URL) keeps pending jobs in job_outbox, so a restart loses none.
// Runs on PGlite in a real data directory (embedded suite) and on PostgreSQL (postgres suite).
describe('In-process queue across a restart', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'watcher-restart-'));
  let createTestApp: () => Promise<TestApp>;

  beforeAll(async () => {
    process.env.REDIS_URL = '';
    if (isEmbedded) {
      process.env.WATCHER_DATA_DIR = dataDir;
    }
    ({ createTestApp } = await import('test/support/create-test-app'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should run jobs left pending by a stopped process exactly once after the restart', async () => {
    const first = await createTestApp();
    expect(first.jobQueue.backend).toBe('in-process');
    first.jobQueue.register('system', 'restart-probe', () =>
      Promise.reject(new Error('worker not ready yet')),
    );
    for (let n = 0; n < 10; n += 1) {
      await first.jobQueue.enqueue('system', 'restart-probe', { n }, { backoffMs: 60_000 });
    }
    await first.close();

    // The restarted app must not wipe the table that holds the parked jobs.
    const { AppModule } = await import('src/app.module');
    const { Test } = await import('@nestjs/testing');
    const { JobQueue } = await import('src/queue/job-queue');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const second = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    const jobQueue = second.get(JobQueue);
    const runs = new Map<number, number>();
    jobQueue.register<{ n: number }>('system', 'restart-probe', async ({ n }) => {
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await Promise.resolve();
    });
    await second.init();
    await jobQueue.waitUntilIdle();
    await second.close();

    expect([...runs.entries()].sort((a, b) => a[0] - b[0])).toEqual(
      [...Array(10).keys()].map((n) => [n, 1]),
    );
  });
});

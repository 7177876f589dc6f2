import { Injectable } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineJob } from 'src/queue/job-definition';
import { OnJob } from 'src/queue/on-job.decorator';
import type { TestApp } from 'test/support/create-test-app';

const RESTART_PROBE = defineJob<{ n: number }>({
  queue: 'system',
  name: 'restart-probe',
  dedup: 'none',
  attempts: 5,
  backoffMs: 60_000,
});

const state = { isFailing: true, runs: new Map<number, number>() };

@Injectable()
class RestartProbeProcessor {
  @OnJob(RESTART_PROBE)
  async handle({ n }: { n: number }): Promise<void> {
    await Promise.resolve();
    if (state.isFailing) {
      throw new Error('worker not ready yet');
    }
    state.runs.set(n, (state.runs.get(n) ?? 0) + 1);
  }
}

// The in-process runner (no REDIS_URL) keeps pending jobs in job_outbox, so a restart loses none.
// Runs on PGlite in a real data directory (embedded suite) and on PostgreSQL (postgres suite).
describe('In-process queue across a restart', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'watcher-restart-'));
  let createTestApp: typeof import('test/support/create-test-app').createTestApp;

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
    const first: TestApp = await createTestApp({ providers: [RestartProbeProcessor] });
    expect(first.jobQueue.backend).toBe('in-process');
    for (let n = 0; n < 10; n += 1) {
      await first.jobQueue.enqueue(RESTART_PROBE, { n });
    }
    // Let every job fail its first attempt (the retry is a minute away), then stop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.close();

    state.isFailing = false;
    const second = await createTestApp({ providers: [RestartProbeProcessor], keepData: true });
    await second.jobQueue.waitUntilIdle();
    const left: Array<{ n: number }> = await second.dataSource.query(
      'SELECT count(*)::int AS n FROM job_outbox',
    );
    await second.close();

    expect([...state.runs.entries()].sort((a, b) => a[0] - b[0])).toEqual(
      [...Array(10).keys()].map((n) => [n, 1]),
    );
    expect(left[0].n).toBe(0);
  });
});

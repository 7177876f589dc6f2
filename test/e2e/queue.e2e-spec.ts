import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

describe('Job queue (through the codebase interface)', () => {
  let testApp: TestApp;
  const runs: Array<{ n: number; attempt: number }> = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    testApp = await createTestApp();
    testApp.jobQueue.register<{ n: number }>('system', 'e2e-probe', async (payload, context) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('planned failure');
      }
      runs.push({ n: payload.n, attempt: context.attempt });
      await Promise.resolve();
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    runs.length = 0;
  });

  it('should run every enqueued job once', async () => {
    for (let n = 0; n < 20; n += 1) {
      await testApp.jobQueue.enqueue('system', 'e2e-probe', { n });
    }
    await waitForQueuesIdle(testApp);
    expect(runs.map((run) => run.n).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('should not add a job twice while one with the same job id is pending', async () => {
    await Promise.all(
      [1, 2, 3].map(() =>
        testApp.jobQueue.enqueue('system', 'e2e-probe', { n: 7 }, { jobId: 'probe-same-id' }),
      ),
    );
    await waitForQueuesIdle(testApp);
    expect(runs.filter((run) => run.n === 7).length).toBe(1);
  });

  it('should retry a failing job with backoff until it succeeds', async () => {
    failuresLeft = 2;
    await testApp.jobQueue.enqueue(
      'system',
      'e2e-probe',
      { n: 42 },
      { attempts: 3, backoffMs: 20 },
    );
    await waitForQueuesIdle(testApp);
    expect(runs).toEqual([{ n: 42, attempt: 3 }]);
  });

  it('should report counts for every queue', async () => {
    const counts = await testApp.jobQueue.counts();
    expect(counts.map((c) => c.queue).sort()).toEqual(['anomaly', 'monitoring', 'system']);
    for (const count of counts) {
      expect(count).toMatchObject({ waiting: 0, active: 0, delayed: 0, outbox: 0 });
    }
  });
});

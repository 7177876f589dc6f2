import { Logger } from '@nestjs/common';
import request from 'supertest';
import { NotificationService } from 'src/modules/notification/notification.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

const CHANNEL_VARS = ['WATCHER_SLACK_WEBHOOK_URL', 'WATCHER_ALERT_WEBHOOK_URL'];

// No channel configured: alerts are still recorded (and listed), and logged at warn, one line each.
describe('Alerts without a channel', () => {
  let testApp: TestApp;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    for (const name of CHANNEL_VARS) {
      process.env[name] = ''; // Empty, not deleted: a developer's .env cannot add a channel.
    }
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn');
  });

  afterEach(() => {
    warn.mockRestore();
  });

  const warnLinesAbout = (id: number): string[] =>
    warn.mock.calls
      .map(([message]) => String(message))
      .filter((message) => message.startsWith(`Alert ${id} `));

  /** The line is logged after the commit, on a later turn of the event loop: give it a few. */
  async function settledWarnLinesAbout(id: number): Promise<string[]> {
    const deadline = Date.now() + 2000;
    while (warnLinesAbout(id).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // A second line would show by now.
    return warnLinesAbout(id);
  }

  it('should record the alert, log one warn line and create no delivery or job', async () => {
    const notifications = testApp.app.get(NotificationService);
    const { id, created } = await notifications.raise({
      kind: 'freshness',
      severity: 'warning',
      dedupKey: 'freshness:1:2024-01-01T00:00:00Z',
      pipelineId: null,
      title: 'Stale target\nof daily sales',
      summary: 'No write for 26 hours (threshold 24 hours).',
      details: { hours_since_last_dml: 26, threshold_hours: 24 },
    });
    expect(created).toBe(true);
    // The same problem again: nothing new, and nothing more logged.
    expect(
      await notifications.raise({
        kind: 'freshness',
        severity: 'warning',
        dedupKey: 'freshness:1:2024-01-01T00:00:00Z',
        pipelineId: null,
        title: 'again',
        summary: '',
        details: {},
      }),
    ).toEqual({ id, created: false });
    await waitForQueuesIdle(testApp);

    expect(await settledWarnLinesAbout(id)).toEqual([
      `Alert ${id} warning freshness: Stale target of daily sales [no alert channel configured]`,
    ]);
    const detail = await request(testApp.http).get(`/alerts/${id}`).expect(200);
    expect(detail.body).toMatchObject({ id, kind: 'freshness', deliveries: [] });
    const rows: Array<{ deliveries: number; jobs: number }> = await testApp.dataSource.query(
      `SELECT (SELECT count(*)::int FROM alert_delivery) AS deliveries,
              (SELECT count(*)::int FROM job_outbox WHERE queue = 'notification') AS jobs`,
    );
    expect(rows).toEqual([{ deliveries: 0, jobs: 0 }]);
  });

  it('should accept POST /alerts/test and say that no channel will get it', async () => {
    const response = await request(testApp.http).post('/alerts/test').expect(202);
    expect(response.body).toEqual({ id: expect.any(Number), channels: [] });
    await waitForQueuesIdle(testApp);
    expect(await settledWarnLinesAbout(response.body.id)).toHaveLength(1);
    const list = await request(testApp.http).get('/alerts?kind=test').expect(200);
    expect(list.body.map((alert: { id: number }) => alert.id)).toEqual([response.body.id]);
  });
});

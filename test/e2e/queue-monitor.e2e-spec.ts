import request from 'supertest';
import { QUEUE_MONITOR } from 'src/modules/monitoring/jobs/queue-monitor.job';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import { WebhookReceiver } from 'test/support/webhook-receiver';

const QUEUES = ['anomaly', 'monitoring', 'notification', 'system'];

describe('Queue monitor', () => {
  const webhook = new WebhookReceiver();
  let testApp: TestApp;

  beforeAll(async () => {
    await webhook.start();
    process.env.WATCHER_ALERT_WEBHOOK_URL = webhook.url;
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
    delete process.env.WATCHER_ALERT_WEBHOOK_URL;
    await webhook.stop();
  });

  /**
   * Jobs that stay pending: job_outbox rows due tomorrow are neither relayed to Redis nor run by
   * the in-process runner (which picks up stored rows at start-up only) until then.
   */
  async function park(queue: string, count: number): Promise<void> {
    await testApp.dataSource.query(
      `INSERT INTO job_outbox (queue, name, dedup, payload, available_at)
       SELECT $1, 'parked-by-test', 'none', 'null', now() + interval '1 day'
       FROM generate_series(1, $2)`,
      [queue, count],
    );
  }

  async function unpark(): Promise<void> {
    await testApp.dataSource.query(`DELETE FROM job_outbox WHERE name = 'parked-by-test'`);
  }

  async function monitor(path = '/celery/monitor-queue'): Promise<Record<string, unknown>> {
    const response = await request(testApp.http).post(path).expect(200);
    return response.body;
  }

  /** Removes the parked rows, then lets every real job (alert deliveries) finish. */
  async function unparkAndDrain(): Promise<void> {
    await unpark();
    await waitForQueuesIdle(testApp);
  }

  async function queueAlertKeys(): Promise<string[]> {
    const rows: Array<{ dedup_key: string }> = await testApp.dataSource.query(
      `SELECT dedup_key FROM alert WHERE kind = 'queue' ORDER BY id`,
    );
    return rows.map((row) => row.dedup_key);
  }

  /** Polls (parked rows keep the queues from ever being idle) until the condition holds. */
  async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`Condition not met within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const queueAlerts = () => webhook.ofKind('queue');

  it('should report every queue and raise no alert below the warning threshold', async () => {
    await park('anomaly', 49);
    const body = await monitor();
    await unparkAndDrain();
    expect(body).toMatchObject({ status: 'success', total_pending: 49, alert_level: null });
    expect(Object.keys(body.queues as object).sort()).toEqual(QUEUES);
    expect((body.queues as Record<string, unknown>).anomaly).toMatchObject({
      outbox: 49,
      pending: 49,
    });
    expect(await queueAlertKeys()).toEqual([]);
    expect(queueAlerts()).toEqual([]);
  });

  it('should raise a warning at 50 pending jobs, from the schedule or the API, once per hour', async () => {
    await park('anomaly', 49);
    await park('monitoring', 1);
    const slot = new Date('2026-01-01T00:05:00Z');
    expect(await testApp.app.get(SchedulerService).fireSlot(QUEUE_MONITOR, slot)).toBe(true);
    await waitUntil(async () => (await queueAlertKeys()).length > 0);

    // The alert's delivery job may still be pending too.
    const body = await monitor('/queue/monitor');
    await unparkAndDrain();
    expect(body).toMatchObject({ status: 'success', alert_level: 'warning' });
    expect(body.total_pending).toBeGreaterThanOrEqual(50);
    expect(await queueAlertKeys()).toEqual([
      expect.stringMatching(/^queue:warning:\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/),
    ]);
    expect(queueAlerts()).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(queueAlerts()[0].details).toMatchObject({
      pending_by_queue: { anomaly: 49, notification: 0, system: 0 },
    });
  });

  it('should raise a critical alert at 100 pending jobs', async () => {
    await park('system', 100);
    const body = await monitor();
    await unparkAndDrain();
    expect(body).toMatchObject({ total_pending: 100, alert_level: 'critical' });
    expect(queueAlerts().map((alert) => alert.severity)).toEqual(['warning', 'critical']);
  });

  it('should document every monitoring endpoint in Swagger, with examples', async () => {
    const { body } = await request(testApp.http).get('/docs-json').expect(200);
    const operations: Array<[string, string]> = [
      ['/freshness', 'post'],
      ['/freshness', 'get'],
      ['/timeliness', 'post'],
      ['/timeliness', 'get'],
      ['/log_cleanup', 'post'],
      ['/celery/monitor-queue', 'post'],
      ['/queue/monitor', 'post'],
    ];
    for (const [path, method] of operations) {
      const ok = body.paths[path]?.[method]?.responses?.['200'];
      expect([path, method, ok?.content?.['application/json']?.schema !== undefined]).toEqual([
        path,
        method,
        true,
      ]);
      const media = ok.content['application/json'];
      expect([path, method, media.example !== undefined || media.examples !== undefined]).toEqual([
        path,
        method,
        true,
      ]);
    }
    expect(body.paths['/log_cleanup'].post.responses['422']).toBeDefined();
  });
});

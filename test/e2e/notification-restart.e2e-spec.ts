import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { NotificationService } from 'src/modules/notification/notification.service';
import { AlertReceiver } from 'test/support/alert-receiver';
import type { TestApp } from 'test/support/create-test-app';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A stop between the commit of raise() and the delivery: the delivery happens after the restart,
// exactly once. The first process runs in the api role (no job workers), so it is certain to
// stop before any delivery, as a crash right after the commit would: its jobs are left in
// job_outbox (in-process runner, embedded suite) or in Redis (BullMQ, postgres suite), and its
// deliveries pending. The embedded suite restarts on a real PGlite data directory.
describe('Alert delivery across a restart', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'watcher-alert-restart-'));
  let createTestApp: typeof import('test/support/create-test-app').createTestApp;
  let waitForQueuesIdle: typeof import('test/support/create-test-app').waitForQueuesIdle;
  let receiver: AlertReceiver;

  beforeAll(async () => {
    receiver = await AlertReceiver.start();
    process.env.WATCHER_SLACK_WEBHOOK_URL = receiver.url('/slack');
    process.env.WATCHER_ALERT_WEBHOOK_URL = receiver.url('/webhook');
    process.env.WATCHER_ALERT_RETRY_BASE_MS = '20';
    if (isEmbedded) {
      process.env.WATCHER_DATA_DIR = dataDir;
    }
    ({ createTestApp, waitForQueuesIdle } = await import('test/support/create-test-app'));
  });

  afterAll(async () => {
    process.env.WATCHER_ROLE = 'all';
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should deliver alerts raised just before a stop exactly once after the restart', async () => {
    process.env.WATCHER_ROLE = 'api';
    const first: TestApp = await createTestApp();
    const viaApi = await request(first.http).post('/alerts/test').expect(202);
    const viaService = await first.app.get(NotificationService).raise({
      kind: 'queue',
      severity: 'critical',
      dedupKey: 'queue:notification:restart',
      pipelineId: null,
      title: '120 jobs pending',
      summary: 'The notification queue has 120 pending jobs (critical at 100).',
      details: { pending: 120, threshold: 100 },
    });
    const ids = [viaApi.body.id as number, viaService.id];
    await sleep(300);
    const pending: Array<{ status: string; n: number }> = await first.dataSource.query(
      `SELECT status, count(*)::int AS n FROM alert_delivery GROUP BY status`,
    );
    expect(pending).toEqual([{ status: 'pending', n: 4 }]);
    // Stop without test clean-up: BullMQ's jobs stay in Redis, as they would after a crash.
    await first.app.close();
    expect(receiver.requests).toEqual([]);

    process.env.WATCHER_ROLE = 'all';
    const second = await createTestApp({ keepData: true });
    try {
      await waitForQueuesIdle(second);
      await sleep(300); // A duplicate delivery would arrive by now.
      const rows: Array<{ alert_id: number; channel: string; status: string; attempts: number }> =
        await second.dataSource.query(
          `SELECT alert_id, channel, status, attempts FROM alert_delivery ORDER BY alert_id, channel`,
        );
      expect(rows).toEqual(
        ids.flatMap((id) =>
          ['slack', 'webhook'].map((channel) => ({
            alert_id: id,
            channel,
            status: 'sent',
            attempts: 1,
          })),
        ),
      );
      const webhookIds = receiver
        .requestsTo('/webhook')
        .map((call) => (JSON.parse(call.body) as { id: number }).id)
        .sort((a, b) => a - b);
      expect(webhookIds).toEqual([...ids].sort((a, b) => a - b));
      expect(receiver.requestsTo('/slack')).toHaveLength(2);
      const left: Array<{ n: number }> = await second.dataSource.query(
        `SELECT count(*)::int AS n FROM job_outbox WHERE queue = 'notification'`,
      );
      expect(left[0].n).toBe(0);
    } finally {
      await second.close();
    }
  });
});

import { TransactionHost } from '@nestjs-cls/transactional';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import {
  NotificationService,
  type RaiseAlert,
} from 'src/modules/notification/notification.service';
import { AlertReceiver, type ReceivedRequest } from 'test/support/alert-receiver';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

const SECRET = 'e2e-webhook-secret';

interface DeliveryRow {
  channel: string;
  status: string;
  attempts: number;
  response_status: number | null;
}

// A receiver on 127.0.0.1 plays Slack (/slack) and the webhook (/webhook). Both modes: BullMQ
// (postgres suite) and the in-process runner (embedded suite) deliver the same way.
describe('Alerts and their delivery', () => {
  let receiver: AlertReceiver;
  let testApp: TestApp;
  let notifications: NotificationService;
  let pipelineId: number;
  let keyCounter = 0;

  beforeAll(async () => {
    receiver = await AlertReceiver.start();
    process.env.WATCHER_SLACK_WEBHOOK_URL = receiver.url('/slack');
    process.env.WATCHER_ALERT_WEBHOOK_URL = receiver.url('/webhook');
    process.env.WATCHER_ALERT_WEBHOOK_SECRET = SECRET;
    process.env.WATCHER_PUBLIC_URL = 'https://watcher.example.com/';
    process.env.WATCHER_ALERT_RETRY_BASE_MS = '20';
    testApp = await createTestApp();
    notifications = testApp.app.get(NotificationService);
    const created = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'alerted pipeline', pipeline_type_name: 'extraction' })
      .expect(201);
    pipelineId = created.body.id;
  });

  afterAll(async () => {
    await testApp.close();
    await receiver.close();
    for (const name of [
      'WATCHER_SLACK_WEBHOOK_URL',
      'WATCHER_ALERT_WEBHOOK_URL',
      'WATCHER_ALERT_WEBHOOK_SECRET',
      'WATCHER_PUBLIC_URL',
      'WATCHER_ALERT_RETRY_BASE_MS',
    ]) {
      delete process.env[name];
    }
  });

  beforeEach(() => {
    receiver.reset();
  });

  function problem(extra: Partial<RaiseAlert> = {}): RaiseAlert {
    keyCounter += 1;
    return {
      kind: 'anomaly',
      severity: 'critical',
      dedupKey: `anomaly:${keyCounter}`,
      pipelineId,
      title: `Anomaly ${keyCounter} in total_rows`,
      summary: 'total_rows was 12 (expected 9400 to 10600).',
      details: { metric: 'total_rows', value: 12, lower_bound: 9400, upper_bound: 10600 },
      ...extra,
    };
  }

  async function deliveries(alertId: number): Promise<DeliveryRow[]> {
    return testApp.dataSource.query(
      `SELECT channel, status, attempts, response_status FROM alert_delivery
       WHERE alert_id = $1 ORDER BY channel`,
      [alertId],
    );
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const rows: Array<{ n: number }> = await testApp.dataSource.query(sql, params);
    return rows[0].n;
  }

  const webhookCalls = (alertId: number): ReceivedRequest[] =>
    receiver
      .requestsTo('/webhook')
      .filter((call) => (JSON.parse(call.body) as { id: number }).id === alertId);

  const slackCalls = (alertId: number): ReceivedRequest[] =>
    receiver
      .requestsTo('/slack')
      .filter((call) => new RegExp(`alert #${alertId}(?!\\d)`).test(call.body));

  const verifies = (call: ReceivedRequest, body = call.body): boolean => {
    const timestamp = call.headers['x-watcher-timestamp'] as string;
    const expected =
      'sha256=' + createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
    return call.headers['x-watcher-signature'] === expected;
  };

  describe('POST /alerts/test', () => {
    it('should answer 202 with the alert id, then deliver it to both channels', async () => {
      const response = await request(testApp.http).post('/alerts/test').expect(202);
      expect(response.body).toEqual({ id: expect.any(Number), channels: ['slack', 'webhook'] });
      await waitForQueuesIdle(testApp);

      const { id } = response.body as { id: number };
      expect(slackCalls(id)).toHaveLength(1);
      expect(webhookCalls(id)).toHaveLength(1);
      const detail = await request(testApp.http).get(`/alerts/${id}`).expect(200);
      expect(detail.body).toMatchObject({
        id,
        kind: 'test',
        severity: 'info',
        pipeline_id: null,
        title: 'Test alert from Watcher',
        deliveries: [
          { channel: 'slack', status: 'sent', attempts: 1, response_status: 200, last_error: null },
          { channel: 'webhook', status: 'sent', attempts: 1, response_status: 200 },
        ],
      });
      expect(detail.body.dedup_key).toMatch(/^test:[0-9a-f-]{36}$/);
      expect(detail.body.deliveries[0].sent_at).toEqual(expect.any(String));
    });

    it('should raise a new alert on every call (a unique dedup key each time)', async () => {
      const first = await request(testApp.http).post('/alerts/test').send({}).expect(202);
      const second = await request(testApp.http).post('/alerts/test').expect(202);
      expect(second.body.id).not.toBe(first.body.id);
      await waitForQueuesIdle(testApp);
    });

    it('should mention a pipeline and take a severity when asked', async () => {
      const response = await request(testApp.http)
        .post('/alerts/test')
        .send({ severity: 'CRITICAL', pipeline_id: pipelineId })
        .expect(202);
      await waitForQueuesIdle(testApp);
      const [slack] = slackCalls(response.body.id);
      expect(slack.body).toContain(':rotating_light: CRITICAL: Test alert from Watcher');
      expect(slack.body).toContain('alerted pipeline (#');
      expect(slack.body).toContain(
        `<https://watcher.example.com/pipeline/${pipelineId}|View pipeline>`,
      );
    });

    it('should answer 404 for an unknown pipeline and 422 for a bad severity, recording nothing', async () => {
      const before = await count('SELECT count(*)::int AS n FROM alert');
      const missing = await request(testApp.http)
        .post('/alerts/test')
        .send({ pipeline_id: 999999 })
        .expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, code: 'PIPELINE_NOT_FOUND' });
      const invalid = await request(testApp.http)
        .post('/alerts/test')
        .send({ severity: 'apocalyptic' })
        .expect(422);
      expect(invalid.body.code).toBe('VALIDATION_FAILED');
      expect(invalid.body.details).toEqual([
        { field: 'severity', messages: ['severity must be one of info, warning, critical'] },
      ]);
      for (const body of ['[1]', '"text"', '{"pipeline_id":"1"}', '{"pipeline_id":1.5}', '{']) {
        const response = await request(testApp.http)
          .post('/alerts/test')
          .set('Content-Type', 'application/json')
          .send(body);
        expect([400, 422]).toContain(response.status);
      }
      expect(await count('SELECT count(*)::int AS n FROM alert')).toBe(before);
    });
  });

  describe('NotificationService.raise', () => {
    it('should record a problem raised twice once, and send it once per channel', async () => {
      const alert = problem();
      const first = await notifications.raise(alert);
      const second = await notifications.raise({ ...alert, title: 'raised again' });
      expect(first).toEqual({ id: expect.any(Number), created: true });
      expect(second).toEqual({ id: first.id, created: false });
      await waitForQueuesIdle(testApp);

      expect(
        await count('SELECT count(*)::int AS n FROM alert WHERE dedup_key = $1', [alert.dedupKey]),
      ).toBe(1);
      expect(await deliveries(first.id)).toEqual([
        { channel: 'slack', status: 'sent', attempts: 1, response_status: 200 },
        { channel: 'webhook', status: 'sent', attempts: 1, response_status: 200 },
      ]);
      expect(slackCalls(first.id)).toHaveLength(1);
      expect(webhookCalls(first.id)).toHaveLength(1);
    });

    it('should record and send one alert when 20 raise the same problem at once', async () => {
      const alert = problem();
      const results = await Promise.all(
        [...Array(20).keys()].map(() => notifications.raise(alert)),
      );
      await waitForQueuesIdle(testApp);

      const ids = new Set(results.map((result) => result.id));
      expect(ids.size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const [id] = [...ids];
      expect(
        await count('SELECT count(*)::int AS n FROM alert WHERE dedup_key = $1', [alert.dedupKey]),
      ).toBe(1);
      expect((await deliveries(id)).map((row) => [row.channel, row.status])).toEqual([
        ['slack', 'sent'],
        ['webhook', 'sent'],
      ]);
      expect(slackCalls(id)).toHaveLength(1);
      expect(webhookCalls(id)).toHaveLength(1);
    });

    it("should record and send nothing when the caller's transaction rolls back", async () => {
      const txHost = testApp.app.get(TransactionHost);
      const alert = problem();
      await expect(
        txHost.withTransaction(async () => {
          await notifications.raise(alert);
          throw new Error('the check failed after raising');
        }),
      ).rejects.toThrow('the check failed after raising');
      await waitForQueuesIdle(testApp);
      expect(
        await count('SELECT count(*)::int AS n FROM alert WHERE dedup_key = $1', [alert.dedupKey]),
      ).toBe(0);
      expect(
        await count(`SELECT count(*)::int AS n FROM job_outbox WHERE queue = 'notification'`),
      ).toBe(0);
      expect(receiver.requests).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('should send a signed webhook body that verifies with the secret, and not once tampered', async () => {
      const { id } = await notifications.raise(problem());
      await waitForQueuesIdle(testApp);
      const [call] = webhookCalls(id);
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-watcher-timestamp']).toMatch(/^\d{10}$/);
      expect(
        Math.abs(Number(call.headers['x-watcher-timestamp']) - Date.now() / 1000),
      ).toBeLessThan(60);
      expect(verifies(call)).toBe(true);
      expect(verifies(call, call.body.replace('"value":12', '"value":13'))).toBe(false);
      expect(JSON.parse(call.body)).toEqual({
        id,
        kind: 'anomaly',
        severity: 'critical',
        title: expect.stringMatching(/^Anomaly \d+ in total_rows$/),
        summary: 'total_rows was 12 (expected 9400 to 10600).',
        pipeline: { id: pipelineId, name: 'alerted pipeline' },
        details: { metric: 'total_rows', value: 12, lower_bound: 9400, upper_bound: 10600 },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
    });

    it('should send Block Kit to Slack with every piece of user data escaped', async () => {
      const { id } = await notifications.raise(
        problem({
          summary: 'rows <!channel> & <https://evil.example|click>',
          details: { 'a<b': '>' },
        }),
      );
      await waitForQueuesIdle(testApp);
      const [call] = slackCalls(id);
      const message = JSON.parse(call.body) as {
        blocks: Array<{ type: string; [k: string]: unknown }>;
      };
      expect(message.blocks.map((block) => block.type)).toEqual([
        'header',
        'section',
        'section',
        'context',
      ]);
      expect(call.body).toContain('rows &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
      expect(call.body).toContain('*A&lt;b*\\n&gt;');
      expect(call.body).not.toContain('<!channel>');
    });

    it('should retry a 500 three times and then be sent, with attempts 4', async () => {
      receiver.plan('/webhook', 500, 500, 500);
      const { id } = await notifications.raise(problem());
      await waitForQueuesIdle(testApp);
      expect(await deliveries(id)).toEqual([
        { channel: 'slack', status: 'sent', attempts: 1, response_status: 200 },
        { channel: 'webhook', status: 'sent', attempts: 4, response_status: 200 },
      ]);
      expect(webhookCalls(id)).toHaveLength(4);
      expect(slackCalls(id)).toHaveLength(1);
    });

    it('should retry a 429 and a 408 like a 5xx', async () => {
      receiver.plan('/slack', 429, 408);
      const { id } = await notifications.raise(problem());
      await waitForQueuesIdle(testApp);
      expect((await deliveries(id))[0]).toEqual({
        channel: 'slack',
        status: 'sent',
        attempts: 3,
        response_status: 200,
      });
    });

    it('should stop after one attempt on a 400, failed and not retried', async () => {
      receiver.plan('/webhook', 400, 400, 400, 400, 400, 400);
      const { id } = await notifications.raise(problem());
      await waitForQueuesIdle(testApp);
      expect(await deliveries(id)).toEqual([
        { channel: 'slack', status: 'sent', attempts: 1, response_status: 200 },
        { channel: 'webhook', status: 'failed', attempts: 1, response_status: 400 },
      ]);
      expect(webhookCalls(id)).toHaveLength(1);
      const detail = await request(testApp.http).get(`/alerts/${id}`).expect(200);
      expect(detail.body.deliveries[1].last_error).toBe('HTTP 400: no');
      // Given up on by the service, not by the queue: no dead job.
      expect(await count(`SELECT count(*)::int AS n FROM job_outbox WHERE state = 'dead'`)).toBe(0);
    });

    it('should mark both deliveries failed after 6 attempts while the receiver is down, and the raise still succeeds', async () => {
      await receiver.down();
      try {
        const raised = await notifications.raise(problem());
        expect(raised.created).toBe(true);
        const viaApi = await request(testApp.http).post('/alerts/test').expect(202);
        await waitForQueuesIdle(testApp);

        for (const id of [raised.id, viaApi.body.id as number]) {
          expect(await deliveries(id)).toEqual([
            { channel: 'slack', status: 'failed', attempts: 6, response_status: null },
            { channel: 'webhook', status: 'failed', attempts: 6, response_status: null },
          ]);
        }
        const detail = await request(testApp.http).get(`/alerts/${raised.id}`).expect(200);
        expect(detail.body.deliveries[0].last_error).toMatch(/ECONNREFUSED/);
        expect(JSON.stringify(detail.body)).not.toContain(receiver.url('/slack'));
        // The jobs whose attempts ran out stay visible.
        const dead: Array<{ job_id: string }> = await testApp.dataSource.query(
          `SELECT job_id FROM job_outbox WHERE state = 'dead' AND name = 'deliver-alert' ORDER BY job_id`,
        );
        expect(dead.map((row) => row.job_id)).toEqual(
          expect.arrayContaining([
            `deliver-alert-${raised.id}-slack`,
            `deliver-alert-${raised.id}-webhook`,
          ]),
        );
      } finally {
        await receiver.up();
        await testApp.dataSource.query(`DELETE FROM job_outbox WHERE state = 'dead'`);
      }
    });
  });

  describe('GET /alerts', () => {
    let ids: number[];

    beforeAll(async () => {
      await testApp.dataSource.query('TRUNCATE alert RESTART IDENTITY CASCADE');
      ids = [];
      const kinds: Array<Pick<RaiseAlert, 'kind' | 'severity'>> = [
        { kind: 'freshness', severity: 'warning' },
        { kind: 'timeliness', severity: 'critical' },
        { kind: 'freshness', severity: 'critical' },
        { kind: 'queue', severity: 'warning' },
      ];
      for (const [index, kind] of kinds.entries()) {
        const { id } = await notifications.raise(
          problem({ ...kind, pipelineId: index === 3 ? null : pipelineId }),
        );
        ids.push(id);
      }
      await waitForQueuesIdle(testApp);
    });

    const listIds = async (query: string): Promise<number[]> => {
      const response = await request(testApp.http).get(`/alerts${query}`).expect(200);
      return (response.body as Array<{ id: number }>).map((alert) => alert.id);
    };

    it('should list alerts newest first, with their fields', async () => {
      const response = await request(testApp.http).get('/alerts').expect(200);
      expect(response.body.map((alert: { id: number }) => alert.id)).toEqual([...ids].reverse());
      expect(response.body[0]).toEqual({
        id: ids[3],
        kind: 'queue',
        severity: 'warning',
        dedup_key: expect.stringMatching(/^anomaly:\d+$/),
        pipeline_id: null,
        title: expect.any(String),
        summary: 'total_rows was 12 (expected 9400 to 10600).',
        details: { metric: 'total_rows', value: 12, lower_bound: 9400, upper_bound: 10600 },
        created_at: expect.stringMatching(/Z$/),
        delivery_status: 'delivered',
      });
    });

    it('should filter by kind, severity, pipeline and time, and page with limit and before_id', async () => {
      expect(await listIds('?kind=freshness')).toEqual([ids[2], ids[0]]);
      expect(await listIds('?severity=CRITICAL')).toEqual([ids[2], ids[1]]);
      expect(await listIds(`?pipeline_id=${pipelineId}&kind=freshness&severity=warning`)).toEqual([
        ids[0],
      ]);
      expect(await listIds('?since=2000-01-01T00:00:00')).toHaveLength(4);
      expect(await listIds('?since=2999-01-01')).toEqual([]);
      expect(await listIds('?limit=2')).toEqual([ids[3], ids[2]]);
      expect(await listIds(`?limit=2&before_id=${ids[2]}`)).toEqual([ids[1], ids[0]]);
    });

    it('should answer 422 for a bad filter', async () => {
      for (const query of [
        '?kind=volcano',
        '?severity=fatal',
        '?limit=1001',
        '?limit=0',
        '?since=yesterday',
        '?before_id=-1',
        '?pipeline_id=abc',
      ]) {
        const response = await request(testApp.http).get(`/alerts${query}`).expect(422);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('should answer 404 for an unknown alert and 422 for a malformed id', async () => {
      const missing = await request(testApp.http).get('/alerts/999999').expect(404);
      expect(missing.body).toMatchObject({
        statusCode: 404,
        code: 'ALERT_NOT_FOUND',
        message: 'Alert with id 999999 not found',
      });
      const malformed = await request(testApp.http).get('/alerts/abc').expect(422);
      expect(malformed.body.details[0].field).toBe('alert_id');
    });
  });
});

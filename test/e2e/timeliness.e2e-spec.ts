import request from 'supertest';
import { TIMELINESS_CHECK } from 'src/modules/monitoring/jobs/timeliness-check.job';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  countRows,
  createPipeline,
  createPipelineType,
  minutesAgo,
  patchPipeline,
  patchPipelineType,
  runExecution,
} from 'test/support/factories/monitoring';
import { WebhookReceiver } from 'test/support/webhook-receiver';

interface TimelinessLog {
  pipeline_execution_id: number;
  pipeline_id: number;
  execution_status: string;
  start_date: string;
  end_date: string | null;
  deadline: string;
  duration_seconds: number;
  seconds_threshold: number;
  threshold_source: string;
}

describe('Timeliness check', () => {
  const webhook = new WebhookReceiver();
  let testApp: TestApp;
  let counter = 0;

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

  beforeEach(() => {
    webhook.reset();
  });

  /** The execution ids listed by each timeliness alert delivered since the test began. */
  const alertedExecutionIds = (): number[][] =>
    webhook
      .ofKind('timeliness')
      .map((alert) =>
        (alert.details.executions as Array<{ pipeline_execution_id: number }>).map(
          (execution) => execution.pipeline_execution_id,
        ),
      );

  async function pipeline(
    settings: Record<string, unknown> = { timeliness_number: 10, timeliness_datepart: 'minute' },
    typeSettings: Record<string, unknown> = {},
  ): Promise<{ pipelineId: number; typeName: string }> {
    counter += 1;
    const typeName = `timeliness type ${counter}`;
    await createPipelineType(testApp, { name: typeName, ...typeSettings });
    const pipelineId = await createPipeline(testApp, {
      name: `timeliness pipeline ${counter}`,
      pipeline_type_name: typeName,
      ...settings,
    });
    return { pipelineId, typeName };
  }

  async function check(body?: Record<string, unknown>): Promise<void> {
    const response = await request(testApp.http)
      .post('/timeliness')
      .send(body ?? {})
      .expect(200);
    expect(response.body).toEqual({ status: 'queued' });
    await waitForQueuesIdle(testApp);
  }

  async function logsOf(pipelineId: number): Promise<TimelinessLog[]> {
    const response = await request(testApp.http)
      .get('/timeliness')
      .query({ pipeline_id: pipelineId })
      .expect(200);
    return response.body;
  }

  it('should log a running execution past its threshold once, as running', async () => {
    const { pipelineId } = await pipeline();
    const start = minutesAgo(120); // Before the 60-minute window: still running counts.
    const id = await runExecution(testApp, { pipelineId, start });
    const onTime = await runExecution(testApp, { pipelineId, start: minutesAgo(5) });
    await check({ lookback_minutes: 60 });
    const logs = await logsOf(pipelineId);
    expect(logs).toEqual([
      expect.objectContaining({
        pipeline_execution_id: id,
        execution_status: 'running',
        start_date: start,
        end_date: null,
        deadline: new Date(Date.parse(start) + 600_000).toISOString(),
        seconds_threshold: 600,
        threshold_source: 'pipeline',
      }),
    ]);
    expect(logs[0].duration_seconds).toBeGreaterThanOrEqual(7200);
    expect(logs.map((log) => log.pipeline_execution_id)).not.toContain(onTime);
    expect(alertedExecutionIds()).toEqual([[id]]);
    const keys: Array<{ dedup_key: string }> = await testApp.dataSource.query(
      `SELECT dedup_key FROM alert WHERE kind = 'timeliness'`,
    );
    expect(keys).toEqual([{ dedup_key: `timeliness:${id}` }]);

    // Ending it late afterwards logs nothing more: one row per execution, ever.
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({ id, end_date: new Date().toISOString(), completed_successfully: true })
      .expect(204);
    await check();
    expect(await logsOf(pipelineId)).toHaveLength(1);
    expect(alertedExecutionIds()).toEqual([[id]]);
  });

  it('should log a completed late run as completed, never a failed one or an on-time one', async () => {
    const { pipelineId } = await pipeline();
    const lateEnd = minutesAgo(10);
    const late = await runExecution(testApp, { pipelineId, start: minutesAgo(40), end: lateEnd });
    await runExecution(testApp, {
      pipelineId,
      start: minutesAgo(40),
      end: minutesAgo(5),
      isSuccess: false,
    });
    await runExecution(testApp, { pipelineId, start: minutesAgo(30), end: minutesAgo(25) });
    // Late, but started before the window and finished: outside this check.
    await runExecution(testApp, { pipelineId, start: minutesAgo(200), end: minutesAgo(50) });
    await check();
    expect(await logsOf(pipelineId)).toEqual([
      expect.objectContaining({
        pipeline_execution_id: late,
        execution_status: 'completed',
        end_date: lateEnd,
        duration_seconds: 1800,
        seconds_threshold: 600,
      }),
    ]);
    await check();
    expect(await logsOf(pipelineId)).toHaveLength(1);
    expect(alertedExecutionIds()).toEqual([[late]]);
  });

  it('should raise one alert per check listing every newly late execution', async () => {
    const first = await pipeline();
    const second = await pipeline();
    const ids = [
      await runExecution(testApp, { pipelineId: first.pipelineId, start: minutesAgo(30) }),
      await runExecution(testApp, { pipelineId: second.pipelineId, start: minutesAgo(20) }),
      await runExecution(testApp, {
        pipelineId: second.pipelineId,
        start: minutesAgo(50),
        end: minutesAgo(2),
      }),
    ];
    await check();
    expect(alertedExecutionIds()).toEqual([ids]);
    const [alert] = webhook.ofKind('timeliness');
    expect(alert).toMatchObject({ severity: 'warning', pipeline: null });
    expect(alert.details).toMatchObject({ count: 3, running: 2, completed: 1 });
    await check();
    expect(alertedExecutionIds()).toEqual([ids]);
  });

  it("should fall back to the type's threshold and skip muted and inactive pipelines", async () => {
    const typeThreshold = { timeliness_number: 1, timeliness_datepart: 'hour' };
    const inherited = await pipeline({}, typeThreshold);
    const own = await pipeline({ timeliness_number: 1, timeliness_datepart: 'day' }, typeThreshold);
    const mutedType = await pipeline({}, typeThreshold);
    await patchPipelineType(testApp, { name: mutedType.typeName, mute_timeliness_check: true });
    const mutedPipeline = await pipeline();
    await patchPipeline(testApp, { id: mutedPipeline.pipelineId, mute_timeliness_check: true });
    const inactive = await pipeline();
    await patchPipeline(testApp, { id: inactive.pipelineId, active: false });
    const none = await pipeline({});
    for (const { pipelineId } of [inherited, own, mutedType, mutedPipeline, inactive, none]) {
      await runExecution(testApp, { pipelineId, start: minutesAgo(90) });
    }
    await check();
    expect(await logsOf(inherited.pipelineId)).toEqual([
      expect.objectContaining({ threshold_source: 'pipeline_type', seconds_threshold: 3600 }),
    ]);
    for (const { pipelineId } of [own, mutedType, mutedPipeline, inactive, none]) {
      expect([pipelineId, await logsOf(pipelineId)]).toEqual([pipelineId, []]);
    }
  });

  it('should run on the schedule with the configured lookback', async () => {
    const { pipelineId } = await pipeline();
    const id = await runExecution(testApp, { pipelineId, start: minutesAgo(30) });
    const slot = new Date('2026-02-01T10:15:00Z');
    expect(await testApp.app.get(SchedulerService).fireSlot(TIMELINESS_CHECK, slot)).toBe(true);
    await waitForQueuesIdle(testApp);
    expect((await logsOf(pipelineId)).map((log) => log.pipeline_execution_id)).toEqual([id]);
  });

  it('should reject a bad lookback_minutes and enqueue nothing', async () => {
    const before = await countRows(testApp, 'SELECT count(*)::int AS n FROM job_outbox');
    for (const lookback of [4, 0, -5, 10.5, '60', 600_000]) {
      const response = await request(testApp.http)
        .post('/timeliness')
        .send({ lookback_minutes: lookback })
        .expect(422);
      expect(response.body.details).toEqual([
        { field: 'lookback_minutes', messages: expect.arrayContaining([expect.any(String)]) },
      ]);
    }
    expect(await countRows(testApp, 'SELECT count(*)::int AS n FROM job_outbox')).toBe(before);
  });

  it('should accept POST /timeliness without a body (lookback 60)', async () => {
    await request(testApp.http).post('/timeliness').expect(200, { status: 'queued' });
    await waitForQueuesIdle(testApp);
  });

  it('should list newest first and reject bad filters', async () => {
    const all = await request(testApp.http).get('/timeliness').expect(200);
    expect(all.body.length).toBeGreaterThanOrEqual(4);
    const created = all.body.map((row: { created_at: string }) => Date.parse(row.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    await request(testApp.http).get('/timeliness?since=2024-13-01').expect(422);
    await request(testApp.http).get('/timeliness?limit=10001').expect(422);
  });
});

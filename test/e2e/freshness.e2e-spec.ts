import request from 'supertest';
import { FRESHNESS_CHECK } from 'src/modules/monitoring/jobs/freshness-check.job';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  calendarMonthsAgo,
  countRows,
  createPipeline,
  createPipelineType,
  minutesAgo,
  patchPipeline,
  patchPipelineType,
  runExecution,
} from 'test/support/factories/monitoring';
import { WebhookReceiver } from 'test/support/webhook-receiver';

interface FreshnessLog {
  id: number;
  pipeline_id: number;
  pipeline_name: string;
  last_dml_timestamp: string;
  stale_since: string;
  freshness_number: number;
  freshness_datepart: string;
  threshold_source: string;
}

describe('Freshness check', () => {
  const isEmbedded = !process.env.DATABASE_URL;
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

  /** Freshness alerts delivered to the webhook for the pipeline. */
  const alertsOf = (pipelineId: number) =>
    webhook.ofKind('freshness').filter((alert) => alert.pipeline?.id === pipelineId);

  async function alertKeysOf(pipelineId: number): Promise<string[]> {
    const rows: Array<{ dedup_key: string }> = await testApp.dataSource.query(
      `SELECT dedup_key FROM alert WHERE kind = 'freshness' AND pipeline_id = $1 ORDER BY id`,
      [pipelineId],
    );
    return rows.map((row) => row.dedup_key);
  }

  /** A pipeline of its own type, with one successful insert that ended at `lastDml`. */
  async function pipelineWithDml(input: {
    type?: Record<string, unknown>;
    pipeline?: Record<string, unknown>;
    lastDml?: string;
  }): Promise<{ pipelineId: number; typeName: string }> {
    counter += 1;
    const typeName = `freshness type ${counter}`;
    await createPipelineType(testApp, { name: typeName, ...input.type });
    const pipelineId = await createPipeline(testApp, {
      name: `freshness pipeline ${counter}`,
      pipeline_type_name: typeName,
      ...input.pipeline,
    });
    if (input.lastDml !== undefined) {
      const end = new Date(input.lastDml);
      await runExecution(testApp, {
        pipelineId,
        start: new Date(end.getTime() - 60_000).toISOString(),
        end: end.toISOString(),
        inserts: 5,
      });
    }
    return { pipelineId, typeName };
  }

  async function check(): Promise<void> {
    const response = await request(testApp.http).post('/freshness').expect(200);
    expect(response.body).toEqual({ status: 'queued' });
    await waitForQueuesIdle(testApp);
  }

  async function logsOf(pipelineId: number): Promise<FreshnessLog[]> {
    const response = await request(testApp.http)
      .get('/freshness')
      .query({ pipeline_id: pipelineId })
      .expect(200);
    return response.body;
  }

  it('should log a pipeline stale by its own threshold over its type’s, once', async () => {
    const lastDml = minutesAgo(65);
    const { pipelineId } = await pipelineWithDml({
      type: { freshness_number: 12, freshness_datepart: 'hour' },
      pipeline: { freshness_number: 1, freshness_datepart: 'hour' },
      lastDml,
    });
    await check();
    const logs = await logsOf(pipelineId);
    expect(logs).toEqual([
      expect.objectContaining({
        pipeline_id: pipelineId,
        last_dml_timestamp: lastDml,
        stale_since: new Date(Date.parse(lastDml) + 3_600_000).toISOString(),
        freshness_number: 1,
        freshness_datepart: 'hour',
        threshold_source: 'pipeline',
      }),
    ]);

    expect(await alertKeysOf(pipelineId)).toEqual([`freshness:${pipelineId}:${lastDml}`]);
    expect(alertsOf(pipelineId)).toEqual([
      expect.objectContaining({ severity: 'warning', title: expect.stringContaining('stale') }),
    ]);
    expect(alertsOf(pipelineId)[0].details).toMatchObject({
      last_dml_timestamp: lastDml,
      threshold_source: 'pipeline',
    });

    await check();
    expect(await logsOf(pipelineId)).toHaveLength(1);
    expect(alertsOf(pipelineId)).toHaveLength(1);
  });

  it("should use the type's threshold when the pipeline has none, and skip a fresh one", async () => {
    const stale = await pipelineWithDml({
      type: { freshness_number: 1, freshness_datepart: 'hour' },
      lastDml: minutesAgo(65),
    });
    const fresh = await pipelineWithDml({
      type: { freshness_number: 12, freshness_datepart: 'hour' },
      lastDml: minutesAgo(65),
    });
    await check();
    expect(await logsOf(stale.pipelineId)).toEqual([
      expect.objectContaining({ threshold_source: 'pipeline_type', freshness_number: 1 }),
    ]);
    expect(await logsOf(fresh.pipelineId)).toEqual([]);
  });

  it('should skip pipelines of a muted type, muted or inactive pipelines, and ones without DML', async () => {
    const threshold = { freshness_number: 1, freshness_datepart: 'hour' };
    const mutedType = await pipelineWithDml({ type: threshold, lastDml: minutesAgo(120) });
    await patchPipelineType(testApp, { name: mutedType.typeName, mute_freshness_check: true });
    const mutedPipeline = await pipelineWithDml({ pipeline: threshold, lastDml: minutesAgo(120) });
    await patchPipeline(testApp, { id: mutedPipeline.pipelineId, mute_freshness_check: true });
    const inactive = await pipelineWithDml({ pipeline: threshold, lastDml: minutesAgo(120) });
    await patchPipeline(testApp, { id: inactive.pipelineId, active: false });
    const noDml = await pipelineWithDml({ pipeline: threshold });
    const noThreshold = await pipelineWithDml({ lastDml: minutesAgo(100_000) });

    await check();
    for (const { pipelineId } of [mutedType, mutedPipeline, inactive, noDml, noThreshold]) {
      expect([pipelineId, await logsOf(pipelineId)]).toEqual([pipelineId, []]);
      expect([pipelineId, alertsOf(pipelineId)]).toEqual([pipelineId, []]);
    }

    // Unmuting the type brings its pipeline back.
    await patchPipelineType(testApp, { name: mutedType.typeName, mute_freshness_check: false });
    await check();
    expect(await logsOf(mutedType.pipelineId)).toHaveLength(1);
    expect(alertsOf(mutedType.pipelineId)).toHaveLength(1);
  });

  it('should add calendar months (2024-01-31 + 1 month = 2024-02-29)', async () => {
    const leap = await pipelineWithDml({
      pipeline: { freshness_number: 1, freshness_datepart: 'month' },
      lastDml: '2024-01-31T12:00:00.000Z',
    });
    const plain = await pipelineWithDml({
      pipeline: { freshness_number: 1, freshness_datepart: 'year' },
      lastDml: '2024-02-29T06:00:00.000Z',
    });
    // Around now: one calendar month back, a minute either side.
    const now = new Date();
    const justStale = await pipelineWithDml({
      pipeline: { freshness_number: 1, freshness_datepart: 'month' },
      lastDml: new Date(calendarMonthsAgo(now, 1).getTime() - 60_000).toISOString(),
    });
    const notYet = await pipelineWithDml({
      pipeline: { freshness_number: 1, freshness_datepart: 'month' },
      lastDml: new Date(calendarMonthsAgo(now, 1).getTime() + 120_000).toISOString(),
    });
    await check();
    expect((await logsOf(leap.pipelineId))[0].stale_since).toBe('2024-02-29T12:00:00.000Z');
    expect((await logsOf(plain.pipelineId))[0].stale_since).toBe('2025-02-28T06:00:00.000Z');
    expect(await logsOf(justStale.pipelineId)).toHaveLength(1);
    expect(await logsOf(notYet.pipelineId)).toEqual([]);
  });

  it('should log again once the pipeline has newer DML that goes stale too', async () => {
    const firstDml = minutesAgo(180);
    const { pipelineId } = await pipelineWithDml({
      pipeline: { freshness_number: 1, freshness_datepart: 'hour' },
      lastDml: firstDml,
    });
    await check();
    const secondDml = minutesAgo(90);
    await runExecution(testApp, { pipelineId, start: minutesAgo(100), end: secondDml, inserts: 1 });
    await check();
    const logs = await logsOf(pipelineId);
    expect(logs.map((log) => log.last_dml_timestamp)).toEqual([secondDml, firstDml]);
    expect(await alertKeysOf(pipelineId)).toEqual([
      `freshness:${pipelineId}:${firstDml}`,
      `freshness:${pipelineId}:${secondDml}`,
    ]);
  });

  it('should filter and page the log, and reject bad filters', async () => {
    const all = await request(testApp.http).get('/freshness').expect(200);
    expect(all.body.length).toBeGreaterThan(3);
    const ids = all.body.map((row: FreshnessLog) => row.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const limited = await request(testApp.http).get('/freshness?limit=2').expect(200);
    expect(limited.body).toEqual(all.body.slice(0, 2));
    const future = await request(testApp.http)
      .get('/freshness')
      .query({ since: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(200);
    expect(future.body).toEqual([]);
    for (const query of ['limit=0', 'limit=abc', 'pipeline_id=-1', 'since=yesterday']) {
      const response = await request(testApp.http).get(`/freshness?${query}`).expect(422);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const unknown = await request(testApp.http).get('/freshness?pipeline_id=999999').expect(404);
    expect(unknown.body.code).toBe('PIPELINE_NOT_FOUND');
  });

  it('should ignore a stray body on POST /freshness', async () => {
    await request(testApp.http)
      .post('/freshness')
      .send({ lookback_minutes: 'whatever', extra: [1, 2] })
      .expect(200, { status: 'queued' });
    await waitForQueuesIdle(testApp);
  });

  (isEmbedded ? it.skip : it)(
    'should run a freshness slot once when two replicas fire it together',
    async () => {
      const { pipelineId } = await pipelineWithDml({
        pipeline: { freshness_number: 1, freshness_datepart: 'minute' },
        lastDml: minutesAgo(30),
      });
      const second = await createTestApp({ keepData: true });
      try {
        const slot = new Date('2026-03-01T10:00:00Z');
        const fired = await Promise.all(
          [testApp, second, testApp, second].map((app) =>
            app.app.get(SchedulerService).fireSlot(FRESHNESS_CHECK, slot),
          ),
        );
        expect(fired.filter(Boolean)).toHaveLength(1);
        await waitForQueuesIdle(testApp);
        await waitForQueuesIdle(second);
        expect(await logsOf(pipelineId)).toHaveLength(1);
        expect(await alertKeysOf(pipelineId)).toHaveLength(1);
        expect(alertsOf(pipelineId)).toHaveLength(1);
        expect(
          await countRows(
            testApp,
            `SELECT count(*)::int AS n FROM scheduled_run WHERE check_name = 'freshness-check'`,
          ),
        ).toBe(1);
      } finally {
        await second.close();
      }
    },
  );
});

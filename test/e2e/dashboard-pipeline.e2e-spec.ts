import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  createPipeline,
  createPipelineType,
  minutesAgo,
  patchPipelineType,
} from 'test/support/factories/monitoring';

const DAY_MS = 24 * 60 * 60 * 1000;
const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
/** Baseline totals: mean 105, sample standard deviation ~5.48. */
const BASELINE_ROWS = [100, 110, 100, 110, 100, 110];

describe('Dashboard pipeline page', () => {
  let testApp: TestApp;
  let pipelineId: number;
  let flaggedId: number;
  let failedId: number;
  let runningId: number;
  const successIds: number[] = [];
  const starts: string[] = [];
  let lastEnd: string;

  async function start(startDate: string, nextWatermark?: string): Promise<number> {
    const response = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send({ pipeline_id: pipelineId, start_date: startDate, next_watermark: nextWatermark })
      .expect(201);
    return response.body.id;
  }

  async function end(id: number, endDate: string, totalRows: number, isSuccess = true) {
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({
        id,
        end_date: endDate,
        completed_successfully: isSuccess,
        inserts: totalRows,
        updates: 0,
        soft_deletes: 0,
        total_rows: totalRows,
      })
      .expect(204);
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    await createPipelineType(testApp, {
      name: 'page type',
      freshness_number: 2,
      freshness_datepart: 'hour',
      timeliness_number: 30,
      timeliness_datepart: 'minute',
    });
    pipelineId = await createPipeline(testApp, {
      name: 'page pipeline',
      pipeline_type_name: 'page type',
      freshness_number: 1,
      freshness_datepart: 'day',
      pipeline_metadata: { description: 'Loads the sales mart', owner: 'data' },
    });
    await request(testApp.http)
      .post('/anomaly_detection_rule')
      .send({ pipeline_id: pipelineId, metric_field: 'total_rows', minimum_executions: 5 })
      .expect(201);
    await request(testApp.http)
      .post('/anomaly_detection_rule')
      .send({ pipeline_id: pipelineId, metric_field: 'duration_seconds', active: false })
      .expect(201);

    // Six baseline runs at this time of day on the six previous days, then one flagged run.
    const base = minutesAgo(5);
    for (let k = 6; k >= 1; k -= 1) {
      const startDate = plus(base, -k * DAY_MS);
      const id = await start(startDate, `w${7 - k}`);
      await end(id, plus(startDate, 60_000), BASELINE_ROWS[6 - k]);
      successIds.push(id);
      starts.push(startDate);
    }
    flaggedId = await start(base, 'w7');
    lastEnd = plus(base, 60_000);
    await end(flaggedId, lastEnd, 10_000);
    successIds.push(flaggedId);
    starts.push(base);
    await waitForQueuesIdle(testApp);

    failedId = await start(minutesAgo(3), 'never applied');
    await end(failedId, minutesAgo(2), 0, false);
    runningId = await start(minutesAgo(1));

    // A rule created after the runs: learning, with every run of this hour as its baseline.
    await request(testApp.http)
      .post('/anomaly_detection_rule')
      .send({ pipeline_id: pipelineId, metric_field: 'inserts', minimum_executions: 30 })
      .expect(201);
    await patchPipelineType(testApp, { name: 'page type', mute_freshness_check: true });
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /dashboard/pipelines/{id}', () => {
    it('should show the settings with effective thresholds and their sources', async () => {
      const response = await request(testApp.http)
        .get(`/dashboard/pipelines/${pipelineId}`)
        .expect(200);
      const body = response.body;
      expect(body.pipeline).toEqual(
        expect.objectContaining({
          id: pipelineId,
          name: 'page pipeline',
          description: 'Loads the sales mart',
          active: true,
          load_lineage: expect.any(Boolean),
          pipeline_type_name: 'page type',
          watermark: 'w7',
          pipeline_metadata: { description: 'Loads the sales mart', owner: 'data' },
          last_target_insert: lastEnd,
        }),
      );
      expect(body.thresholds).toEqual({
        freshness: { number: 1, datepart: 'day', source: 'pipeline' },
        timeliness: { number: 30, datepart: 'minute', source: 'pipeline_type' },
        muted: { value: true, source: 'pipeline_type' },
        timeliness_muted: { value: false, source: null },
      });
      expect(body.freshness).toEqual({
        state: 'muted',
        last_dml_at: lastEnd,
        due_at: plus(lastEnd, DAY_MS),
      });
      expect(body.run_counts).toEqual({ total: 9, succeeded: 7, failed: 1, running: 1 });
    });

    it('should list the watermark history of successful runs, newest first', async () => {
      const response = await request(testApp.http)
        .get(`/dashboard/pipelines/${pipelineId}`)
        .expect(200);
      expect(
        response.body.watermark_history.map((entry: { watermark: string }) => entry.watermark),
      ).toEqual(['w7', 'w6', 'w5', 'w4', 'w3', 'w2', 'w1']);
      expect(response.body.watermark_history[0]).toEqual({
        execution_id: flaggedId,
        end_date: lastEnd,
        watermark: 'w7',
      });
    });

    it('should list the rules with their learning state', async () => {
      const response = await request(testApp.http)
        .get(`/dashboard/pipelines/${pipelineId}`)
        .expect(200);
      const rules = response.body.rules as Array<Record<string, unknown>>;
      const byMetric = (metric: string) => rules.find((rule) => rule.metric_field === metric);
      expect(rules).toHaveLength(3);
      expect(byMetric('total_rows')).toEqual(
        expect.objectContaining({
          active: true,
          z_threshold: 3,
          lookback_days: 30,
          minimum_executions: 5,
          direction: 'both',
          min_change_percent: 0,
          state: 'ready',
          baseline_size: 6,
        }),
      );
      expect(byMetric('inserts')).toEqual(
        expect.objectContaining({ state: 'learning', baseline_size: 7, minimum_executions: 30 }),
      );
      expect(byMetric('duration_seconds')).toEqual(
        expect.objectContaining({ active: false, state: 'inactive' }),
      );
    });

    it('should answer 404 PIPELINE_NOT_FOUND for an unknown id and 422 for a bad one', async () => {
      const missing = await request(testApp.http).get('/dashboard/pipelines/999999').expect(404);
      expect(missing.body.code).toBe('PIPELINE_NOT_FOUND');
      const bad = await request(testApp.http).get('/dashboard/pipelines/01').expect(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      await request(testApp.http).get('/dashboard/pipelines/2147483648').expect(422);
    });
  });

  describe('GET /dashboard/pipelines/{id}/runs', () => {
    const runs = (query: Record<string, unknown> = {}) =>
      request(testApp.http).get(`/dashboard/pipelines/${pipelineId}/runs`).query(query);

    it('should list runs newest first with their metrics', async () => {
      const response = await runs().expect(200);
      expect(response.body.total).toBe(9);
      expect(response.body.items.map((run: { id: number }) => run.id)).toEqual([
        runningId,
        failedId,
        ...[...successIds].reverse(),
      ]);
      expect(response.body.items[0]).toEqual(
        expect.objectContaining({ completed_successfully: null, end_date: null, parent_id: null }),
      );
      expect(response.body.items[2]).toEqual(
        expect.objectContaining({
          id: flaggedId,
          start_date: starts[6],
          end_date: lastEnd,
          completed_successfully: true,
          duration_seconds: 60,
          inserts: 10_000,
          total_rows: 10_000,
          throughput: expect.closeTo(166.67, 1),
          anomaly_flags: { total_rows: true },
          next_watermark: 'w7',
        }),
      );
    });

    it('should filter by status and page', async () => {
      const failed = await runs({ status: 'failed' }).expect(200);
      expect(failed.body.items.map((run: { id: number }) => run.id)).toEqual([failedId]);
      expect(failed.body.total).toBe(1);
      const running = await runs({ status: 'RUNNING' }).expect(200);
      expect(running.body.items.map((run: { id: number }) => run.id)).toEqual([runningId]);
      const page = await runs({ status: 'succeeded', page: 2, page_size: 3 }).expect(200);
      expect(page.body).toEqual(expect.objectContaining({ total: 7, page: 2, page_size: 3 }));
      expect(page.body.items.map((run: { id: number }) => run.id)).toEqual(
        [...successIds].reverse().slice(3, 6),
      );
    });

    it('should answer 422 for a bad status or page and 404 for an unknown pipeline', async () => {
      const bad = await runs({ status: 'done' }).expect(422);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'status' })]);
      await runs({ page_size: 0 }).expect(422);
      const missing = await request(testApp.http)
        .get('/dashboard/pipelines/999999/runs')
        .expect(404);
      expect(missing.body.code).toBe('PIPELINE_NOT_FOUND');
    });
  });

  describe('GET /dashboard/pipelines/{id}/metrics', () => {
    it('should give the successful runs oldest first with the band of the flagged point', async () => {
      const response = await request(testApp.http)
        .get(`/dashboard/pipelines/${pipelineId}/metrics`)
        .expect(200);
      const points = response.body.points as Array<Record<string, unknown>>;
      expect(points.map((point) => point.execution_id)).toEqual(successIds);
      expect(points[0]).toEqual({
        execution_id: successIds[0],
        start_date: starts[0],
        total_rows: 100,
        duration_seconds: 60,
        throughput: expect.any(Number),
        anomaly_flags: {},
        anomalies: {},
      });
      const flagged = points[6];
      expect(flagged.anomaly_flags).toEqual({ total_rows: true });
      const band = (flagged.anomalies as Record<string, Record<string, number>>).total_rows;
      expect(band.value).toBe(10_000);
      expect(band.mean).toBeCloseTo(105, 6);
      expect(band.stddev).toBeCloseTo(Math.sqrt(30), 6);
      expect(band.lower_bound).toBeCloseTo(105 - 3 * Math.sqrt(30), 6);
      expect(band.upper_bound).toBeCloseTo(105 + 3 * Math.sqrt(30), 6);
      expect(band.z_score).toBeCloseTo((10_000 - 105) / Math.sqrt(30), 4);
    });

    it('should keep only the runs of the window', async () => {
      const response = await request(testApp.http)
        .get(`/dashboard/pipelines/${pipelineId}/metrics`)
        .query({ days: 3 })
        .expect(200);
      // Starts 5 minutes before now minus 0, 1, 2 days are within 3 days; 3 days back is not.
      expect(
        response.body.points.map((point: { execution_id: number }) => point.execution_id),
      ).toEqual(successIds.slice(4));
    });

    it('should answer 422 for days out of 1-365 and 404 for an unknown pipeline', async () => {
      for (const days of ['0', '366', 'x', '1.5']) {
        const response = await request(testApp.http)
          .get(`/dashboard/pipelines/${pipelineId}/metrics`)
          .query({ days })
          .expect(422);
        expect(response.body.details).toEqual([expect.objectContaining({ field: 'days' })]);
      }
      await request(testApp.http).get('/dashboard/pipelines/999999/metrics').expect(404);
    });
  });

  it('should document every dashboard and reporting endpoint under its tag', async () => {
    const docs = await request(testApp.http).get('/docs-json').expect(200);
    const expected: Array<[string, string, string]> = [
      ['/dashboard/overview', 'get', 'dashboard'],
      ['/dashboard/pipelines/{id}', 'get', 'dashboard'],
      ['/dashboard/pipelines/{id}/runs', 'get', 'dashboard'],
      ['/dashboard/pipelines/{id}/metrics', 'get', 'dashboard'],
      ['/dashboard/system', 'get', 'dashboard'],
      ['/reporting/daily-pipeline-metrics', 'get', 'reporting'],
      ['/reporting/pipeline-names', 'get', 'reporting'],
      ['/reporting/pipeline-type-names', 'get', 'reporting'],
      ['/reporting/refresh', 'post', 'reporting'],
    ];
    for (const [path, method, tag] of expected) {
      const operation = docs.body.paths[path]?.[method];
      expect({ path, tags: operation?.tags, ok: Boolean(operation?.responses?.['200']) }).toEqual({
        path,
        tags: [tag],
        ok: true,
      });
    }
    expect(docs.body.components.schemas.AnomalyBandResponse).toBeDefined();
    expect(docs.body.components.schemas.OverviewResponse.properties.counts).toBeDefined();
  });

  describe('GET /dashboard/system', () => {
    it('should report readiness, mode, version and queue depths', async () => {
      const response = await request(testApp.http).get('/dashboard/system').expect(200);
      const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
      expect(response.body).toEqual(
        expect.objectContaining({
          status: 'ok',
          database: 'up',
          queue: 'up',
          version: pkg.version,
          mode: process.env.WATCHER_TEST_MODE === 'postgres' ? 'production' : 'embedded',
          role: expect.any(String),
          uptime_seconds: expect.any(Number),
          outbox: { pending: expect.any(Number), parked: expect.any(Number), dead: 0 },
        }),
      );
      expect(response.body.queues.length).toBeGreaterThan(0);
      expect(response.body.queues[0]).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          outbox: expect.any(Number),
        }),
      );
    });
  });
});

import request from 'supertest';
import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Every baseline run starts at 10:15 UTC; day(k) is k days after the first. */
const BASE = Date.parse('2024-06-01T10:15:00Z');
const day = (k: number, hourShift = 0): string =>
  new Date(BASE + k * DAY_MS + hourShift * 60 * 60 * 1000).toISOString();

/** Five 100s and five 110s, alternating. */
const ALTERNATING = [100, 110, 100, 110, 100, 110, 100, 110, 100, 110];

/** Mean and sample standard deviation, two-pass (independent of the code under test). */
function expectedStats(values: number[]): { mean: number; stddev: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, stddev: Math.sqrt(squares / (values.length - 1)) };
}

interface ResultBody {
  id: number;
  pipeline_execution_id: number;
  anomaly_detection_rule_id: number;
  metric_field: string;
  value: number;
  mean: number;
  stddev: number;
  z_score: number;
  lower_bound: number;
  upper_bound: number;
  baseline_size: number;
  direction: string;
  z_threshold: number;
  created_at: string;
}

describe('Anomaly detection', () => {
  let testApp: TestApp;
  let pipelineCounter = 0;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createPipeline(): Promise<number> {
    pipelineCounter += 1;
    const response = await request(testApp.http)
      .post('/pipeline')
      .send({ name: `anomaly pipeline ${pipelineCounter}`, pipeline_type_name: 'extraction' })
      .expect(201);
    return response.body.id;
  }

  async function createRule(body: Record<string, unknown>, expected = 201): Promise<number> {
    const response = await request(testApp.http)
      .post('/anomaly_detection_rule')
      .send(body)
      .expect(expected);
    return response.body.id;
  }

  async function start(pipelineId: number, startDate: string): Promise<number> {
    const response = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send({ pipeline_id: pipelineId, start_date: startDate })
      .expect(201);
    return response.body.id;
  }

  async function end(id: number, startDate: string, body: Record<string, unknown>) {
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({
        id,
        end_date: new Date(Date.parse(startDate) + 60_000).toISOString(),
        completed_successfully: true,
        ...body,
      })
      .expect(204);
  }

  /** Starts, ends (successfully unless told) and waits for detection; returns the id. */
  async function run(
    pipelineId: number,
    startDate: string,
    body: Record<string, unknown>,
  ): Promise<number> {
    const id = await start(pipelineId, startDate);
    await end(id, startDate, body);
    await waitForQueuesIdle(testApp);
    return id;
  }

  async function runSeries(pipelineId: number, values: number[], field = 'total_rows') {
    const ids: number[] = [];
    for (const [k, value] of values.entries()) {
      ids.push(await run(pipelineId, day(k), { [field]: value }));
    }
    return ids;
  }

  async function anomaliesOf(executionId: number): Promise<ResultBody[]> {
    const response = await request(testApp.http)
      .get(`/pipeline_execution/${executionId}/anomalies`)
      .expect(200);
    return response.body;
  }

  async function flagsOf(executionId: number): Promise<Record<string, boolean> | null> {
    const response = await request(testApp.http)
      .get(`/pipeline_execution/${executionId}`)
      .expect(200);
    return response.body.anomaly_flags;
  }

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const rows: Array<{ n: number }> = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return rows[0].n;
  }

  async function anomalyAlertsOf(pipelineId: number): Promise<Array<Record<string, unknown>>> {
    const response = await request(testApp.http)
      .get(`/alerts?kind=anomaly&pipeline_id=${pipelineId}`)
      .expect(200);
    return response.body;
  }

  async function statusOf(ruleId: number): Promise<Record<string, unknown>> {
    const response = await request(testApp.http)
      .get(`/anomaly_detection_rule/${ruleId}/status`)
      .expect(200);
    return response.body;
  }

  describe('detection', () => {
    it('should flag only a 100,000-row run after ten runs of 100/110, with the baseline statistics', async () => {
      const pipelineId = await createPipeline();
      const ruleId = await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      const history = await runSeries(pipelineId, ALTERNATING);
      const spike = await run(pipelineId, day(10), { total_rows: 100_000 });

      for (const id of history) {
        expect(await flagsOf(id)).toBeNull();
        expect(await anomaliesOf(id)).toEqual([]);
      }
      expect(await flagsOf(spike)).toEqual({ total_rows: true });
      const { mean, stddev } = expectedStats(ALTERNATING);
      const [result, ...others] = await anomaliesOf(spike);
      expect(others).toEqual([]);
      expect(result).toMatchObject({
        pipeline_execution_id: spike,
        anomaly_detection_rule_id: ruleId,
        metric_field: 'total_rows',
        value: 100_000,
        baseline_size: 10,
        direction: 'spike',
        z_threshold: 2,
      });
      expect(result.mean).toBeCloseTo(mean, 9);
      expect(result.stddev).toBeCloseTo(stddev, 9);
      expect(result.z_score).toBeCloseTo((100_000 - mean) / stddev, 6);
      expect(result.lower_bound).toBeCloseTo(mean - 2 * stddev, 9);
      expect(result.upper_bound).toBeCloseTo(mean + 2 * stddev, 9);
      expect(await count('anomaly_detection_result')).toBeGreaterThanOrEqual(1);
      expect(
        await count(
          'anomaly_detection_result r JOIN pipeline_execution e ON e.id = r.pipeline_execution_id',
          'e.pipeline_id = $1',
          [pipelineId],
        ),
      ).toBe(1);

      const alerts = await anomalyAlertsOf(pipelineId);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'anomaly',
        severity: 'warning',
        dedup_key: `anomaly:${spike}`,
        pipeline_id: pipelineId,
        title: expect.stringContaining('total_rows'),
        summary: expect.stringContaining('total_rows 100000 (spike; expected'),
        details: {
          pipeline_execution_id: spike,
          anomalies: [
            {
              metric_field: 'total_rows',
              value: 100_000,
              lower_bound: result.lower_bound,
              upper_bound: result.upper_bound,
              z_score: result.z_score,
              baseline_size: 10,
            },
          ],
        },
      });

      const status = await statusOf(ruleId);
      expect(status).toMatchObject({
        state: 'ready',
        baseline_size: 10,
        minimum_executions: 5,
        hour_of_day_buckets_ready: 1,
        hour_of_day: 10,
      });
      expect(status.last_result).toEqual(result);
    });

    it('should flag nothing and report learning with fewer than minimum_executions earlier runs', async () => {
      const pipelineId = await createPipeline();
      const ruleId = await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      expect(await statusOf(ruleId)).toEqual({
        state: 'learning',
        baseline_size: 0,
        minimum_executions: 5,
        hour_of_day_buckets_ready: 0,
        hour_of_day: null,
        last_result: null,
      });
      await runSeries(pipelineId, [100, 110, 100, 110]);
      expect(await statusOf(ruleId)).toMatchObject({ state: 'learning', baseline_size: 4 });

      const spike = await run(pipelineId, day(4), { total_rows: 100_000 });
      expect(await anomaliesOf(spike)).toEqual([]);
      expect(await flagsOf(spike)).toBeNull();
      expect(await anomalyAlertsOf(pipelineId)).toEqual([]);
      // The spike itself is now the fifth value of the next run's baseline.
      expect(await statusOf(ruleId)).toMatchObject({
        state: 'ready',
        baseline_size: 5,
        hour_of_day_buckets_ready: 1,
        last_result: null,
      });
    });

    it('should skip a zero-variance baseline (while a varying metric of the same run is flagged)', async () => {
      const pipelineId = await createPipeline();
      const common = { pipeline_id: pipelineId, z_threshold: 2, minimum_executions: 5 };
      await createRule({ ...common, metric_field: 'total_rows' });
      await createRule({ ...common, metric_field: 'inserts' });
      for (const [k, inserts] of ALTERNATING.entries()) {
        await run(pipelineId, day(k), { total_rows: 100, inserts });
      }
      const spike = await run(pipelineId, day(10), { total_rows: 100_000, inserts: 100_000 });
      expect(await flagsOf(spike)).toEqual({ inserts: true });
      expect((await anomaliesOf(spike)).map((result) => result.metric_field)).toEqual(['inserts']);
    });

    it('should leave other hours, failed runs, later runs, nulls and runs older than lookback_days out of the baseline', async () => {
      const pipelineId = await createPipeline();
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
        lookback_days: 30,
      });
      const noise = { total_rows: 5000 };
      // Later starts first (ended before the history, so they have no baseline to be flagged by).
      await run(pipelineId, day(11), noise);
      await run(pipelineId, day(12), noise);
      // Just outside the window of the run on day 10, and exactly on its edge (included).
      await run(
        pipelineId,
        new Date(Date.parse(day(10)) - 30 * DAY_MS - 1000).toISOString(),
        noise,
      );
      await run(pipelineId, new Date(Date.parse(day(10)) - 30 * DAY_MS).toISOString(), {
        total_rows: 105,
      });
      for (let k = 0; k < 3; k += 1) {
        await run(pipelineId, day(k, 1), noise); // 11:15 UTC
        await run(pipelineId, day(k, -10), noise); // 00:15 UTC
        await run(pipelineId, day(k), { ...noise, completed_successfully: false });
        await run(pipelineId, day(k), {}); // no total_rows
      }
      const running = await start(pipelineId, day(5));
      expect(running).toBeGreaterThan(0);
      await runSeries(pipelineId, ALTERNATING);

      const spike = await run(pipelineId, day(10), { total_rows: 100_000 });
      const [result] = await anomaliesOf(spike);
      const { mean, stddev } = expectedStats([...ALTERNATING, 105]);
      expect(result).toMatchObject({ baseline_size: 11, value: 100_000 });
      expect(result.mean).toBeCloseTo(mean, 9);
      expect(result.stddev).toBeCloseTo(stddev, 9);
    });

    it('should keep a flagged run out of later baselines until it is unflagged', async () => {
      const pipelineId = await createPipeline();
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      await runSeries(pipelineId, ALTERNATING);
      const first = await run(pipelineId, day(10), { total_rows: 100_000 });
      const second = await run(pipelineId, day(11), { total_rows: 200_000 });
      expect((await anomaliesOf(second))[0]).toMatchObject({ baseline_size: 10 });

      await request(testApp.http)
        .post('/unflag_anomaly')
        .send({
          pipeline_id: pipelineId,
          pipeline_execution_id: first,
          metric_field: ['TOTAL_ROWS'],
        })
        .expect(204);
      expect(await anomaliesOf(first)).toEqual([]);
      expect(await flagsOf(first)).toEqual({ total_rows: false });

      const third = await run(pipelineId, day(12), { total_rows: 300_000 });
      const [result] = await anomaliesOf(third);
      const { mean, stddev } = expectedStats([...ALTERNATING, 100_000]);
      expect(result.baseline_size).toBe(11);
      expect(result.mean).toBeCloseTo(mean, 9);
      expect(result.stddev).toBeCloseTo(stddev, 6);
      // Still unflagged (the second stays flagged): unflagging touched only the first run.
      expect(await flagsOf(first)).toEqual({ total_rows: false });
      expect(await flagsOf(second)).toEqual({ total_rows: true });
    });

    it('should ignore a spike with direction drop, and flag a drop below the band', async () => {
      const pipelineId = await createPipeline();
      const common = { pipeline_id: pipelineId, z_threshold: 2, minimum_executions: 5 };
      await createRule({ ...common, metric_field: 'total_rows', direction: 'DROP' });
      await createRule({ ...common, metric_field: 'inserts' });
      for (const [k, value] of ALTERNATING.entries()) {
        await run(pipelineId, day(k), { total_rows: value, inserts: value });
      }
      const drop = await run(pipelineId, day(10), { total_rows: 50, inserts: 105 });
      expect(await flagsOf(drop)).toEqual({ total_rows: true });
      const [result] = await anomaliesOf(drop);
      expect(result).toMatchObject({ metric_field: 'total_rows', direction: 'drop', value: 50 });
      expect(result.z_score).toBeLessThan(-2);

      // The same spike is flagged by the two-sided rule on inserts, ignored by the drop rule.
      const spike = await run(pipelineId, day(11), { total_rows: 100_000, inserts: 100_000 });
      expect(await flagsOf(spike)).toEqual({ inserts: true });
    });

    it('should ignore a 10 % wobble of a near-constant series with min_change_percent 50', async () => {
      const pipelineId = await createPipeline();
      const common = { pipeline_id: pipelineId, z_threshold: 2, minimum_executions: 5 };
      await createRule({ ...common, metric_field: 'total_rows', min_change_percent: 50 });
      await createRule({ ...common, metric_field: 'inserts' });
      const series = ALTERNATING.map((value) => (value === 100 ? 1000 : 1001));
      for (const [k, value] of series.entries()) {
        await run(pipelineId, day(k), { total_rows: value, inserts: value });
      }
      const wobble = await run(pipelineId, day(10), { total_rows: 1100, inserts: 1100 });
      expect(await flagsOf(wobble)).toEqual({ inserts: true });

      const jump = await run(pipelineId, day(11), { total_rows: 1600, inserts: 1000 });
      expect(await flagsOf(jump)).toEqual({ total_rows: true });
    });

    it('should keep one result per rule when an execution is ended twice, and re-evaluate it', async () => {
      const pipelineId = await createPipeline();
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'inserts',
        z_threshold: 2,
        minimum_executions: 5,
      });
      for (const [k, value] of ALTERNATING.entries()) {
        await run(pipelineId, day(k), { total_rows: value, inserts: value });
      }
      const spikeBody = { total_rows: 100_000, inserts: 100_000 };
      const spike = await run(pipelineId, day(10), spikeBody);
      const before = await anomaliesOf(spike);
      expect(before).toHaveLength(2);

      await end(spike, day(10), spikeBody);
      await waitForQueuesIdle(testApp);
      expect(await anomaliesOf(spike)).toEqual(before);
      expect(await count('anomaly_detection_result', 'pipeline_execution_id = $1', [spike])).toBe(
        2,
      );

      // Ending it again with a normal row count replaces the results: only inserts stays.
      await end(spike, day(10), { total_rows: 105, inserts: 100_000 });
      await waitForQueuesIdle(testApp);
      expect((await anomaliesOf(spike)).map((result) => result.metric_field)).toEqual(['inserts']);
      expect(await flagsOf(spike)).toEqual({ total_rows: false, inserts: true });
      // One alert per anomalous execution, however often it is re-evaluated.
      const alerts = await anomalyAlertsOf(pipelineId);
      expect(alerts.map((alert) => alert.dedup_key)).toEqual([`anomaly:${spike}`]);
    });

    it('should change nothing when the same end is delivered again', async () => {
      const pipelineId = await createPipeline();
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      await runSeries(pipelineId, ALTERNATING);
      const spike = await run(pipelineId, day(10), { total_rows: 100_000 });
      const before = await anomaliesOf(spike);
      expect(before).toHaveLength(1);
      await request(testApp.http)
        .post('/unflag_anomaly')
        .send({
          pipeline_id: pipelineId,
          pipeline_execution_id: spike,
          metric_field: ['total_rows'],
        })
        .expect(204);

      // A redelivery of the event (at-least-once queues) must not undo the unflag.
      await testApp.jobQueue.enqueue(EXECUTION_ENDED_JOB, { executionId: spike, pipelineId });
      await waitForQueuesIdle(testApp);
      expect(await anomaliesOf(spike)).toEqual([]);
      expect(await flagsOf(spike)).toEqual({ total_rows: false });
    });

    it('should not run inactive rules', async () => {
      const pipelineId = await createPipeline();
      const ruleId = await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
        active: false,
      });
      await runSeries(pipelineId, ALTERNATING);
      const spike = await run(pipelineId, day(10), { total_rows: 100_000 });
      expect(await anomaliesOf(spike)).toEqual([]);
      expect(await statusOf(ruleId)).toMatchObject({ state: 'inactive', baseline_size: 11 });
    });
  });

  describe('rules', () => {
    it('should get-or-create by (pipeline, metric) and update the settings sent that differ', async () => {
      const pipelineId = await createPipeline();
      const seed = {
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2.0,
        lookback_days: 30,
        minimum_executions: 30,
        active: true,
      };
      const created = await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send(seed)
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(Number) });
      const id: number = created.body.id;

      const again = await request(testApp.http).post('/anomaly_detection_rule').send(seed);
      expect([again.status, again.body]).toEqual([200, { id }]);
      const rule = await request(testApp.http).get(`/anomaly_detection_rule/${id}`).expect(200);
      expect(rule.body).toEqual({
        id,
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        lookback_days: 30,
        minimum_executions: 30,
        active: true,
        direction: 'both',
        min_change_percent: 0,
        created_at: expect.stringMatching(/Z$/),
        updated_at: null,
      });

      await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ pipeline_id: pipelineId, metric_field: ' Total_Rows ', z_threshold: 2.5 })
        .expect(200, { id });
      const updated = await request(testApp.http).get(`/anomaly_detection_rule/${id}`).expect(200);
      expect(updated.body).toMatchObject({
        z_threshold: 2.5,
        lookback_days: 30,
        minimum_executions: 30,
        updated_at: expect.stringMatching(/Z$/),
      });

      const minimal = await createRule({ pipeline_id: pipelineId, metric_field: 'INSERTS' });
      const defaults = await request(testApp.http).get(`/anomaly_detection_rule/${minimal}`);
      expect(defaults.body).toMatchObject({
        metric_field: 'inserts',
        z_threshold: 3,
        lookback_days: 30,
        minimum_executions: 30,
        active: true,
        direction: 'both',
        min_change_percent: 0,
        updated_at: null,
      });
    });

    it('should give one 201 and one 200 for two concurrent creates', async () => {
      const pipelineId = await createPipeline();
      const body = { pipeline_id: pipelineId, metric_field: 'updates' };
      const responses = await Promise.all(
        [1, 2].map(() => request(testApp.http).post('/anomaly_detection_rule').send(body)),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
      expect(responses[0].body).toEqual(responses[1].body);
    });

    it('should reject invalid rules with 4xx and store nothing', async () => {
      const pipelineId = await createPipeline();
      const before = await count('anomaly_detection_rule');
      const valid = { pipeline_id: pipelineId, metric_field: 'total_rows' };
      const invalid: Array<[Record<string, unknown>, number]> = [
        [{ ...valid, z_threshold: 0.99 }, 422],
        [{ ...valid, z_threshold: 10.01 }, 422],
        [{ ...valid, z_threshold: '3' }, 422],
        [{ ...valid, lookback_days: 0 }, 422],
        [{ ...valid, lookback_days: 366 }, 422],
        [{ ...valid, lookback_days: 1.5 }, 422],
        [{ ...valid, minimum_executions: 4 }, 422],
        [{ ...valid, minimum_executions: 1001 }, 422],
        [{ ...valid, metric_field: 'rows' }, 422],
        [{ ...valid, direction: 'up' }, 422],
        [{ ...valid, min_change_percent: -1 }, 422],
        [{ ...valid, min_change_percent: 1000.5 }, 422],
        [{ ...valid, active: 'yes' }, 422],
        [{ metric_field: 'total_rows' }, 422],
        [{ ...valid, pipeline_id: 987654 }, 404],
      ];
      for (const [body, status] of invalid) {
        const response = await request(testApp.http).post('/anomaly_detection_rule').send(body);
        expect([body, response.status]).toEqual([body, status]);
      }
      const notFound = await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ ...valid, pipeline_id: 987654 });
      expect(notFound.body).toMatchObject({ statusCode: 404, code: 'PIPELINE_NOT_FOUND' });
      const unprocessable = await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ ...valid, z_threshold: 0.99 });
      expect(unprocessable.body).toMatchObject({
        statusCode: 422,
        code: 'VALIDATION_FAILED',
        details: [{ field: 'z_threshold', messages: [expect.stringContaining('1 to 10')] }],
      });
      expect(await count('anomaly_detection_rule')).toBe(before);

      // The edges are valid.
      await createRule({
        ...valid,
        z_threshold: 1,
        lookback_days: 365,
        minimum_executions: 1000,
        min_change_percent: 1000,
      });
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'throughput',
        z_threshold: 10,
        lookback_days: 1,
        minimum_executions: 5,
      });
    });

    it('should list with filters and paging, ordered by id', async () => {
      const first = await createPipeline();
      const second = await createPipeline();
      const a = await createRule({ pipeline_id: first, metric_field: 'total_rows' });
      const b = await createRule({ pipeline_id: first, metric_field: 'inserts', active: false });
      const c = await createRule({ pipeline_id: second, metric_field: 'total_rows' });
      const ids = async (query: string): Promise<number[]> => {
        const response = await request(testApp.http)
          .get(`/anomaly_detection_rule${query}`)
          .expect(200);
        return response.body.map((rule: { id: number }) => rule.id);
      };
      expect(await ids(`?pipeline_id=${first}`)).toEqual([a, b]);
      expect(await ids(`?pipeline_id=${first}&active=true`)).toEqual([a]);
      expect(await ids(`?pipeline_id=${first}&active=false`)).toEqual([b]);
      expect(await ids(`?metric_field=TOTAL_ROWS&pipeline_id=${second}`)).toEqual([c]);
      const all = await ids('');
      expect(all).toEqual([...all].sort((x, y) => x - y));
      expect(all).toEqual(expect.arrayContaining([a, b, c]));
      expect(await ids(`?pipeline_id=${first}&limit=1&offset=1`)).toEqual([b]);
      await request(testApp.http).get('/anomaly_detection_rule?active=maybe').expect(422);
      await request(testApp.http).get('/anomaly_detection_rule?limit=0').expect(422);
      await request(testApp.http).get('/anomaly_detection_rule/0').expect(422);
      const missing = await request(testApp.http).get('/anomaly_detection_rule/999999').expect(404);
      expect(missing.body).toMatchObject({ code: 'ANOMALY_RULE_NOT_FOUND' });
      await request(testApp.http).get('/anomaly_detection_rule/999999/status').expect(404);
    });

    it('should PATCH by id, set updated_at, and answer 404/409/422', async () => {
      const first = await createPipeline();
      const second = await createPipeline();
      const id = await createRule({ pipeline_id: first, metric_field: 'total_rows' });
      await createRule({ pipeline_id: first, metric_field: 'inserts' });

      const patched = await request(testApp.http)
        .patch('/anomaly_detection_rule')
        .send({
          id,
          pipeline_id: first,
          metric_field: 'UPDATES',
          z_threshold: 2.5,
          lookback_days: 30,
          minimum_executions: 20,
          active: true,
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        id,
        pipeline_id: first,
        metric_field: 'updates',
        z_threshold: 2.5,
        minimum_executions: 20,
        updated_at: expect.stringMatching(/Z$/),
      });

      const taken = await request(testApp.http)
        .patch('/anomaly_detection_rule')
        .send({ id, metric_field: 'inserts' })
        .expect(409);
      expect(taken.body).toMatchObject({ code: 'ANOMALY_RULE_TAKEN' });
      await request(testApp.http)
        .patch('/anomaly_detection_rule')
        .send({ id, pipeline_id: 987654 })
        .expect(404);
      await request(testApp.http)
        .patch('/anomaly_detection_rule')
        .send({ id: 999999, active: false })
        .expect(404);
      for (const body of [
        { id, z_threshold: null },
        { id, lookback_days: 366 },
        { id, metric_field: 'rows' },
        { active: false },
      ]) {
        const response = await request(testApp.http).patch('/anomaly_detection_rule').send(body);
        expect([body, response.status]).toEqual([body, 422]);
      }
      const unchanged = await request(testApp.http).get(`/anomaly_detection_rule/${id}`);
      expect(unchanged.body).toMatchObject(patched.body);

      const moved = await request(testApp.http)
        .patch('/anomaly_detection_rule')
        .send({ id, pipeline_id: second, direction: 'spike', min_change_percent: 25 })
        .expect(200);
      expect(moved.body).toMatchObject({
        pipeline_id: second,
        metric_field: 'updates',
        direction: 'spike',
        min_change_percent: 25,
      });
    });
  });

  describe('results and unflagging', () => {
    it('should answer 404 for the anomalies of an unknown execution', async () => {
      const response = await request(testApp.http)
        .get('/pipeline_execution/999999/anomalies')
        .expect(404);
      expect(response.body).toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
      await request(testApp.http).get('/pipeline_execution/abc/anomalies').expect(422);
    });

    it('should unflag with 204, and answer 404 for unknown, foreign or unflagged executions', async () => {
      const pipelineId = await createPipeline();
      const other = await createPipeline();
      await createRule({
        pipeline_id: pipelineId,
        metric_field: 'total_rows',
        z_threshold: 2,
        minimum_executions: 5,
      });
      await runSeries(pipelineId, ALTERNATING);
      const spike = await run(pipelineId, day(10), { total_rows: 100_000, inserts: 5 });
      const normal = await run(pipelineId, day(11), { total_rows: 105 });
      const unflag = (body: Record<string, unknown>) =>
        request(testApp.http).post('/unflag_anomaly').send(body);
      const body = { pipeline_id: pipelineId, pipeline_execution_id: spike };

      const unknown = await unflag({
        ...body,
        pipeline_execution_id: 999999,
        metric_field: ['total_rows'],
      });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'EXECUTION_NOT_FOUND']);
      const foreign = await unflag({ ...body, pipeline_id: other, metric_field: ['total_rows'] });
      expect([foreign.status, foreign.body.code]).toEqual([404, 'EXECUTION_NOT_IN_PIPELINE']);
      const notFlagged = await unflag({
        pipeline_id: pipelineId,
        pipeline_execution_id: normal,
        metric_field: ['total_rows'],
      });
      expect([notFlagged.status, notFlagged.body.code]).toEqual([404, 'ANOMALY_NOT_FLAGGED']);
      const otherMetric = await unflag({ ...body, metric_field: ['inserts'] });
      expect(otherMetric.status).toBe(404);
      for (const metricField of [[], ['rows'], 'total_rows', [1]]) {
        const response = await unflag({ ...body, metric_field: metricField });
        expect([metricField, response.status]).toEqual([metricField, 422]);
      }
      expect(await flagsOf(spike)).toEqual({ total_rows: true });
      expect(await anomaliesOf(spike)).toHaveLength(1);

      await unflag({ ...body, metric_field: ['total_rows', 'inserts'] }).expect(204);
      expect(await flagsOf(spike)).toEqual({ total_rows: false });
      expect(await anomaliesOf(spike)).toEqual([]);
      expect((await unflag({ ...body, metric_field: ['total_rows'] })).status).toBe(404);
    });
  });
});

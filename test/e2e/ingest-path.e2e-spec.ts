import request from 'supertest';
import { StatementRunner } from 'src/database/statement-runner';
import { AnomalyDetectionRepository } from 'src/modules/anomaly/anomaly-detection.repository';
import { AnomalyDetectionService } from 'src/modules/anomaly/anomaly-detection.service';
import { type ExecutionMetric, ExecutionService } from 'src/modules/execution/execution.service';
import { endMetrics } from 'src/modules/execution/execution-metrics.util';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import { racesAreReal, sendTogether } from 'test/support/race';

/**
 * The one-statement ingest path (POST /pipeline on a known pipeline, start, end, detection of a
 * normal run): what it computes in SQL matches the reference functions, races keep the
 * watermark rules, and the shortcuts fall back to the general path whenever they must.
 */
describe('Ingest path (one statement per call)', () => {
  let testApp: TestApp;
  let counter = 0;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createPipeline(extra: Record<string, unknown> = {}): Promise<number> {
    counter += 1;
    const response = await request(testApp.http)
      .post('/pipeline')
      .send({ name: `ingest path ${counter}`, pipeline_type_name: 'ingest-path', ...extra })
      .expect(201);
    return response.body.id;
  }

  async function start(body: Record<string, unknown>): Promise<number> {
    const response = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send(body)
      .expect(201);
    return response.body.id;
  }

  async function getPipeline(id: number): Promise<Record<string, unknown>> {
    return (await request(testApp.http).get(`/pipeline/${id}`).expect(200)).body;
  }

  describe('end metrics computed in SQL', () => {
    // [elapsed ms, total_rows]: half-second ties both ways, sub-second runs, repeating decimals,
    // a tie at the 4th decimal (1 row / 16 s = 0.0625 → exact; 1 / 32 s = 0.03125 → 0.0313),
    // and totals far beyond 2^53.
    const cases: Array<[number, string | null]> = [
      [1500, '10'],
      [2500, '10'],
      [499, '5'],
      [500, '5'],
      [7000, '10'],
      [16000, '1'],
      [32000, '1'],
      [3000, '0'],
      [3000, null],
      [86_400_000 * 3 + 1, '123456789'],
      [1000, '9223372036854775807'],
      [7000, '9223372036854775807'],
    ];

    it.each(cases)(
      'should store what endMetrics() gives for %p ms and total_rows %p',
      async (elapsedMs, totalRows) => {
        const pipelineId = await createPipeline();
        const startDate = new Date('2024-03-01T08:00:00.000Z');
        const endDate = new Date(startDate.getTime() + elapsedMs);
        const id = await start({ pipeline_id: pipelineId, start_date: startDate.toISOString() });
        const total = totalRows === null ? '' : `,"total_rows":${totalRows}`;
        await request(testApp.http)
          .post('/end_pipeline_execution')
          .set('Content-Type', 'application/json')
          .send(
            `{"id":${id},"end_date":"${endDate.toISOString()}","completed_successfully":false${total}}`,
          )
          .expect(204);
        const expected = endMetrics(
          startDate,
          endDate,
          totalRows === null ? null : BigInt(totalRows),
        );
        const [stored] = await testApp.dataSource.query(
          `SELECT duration_seconds::text AS duration, throughput::text AS throughput
           FROM pipeline_execution WHERE id = $1`,
          [id],
        );
        expect(stored).toEqual({
          duration: String(expected.durationSeconds),
          throughput: expected.throughput,
        });
      },
    );
  });

  describe('watermark under concurrent ends', () => {
    it('should end on the newer run’s watermark whichever of two concurrent ends commits first', async () => {
      const rounds = racesAreReal ? 8 : 3;
      for (let round = 0; round < rounds; round += 1) {
        const pipelineId = await createPipeline();
        const older = await start({
          pipeline_id: pipelineId,
          start_date: '2024-01-01T10:00:00Z',
          next_watermark: 'older',
        });
        const newer = await start({
          pipeline_id: pipelineId,
          start_date: '2024-01-01T11:00:00Z',
          next_watermark: 'newer',
        });
        const endOf = (id: number, minute: number) =>
          request(testApp.http)
            .post('/end_pipeline_execution')
            .send({
              id,
              end_date: `2024-01-01T12:${String(minute).padStart(2, '0')}:00Z`,
              completed_successfully: true,
              inserts: 1,
            });
        // Both ends wait at the pipeline row's UPDATE and are released together.
        const ends = () =>
          round % 2 === 0
            ? Promise.all([endOf(older, 1), endOf(newer, 2)])
            : Promise.all([endOf(newer, 2), endOf(older, 1)]);
        const { result, waitingTogether } = await sendTogether(['pipeline'], ends, 2);
        expect(waitingTogether).toBe(racesAreReal ? 2 : 0);
        expect(result.map((response) => response.status)).toEqual([204, 204]);
        const pipeline = await getPipeline(pipelineId);
        expect(pipeline.watermark).toBe('newer');
        expect(pipeline.last_target_insert).toBe('2024-01-01T12:02:00.000Z');
      }
    });

    it('should re-apply the watermark when the newest run is ended again', async () => {
      const pipelineId = await createPipeline({ next_watermark: 'from-pipeline' });
      const id = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      const endBody = { id, end_date: '2024-01-01T10:05:00Z', completed_successfully: true };
      await request(testApp.http).post('/end_pipeline_execution').send(endBody).expect(204);
      expect((await getPipeline(pipelineId)).watermark).toBe('from-pipeline');
      await request(testApp.http)
        .post('/pipeline')
        .send({
          name: `ingest path ${counter}`,
          pipeline_type_name: 'ingest-path',
          next_watermark: 'later',
        })
        .expect(200);
      await request(testApp.http).post('/end_pipeline_execution').send(endBody).expect(204);
      expect((await getPipeline(pipelineId)).watermark).toBe('later');
    });
  });

  describe('POST /pipeline on a known pipeline', () => {
    it('should store a new next_watermark and move updated_at only when it changes', async () => {
      const body = { name: 'ingest path resync', pipeline_type_name: 'ingest-path' };
      await request(testApp.http)
        .post('/pipeline')
        .send({ ...body, next_watermark: 'a' })
        .expect(201);
      const first = await request(testApp.http)
        .post('/pipeline')
        .send({ ...body, next_watermark: 'b' })
        .expect(200);
      const [afterB] = await testApp.dataSource.query(
        `SELECT next_watermark, updated_at FROM pipeline WHERE id = $1`,
        [first.body.id],
      );
      expect(afterB.next_watermark).toBe('b');
      expect(afterB.updated_at).not.toBeNull();
      await request(testApp.http)
        .post('/pipeline')
        .send({ ...body, next_watermark: 'b' })
        .expect(200);
      const [again] = await testApp.dataSource.query(
        `SELECT next_watermark, updated_at FROM pipeline WHERE id = $1`,
        [first.body.id],
      );
      expect(again).toEqual(afterB);
    });

    it('should move the pipeline back to the type it names after that type was renamed', async () => {
      const name = 'ingest path renamed type';
      const created = await request(testApp.http)
        .post('/pipeline')
        .send({
          name,
          pipeline_type_name: 'to-be-renamed',
          freshness_number: 2,
          freshness_datepart: 'hour',
        })
        .expect(201);
      const before = await getPipeline(created.body.id);
      await request(testApp.http)
        .patch('/pipeline_type')
        .send({ id: before.pipeline_type_id, name: 'renamed-away' })
        .expect(200);
      // The same body as at creation: its digest matches, but the type it names is a new one.
      await request(testApp.http)
        .post('/pipeline')
        .send({
          name,
          pipeline_type_name: 'to-be-renamed',
          freshness_number: 2,
          freshness_datepart: 'hour',
        })
        .expect(200);
      const after = await getPipeline(created.body.id);
      expect(after.pipeline_type_id).not.toBe(before.pipeline_type_id);
      const type = await request(testApp.http)
        .get(`/pipeline_type/${after.pipeline_type_id as number}`)
        .expect(200);
      expect(type.body.name).toBe('to-be-renamed');
    });
  });

  describe('start', () => {
    it('should write nothing for an unknown pipeline or an unknown parent', async () => {
      const pipelineId = await createPipeline();
      const [{ n: before }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS n FROM pipeline_execution_closure`,
      );
      await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: 2_000_000_000 })
        .expect(404)
        .expect((response) => expect(response.body.code).toBe('PIPELINE_NOT_FOUND'));
      await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: pipelineId, parent_id: 2_000_000_000 })
        .expect(404)
        .expect((response) => expect(response.body.code).toBe('EXECUTION_NOT_FOUND'));
      const [{ n: after }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS n FROM pipeline_execution_closure`,
      );
      expect(after).toBe(before);
    });
  });

  describe('detection input (one scan for all rules)', () => {
    it('should give every rule the same baseline as the per-rule query of the locked path', async () => {
      const pipelineId = await createPipeline();
      const rules: Array<[string, number]> = [
        ['total_rows', 30],
        ['inserts', 3],
        ['duration_seconds', 10],
        ['throughput', 30],
      ];
      for (const [metric_field, lookback_days] of rules) {
        await request(testApp.http)
          .post('/anomaly_detection_rule')
          .send({ pipeline_id: pipelineId, metric_field, lookback_days, minimum_executions: 5 })
          .expect(201);
      }
      // 12 daily runs at 09:00 UTC with varied counts and durations, one flagged for inserts,
      // and one at another hour (outside every baseline).
      let last = 0;
      let flagged = 0;
      for (let day = 1; day <= 13; day += 1) {
        const date = `2024-07-${String(day).padStart(2, '0')}`;
        const hour = day === 7 ? '15' : '09';
        last = await start({ pipeline_id: pipelineId, start_date: `${date}T${hour}:00:00Z` });
        await request(testApp.http)
          .post('/end_pipeline_execution')
          .send({
            id: last,
            end_date: `${date}T${hour}:0${day % 4}:3${day % 7}Z`,
            completed_successfully: true,
            total_rows: 1000 + day * 37,
            inserts: day === 13 ? 5 : 100 + (day % 5),
          })
          .expect(204);
        if (day === 11) {
          flagged = last;
        }
      }
      // Flagged after detection has run (detection would clear a flag it does not confirm).
      await waitForQueuesIdle(testApp);
      await testApp.dataSource.query(
        `UPDATE pipeline_execution SET anomaly_flags = '{"inserts": true}' WHERE id = $1`,
        [flagged],
      );
      const input = await testApp.app.get(AnomalyDetectionRepository).findInput(last);
      const subject = await testApp.app.get(ExecutionService).lockForAnomalies(last);
      const expected = await testApp.app.get(ExecutionService).getBaselineStatistics(
        subject!,
        rules.map(([metric, lookbackDays]) => ({
          metric: metric as ExecutionMetric,
          lookbackDays,
        })),
      );
      const byMetric = new Map(input!.rules.map((rule) => [rule.metric_field, rule.baseline]));
      rules.forEach(([metric], index) => {
        expect({ metric, ...byMetric.get(metric) }).toEqual({ metric, ...expected[index] });
      });
      expect(expected.map((baseline) => baseline.size)).toEqual([11, 2, 9, 11]);
    });
  });

  describe('baseline of a constant decimal series', () => {
    it('should have a standard deviation of exactly 0 and the exact mean', async () => {
      const pipelineId = await createPipeline();
      await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ pipeline_id: pipelineId, metric_field: 'throughput', minimum_executions: 5 })
        .expect(201);
      let last = 0;
      for (let day = 1; day <= 12; day += 1) {
        const date = `2024-08-${String(day).padStart(2, '0')}`;
        last = await start({ pipeline_id: pipelineId, start_date: `${date}T04:00:00Z` });
        // 1000 rows in 60 s: throughput 16.6667 every time (not a binary fraction).
        await request(testApp.http)
          .post('/end_pipeline_execution')
          .send({
            id: last,
            end_date: `${date}T04:01:00Z`,
            completed_successfully: true,
            total_rows: 1000,
          })
          .expect(204);
      }
      await waitForQueuesIdle(testApp);
      const input = await testApp.app.get(AnomalyDetectionRepository).findInput(last);
      expect(input!.rules[0].baseline).toEqual({ size: 11, mean: 16.6667, stddev: 0 });
    });
  });

  describe('detection of a normal run', () => {
    it('should mark the end evaluated without results or flags, and skip a repeated delivery', async () => {
      const pipelineId = await createPipeline();
      await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ pipeline_id: pipelineId, metric_field: 'total_rows', minimum_executions: 5 })
        .expect(201);
      let last = 0;
      for (let day = 1; day <= 7; day += 1) {
        const day2 = String(day).padStart(2, '0');
        last = await start({ pipeline_id: pipelineId, start_date: `2024-05-${day2}T06:00:00Z` });
        await request(testApp.http)
          .post('/end_pipeline_execution')
          .send({
            id: last,
            end_date: `2024-05-${day2}T06:10:00Z`,
            completed_successfully: true,
            total_rows: 100 + (day % 3),
          })
          .expect(204);
      }
      await waitForQueuesIdle(testApp);
      const [run] = await testApp.dataSource.query(
        `SELECT r.end_version::text AS marked,
           (extract(epoch FROM e.updated_at) * 1000000)::int8::text AS current, e.anomaly_flags
         FROM anomaly_detection_run r JOIN pipeline_execution e ON e.id = r.pipeline_execution_id
         WHERE r.pipeline_execution_id = $1`,
        [last],
      );
      expect(run).toEqual({ marked: run.current, current: run.current, anomaly_flags: null });
      const outcome = await testApp.app.get(AnomalyDetectionService).detectForExecution(last);
      expect(outcome.status).toBe('already_evaluated');
    });

    it('should read and mark the executions detected together in one statement each', async () => {
      const pipelineId = await createPipeline();
      await request(testApp.http)
        .post('/anomaly_detection_rule')
        .send({ pipeline_id: pipelineId, metric_field: 'total_rows', minimum_executions: 5 })
        .expect(201);
      const ended: number[] = [];
      for (let day = 1; day <= 6; day += 1) {
        const day2 = String(day).padStart(2, '0');
        const id = await start({
          pipeline_id: pipelineId,
          start_date: `2024-06-${day2}T06:00:00Z`,
        });
        await request(testApp.http)
          .post('/end_pipeline_execution')
          .send({
            id,
            end_date: `2024-06-${day2}T06:10:00Z`,
            completed_successfully: true,
            total_rows: 100 + (day % 3),
          })
          .expect(204);
        ended.push(id);
      }
      const running = await start({ pipeline_id: pipelineId, start_date: '2024-06-07T06:00:00Z' });
      await waitForQueuesIdle(testApp);
      await testApp.dataSource.query(
        'DELETE FROM anomaly_detection_run WHERE pipeline_execution_id = ANY($1::int8[])',
        [ended],
      );
      const runner = testApp.app.get(StatementRunner);
      const run = jest.spyOn(runner, 'run');
      try {
        const detection = testApp.app.get(AnomalyDetectionService);
        const missing = ended[ended.length - 1] + 1_000_000;
        const outcomes = await Promise.all(
          [...ended, running, missing].map((id) => detection.detectForExecution(id)),
        );
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          ...ended.map(() => 'evaluated'),
          'not_successful',
          'not_found',
        ]);
        expect(outcomes.slice(0, 3).map((outcome) => outcome.rulesEvaluated)).toEqual([1, 1, 1]);
        // One read for the eight, one mark for the six.
        expect(run).toHaveBeenCalledTimes(2);
      } finally {
        run.mockRestore();
      }
      const [{ marked }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS marked FROM anomaly_detection_run
         WHERE pipeline_execution_id = ANY($1::int8[])`,
        [ended],
      );
      expect(marked).toBe(ended.length);
    });
  });
});

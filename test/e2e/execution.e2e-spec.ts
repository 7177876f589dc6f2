import { Injectable } from '@nestjs/common';
import request from 'supertest';
import {
  EXECUTION_ENDED_JOB,
  type ExecutionEndedPayload,
} from 'src/modules/execution/jobs/execution-ended.job';
import { OnJob } from 'src/queue/on-job.decorator';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

const endedEvents: ExecutionEndedPayload[] = [];

/** A subscriber of execution-ended, as the anomaly and monitoring modules will be. */
@Injectable()
class EndedSubscriber {
  @OnJob(EXECUTION_ENDED_JOB)
  async onEnded(payload: ExecutionEndedPayload): Promise<void> {
    endedEvents.push(payload);
    await Promise.resolve();
  }
}

const MAX_BIGINT = '9223372036854775807';

/** GET /pipeline_execution/{id} as the tests read it. */
interface ExecutionBody {
  id: number;
  start_date: string;
  child_executions: ExecutionBody[];
  [field: string]: unknown;
}

describe('Pipeline executions', () => {
  let testApp: TestApp;
  let pipelineCounter = 0;

  beforeAll(async () => {
    testApp = await createTestApp({ providers: [EndedSubscriber] });
  });

  afterAll(async () => {
    await testApp.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function createPipeline(extra: Record<string, unknown> = {}): Promise<number> {
    pipelineCounter += 1;
    const response = await request(testApp.http)
      .post('/pipeline')
      .send({
        name: `exec pipeline ${pipelineCounter}`,
        pipeline_type_name: 'extraction',
        ...extra,
      })
      .expect(201);
    return response.body.id;
  }

  async function start(body: Record<string, unknown>, expected = 201): Promise<number> {
    const response = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send(body)
      .expect(expected);
    return response.body.id;
  }

  async function end(body: Record<string, unknown>): Promise<void> {
    await request(testApp.http).post('/end_pipeline_execution').send(body).expect(204);
  }

  async function getExecution(id: number): Promise<ExecutionBody> {
    const response = await request(testApp.http).get(`/pipeline_execution/${id}`).expect(200);
    return response.body;
  }

  async function getPipeline(id: number): Promise<Record<string, unknown>> {
    const response = await request(testApp.http).get(`/pipeline/${id}`).expect(200);
    return response.body;
  }

  async function countRows(sql: string, params: unknown[] = []): Promise<number> {
    const rows: Array<{ n: number }> = await testApp.dataSource.query(sql, params);
    return rows[0].n;
  }

  const countExecutions = (pipelineId: number): Promise<number> =>
    countRows('SELECT count(*)::int AS n FROM pipeline_execution WHERE pipeline_id = $1', [
      pipelineId,
    ]);

  /** Starts at a fixed time and ends `ms` later with the given extra fields; returns the row. */
  async function runFor(ms: number, extra: Record<string, unknown> = {}) {
    const pipelineId = await createPipeline();
    const startDate = new Date('2024-03-01T08:00:00Z');
    const id = await start({ pipeline_id: pipelineId, start_date: startDate.toISOString() });
    const endDate = new Date(startDate.getTime() + ms).toISOString();
    await end({ id, end_date: endDate, completed_successfully: true, ...extra });
    return getExecution(id);
  }

  describe('the documented examples', () => {
    it('should start, end and return the seed example exactly', async () => {
      const pipelineId = await createPipeline();
      const created = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({
          pipeline_id: pipelineId,
          start_date: '2024-01-01T10:00:00Z',
          watermark: '2024-01-01T00:00:00Z',
          next_watermark: '2024-01-01T23:59:59Z',
          parent_id: null,
        })
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(Number) });
      const id: number = created.body.id;

      const ended = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send({
          id,
          end_date: '2024-01-01T10:05:00Z',
          completed_successfully: true,
          total_rows: 1000,
          inserts: 800,
          updates: 200,
          soft_deletes: 0,
          execution_metadata: { partition: '2025-01-05' },
        })
        .expect(204);
      expect(ended.text).toBe('');

      expect(await getExecution(id)).toEqual({
        id,
        parent_id: null,
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:00:00.000Z',
        end_date: '2024-01-01T10:05:00.000Z',
        duration_seconds: 300,
        completed_successfully: true,
        inserts: 800,
        updates: 200,
        soft_deletes: 0,
        total_rows: 1000,
        watermark: '2024-01-01T00:00:00Z',
        next_watermark: '2024-01-01T23:59:59Z',
        execution_metadata: { partition: '2025-01-05' },
        anomaly_flags: null,
        throughput: 3.3333,
        child_executions: [],
      });
      const [derived] = await testApp.dataSource.query(
        'SELECT hour_recorded, date_recorded FROM pipeline_execution WHERE id = $1',
        [id],
      );
      expect(derived).toEqual({ hour_recorded: 10, date_recorded: '2024-01-01' });
    });

    it('should start from the minimal body {pipeline_id} at the current time', async () => {
      const pipelineId = await createPipeline();
      const before = Date.now();
      const id = await start({ pipeline_id: pipelineId });
      const after = Date.now();
      const execution = await getExecution(id);
      const startedAt = Date.parse(execution.start_date);
      expect(startedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(startedAt).toBeLessThanOrEqual(after + 1000);
      expect(execution).toMatchObject({
        id,
        parent_id: null,
        pipeline_id: pipelineId,
        end_date: null,
        duration_seconds: null,
        completed_successfully: null,
        total_rows: null,
        throughput: null,
        watermark: null,
        next_watermark: null,
        child_executions: [],
      });
      const [derived] = await testApp.dataSource.query(
        'SELECT hour_recorded, date_recorded FROM pipeline_execution WHERE id = $1',
        [id],
      );
      const startDate = new Date(execution.start_date);
      expect(derived).toEqual({
        hour_recorded: startDate.getUTCHours(),
        date_recorded: startDate.toISOString().slice(0, 10),
      });
    });

    it('should read a start_date without offset as UTC and derive hour/date in UTC', async () => {
      const pipelineId = await createPipeline();
      const naive = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00' });
      const offset = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T23:30:00-02:00',
      });
      expect((await getExecution(naive)).start_date).toBe('2024-01-01T10:00:00.000Z');
      expect((await getExecution(offset)).start_date).toBe('2024-01-02T01:30:00.000Z');
      const rows = await testApp.dataSource.query(
        'SELECT hour_recorded, date_recorded FROM pipeline_execution WHERE id = ANY($1) ORDER BY id',
        [[naive, offset]],
      );
      expect(rows).toEqual([
        { hour_recorded: 10, date_recorded: '2024-01-01' },
        { hour_recorded: 1, date_recorded: '2024-01-02' },
      ]);
    });

    it('should store integer and date watermarks as strings, unaltered', async () => {
      const pipelineId = await createPipeline();
      const id = await start({
        pipeline_id: pipelineId,
        watermark: 42,
        next_watermark: '2024-01-02',
      });
      expect(await getExecution(id)).toMatchObject({
        watermark: '42',
        next_watermark: '2024-01-02',
      });
    });

    it('should document every endpoint in Swagger under Pipeline Execution', async () => {
      const { body } = await request(testApp.http).get('/docs-json').expect(200);
      const operations = [
        body.paths['/start_pipeline_execution'].post,
        body.paths['/end_pipeline_execution'].post,
        body.paths['/pipeline_execution/{pipeline_execution_id}'].get,
        body.paths['/pipeline/{pipeline_id}/executions'].get,
      ];
      for (const operation of operations) {
        expect(operation.tags).toEqual(['Pipeline Execution']);
        expect(operation.summary).toEqual(expect.any(String));
      }
      expect(operations[0].responses['201']).toBeDefined();
      expect(operations[0].parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
        ]),
      );
      expect(operations[1].responses['204']).toBeDefined();
      expect(
        body.components.schemas.PipelineExecutionTreeResponse.properties.child_executions,
      ).toBeDefined();
    });
  });

  describe('hierarchy', () => {
    it('should nest a three-level tree under the root the moment each start returns', async () => {
      const pipelineId = await createPipeline();
      const root = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      const child1 = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:01:00Z',
        parent_id: root,
      });
      const grandchild = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:02:00Z',
        parent_id: child1,
      });
      // No wait, no job: the closure rows are committed with the start.
      const afterGrandchild = await getExecution(root);
      expect(afterGrandchild.child_executions).toHaveLength(1);
      expect(afterGrandchild.child_executions[0].child_executions[0].id).toBe(grandchild);

      // The alias key of one existing client.
      const child2 = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:03:00Z',
        parent_execution_id: root,
      });

      const tree = await getExecution(root);
      expect(tree).toMatchObject({
        id: root,
        parent_id: null,
        child_executions: [
          {
            id: child1,
            parent_id: root,
            start_date: '2024-01-01T10:01:00.000Z',
            child_executions: [{ id: grandchild, parent_id: child1, child_executions: [] }],
          },
          { id: child2, parent_id: root, child_executions: [] },
        ],
      });
      expect(tree.child_executions).toHaveLength(2);

      const subtree = await getExecution(child1);
      expect(subtree).toMatchObject({
        id: child1,
        parent_id: root,
        child_executions: [{ id: grandchild, child_executions: [] }],
      });
      expect(subtree.child_executions).toHaveLength(1);
      expect((await getExecution(grandchild)).child_executions).toEqual([]);

      const closure = await testApp.dataSource.query(
        `SELECT ancestor_id, descendant_id, depth FROM pipeline_execution_closure
         WHERE descendant_id = $1 ORDER BY depth`,
        [grandchild],
      );
      expect(closure).toEqual([
        { ancestor_id: grandchild, descendant_id: grandchild, depth: 0 },
        { ancestor_id: child1, descendant_id: grandchild, depth: 1 },
        { ancestor_id: root, descendant_id: grandchild, depth: 2 },
      ]);
    });

    it('should refuse parent_id and parent_execution_id that disagree', async () => {
      const pipelineId = await createPipeline();
      const a = await start({ pipeline_id: pipelineId });
      const b = await start({ pipeline_id: pipelineId });
      const response = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: pipelineId, parent_id: a, parent_execution_id: b })
        .expect(422);
      expect(response.body.details).toEqual([
        { field: 'parent_execution_id', messages: [expect.stringContaining('alias of parent_id')] },
      ]);
      expect(await countExecutions(pipelineId)).toBe(2);
    });
  });

  describe('metrics', () => {
    it.each([
      [1500, 2],
      [2500, 3],
      [400, 0],
      [300_000, 300],
    ])('should round %p ms to %p s', async (ms, seconds) => {
      const execution = await runFor(ms, { total_rows: 10 });
      expect(execution.duration_seconds).toBe(seconds);
    });

    it('should give throughput 1.4286 for 10 rows over 7 s', async () => {
      expect((await runFor(7000, { total_rows: 10 })).throughput).toBe(1.4286);
    });

    it('should give throughput null without total_rows', async () => {
      const execution = await runFor(7000);
      expect(execution).toMatchObject({ total_rows: null, throughput: null, duration_seconds: 7 });
    });

    it('should give throughput 0 when the duration rounds to 0 s', async () => {
      expect(await runFor(400, { total_rows: 99 })).toMatchObject({
        duration_seconds: 0,
        throughput: 0,
      });
    });

    it('should re-apply the metrics when an execution is ended again', async () => {
      const pipelineId = await createPipeline();
      const id = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      await end({
        id,
        end_date: '2024-01-01T10:00:10Z',
        completed_successfully: false,
        total_rows: 5,
      });
      await end({
        id,
        end_date: '2024-01-01T10:00:20Z',
        completed_successfully: true,
        total_rows: 40,
      });
      expect(await getExecution(id)).toMatchObject({
        end_date: '2024-01-01T10:00:20.000Z',
        duration_seconds: 20,
        completed_successfully: true,
        total_rows: 40,
        throughput: 2,
      });
    });

    it('should accept counts of 2^63 - 1 and return them exactly', async () => {
      const pipelineId = await createPipeline();
      const id = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'application/json')
        .send(
          `{"id":${id},"end_date":"2024-01-01T10:00:01Z","completed_successfully":true,` +
            `"total_rows":${MAX_BIGINT},"inserts":${MAX_BIGINT},"updates":${MAX_BIGINT},` +
            `"soft_deletes":${MAX_BIGINT},` +
            `"execution_metadata":{"big":12345678901234567890,"nested":{"a":[1,2]}}}`,
        )
        .expect(204);
      const response = await request(testApp.http).get(`/pipeline_execution/${id}`).expect(200);
      for (const field of ['total_rows', 'inserts', 'updates', 'soft_deletes']) {
        expect(response.text).toContain(`"${field}":${MAX_BIGINT}`);
      }
      const [stored] = await testApp.dataSource.query(
        `SELECT total_rows::text AS total_rows, throughput::text AS throughput,
           execution_metadata->>'big' AS big FROM pipeline_execution WHERE id = $1`,
        [id],
      );
      expect(stored).toEqual({
        total_rows: MAX_BIGINT,
        throughput: MAX_BIGINT,
        big: '12345678901234567890',
      });
      expect(response.body.execution_metadata.nested).toEqual({ a: [1, 2] });
      expect((await getPipeline(pipelineId)).last_target_insert).toBe('2024-01-01T10:00:01.000Z');
    });

    it('should refuse a count of 2^63 with 422 and leave the execution unchanged', async () => {
      const pipelineId = await createPipeline();
      const id = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      const before = await getExecution(id);
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'application/json')
        .send(`{"id":${id},"end_date":"2024-01-01T10:00:01Z","total_rows":9223372036854775808}`)
        .expect(422);
      expect(response.body.details).toEqual([
        { field: 'total_rows', messages: [expect.stringContaining('(too large)')] },
      ]);
      expect(await getExecution(id)).toEqual(before);
    });
  });

  describe('effects on the pipeline', () => {
    it('should change nothing on the pipeline and enqueue nothing for a failed end', async () => {
      const pipelineId = await createPipeline({ next_watermark: 'p-next' });
      const before = await getPipeline(pipelineId);
      const enqueue = jest.spyOn(testApp.jobQueue, 'enqueue');
      const failed = await start({ pipeline_id: pipelineId, next_watermark: 'e-next' });
      await end({
        id: failed,
        end_date: new Date(Date.now() + 5000).toISOString(),
        completed_successfully: false,
        inserts: 5,
        updates: 5,
        soft_deletes: 5,
      });
      // Absent completed_successfully is stored as false: also not a success.
      const unreported = await start({ pipeline_id: pipelineId });
      await end({
        id: unreported,
        end_date: new Date(Date.now() + 5000).toISOString(),
        inserts: 1,
      });
      expect((await getExecution(unreported)).completed_successfully).toBe(false);
      expect((await getExecution(failed)).completed_successfully).toBe(false);
      expect(await getPipeline(pipelineId)).toEqual(before);
      expect(enqueue).not.toHaveBeenCalled();
    });

    it('should advance watermark and last_target_* and turn load_lineage off on success', async () => {
      const pipelineId = await createPipeline({ next_watermark: 'p-next' });
      const own = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:00:00Z',
        next_watermark: 'e-next',
      });
      await end({
        id: own,
        end_date: '2024-01-01T10:05:00Z',
        completed_successfully: true,
        inserts: 3,
        updates: 0,
      });
      expect(await getPipeline(pipelineId)).toMatchObject({
        watermark: 'e-next',
        last_target_insert: '2024-01-01T10:05:00.000Z',
        last_target_update: null,
        last_target_soft_delete: null,
        load_lineage: false,
      });

      const inherited = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T11:00:00Z',
      });
      await end({
        id: inherited,
        end_date: '2024-01-01T11:05:00Z',
        completed_successfully: true,
        updates: 2,
        soft_deletes: 1,
      });
      expect(await getPipeline(pipelineId)).toMatchObject({
        watermark: 'p-next',
        last_target_insert: '2024-01-01T10:05:00.000Z',
        last_target_update: '2024-01-01T11:05:00.000Z',
        last_target_soft_delete: '2024-01-01T11:05:00.000Z',
      });
    });

    it('should not move last_target_* backwards when an older execution ends later', async () => {
      const pipelineId = await createPipeline();
      const older = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      const newer = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T11:00:00Z' });
      const counts = { inserts: 1, updates: 1, soft_deletes: 1 };
      await end({
        id: newer,
        end_date: '2024-01-01T11:30:00Z',
        completed_successfully: true,
        ...counts,
      });
      await end({
        id: older,
        end_date: '2024-01-01T10:30:00Z',
        completed_successfully: true,
        ...counts,
      });
      expect(await getPipeline(pipelineId)).toMatchObject({
        last_target_insert: '2024-01-01T11:30:00.000Z',
        last_target_update: '2024-01-01T11:30:00.000Z',
        last_target_soft_delete: '2024-01-01T11:30:00.000Z',
      });
    });

    it('should not move the watermark back when an older execution succeeds later', async () => {
      const pipelineId = await createPipeline();
      const older = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:00:00Z',
        next_watermark: 'w-older',
      });
      const newer = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T11:00:00Z',
        next_watermark: 'w-newer',
      });
      await end({ id: newer, end_date: '2024-01-01T11:30:00Z', completed_successfully: true });
      expect((await getPipeline(pipelineId)).watermark).toBe('w-newer');
      await end({ id: older, end_date: '2024-01-01T11:45:00Z', completed_successfully: true });
      expect((await getPipeline(pipelineId)).watermark).toBe('w-newer');
      const oldest = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T12:00:00Z',
        next_watermark: 'w-latest',
      });
      await end({ id: oldest, end_date: '2024-01-01T12:30:00Z', completed_successfully: true });
      expect((await getPipeline(pipelineId)).watermark).toBe('w-latest');
    });

    it('should hand out the advanced watermark through POST /pipeline (watermark protocol)', async () => {
      const body = { name: 'watermark protocol', pipeline_type_name: 'extraction' };
      const created = await request(testApp.http)
        .post('/pipeline')
        .send({ ...body, next_watermark: '2024-01-02T00:00:00Z' })
        .expect(201);
      expect(created.body.watermark).toBeNull();
      const id = await start({ pipeline_id: created.body.id });
      await end({
        id,
        end_date: new Date(Date.now() + 60_000).toISOString(),
        completed_successfully: true,
      });
      const next = await request(testApp.http)
        .post('/pipeline')
        .send({ ...body, next_watermark: '2024-01-03T00:00:00Z' })
        .expect(200);
      expect(next.body).toMatchObject({ id: created.body.id, watermark: '2024-01-02T00:00:00Z' });
    });

    it('should publish execution-ended once per successful end, to every subscriber, and never for a failed one', async () => {
      const pipelineId = await createPipeline();
      await waitForQueuesIdle(testApp); // events of earlier tests' ends are delivered first
      endedEvents.length = 0;
      const ok = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      const failed = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T11:00:00Z' });
      await end({ id: ok, end_date: '2024-01-01T10:01:00Z', completed_successfully: true });
      await end({ id: failed, end_date: '2024-01-01T11:01:00Z', completed_successfully: false });
      await waitForQueuesIdle(testApp);
      expect(endedEvents).toEqual([{ executionId: ok, pipelineId }]);

      // Ending again re-applies the metrics, so subscribers hear about it again.
      await end({ id: ok, end_date: '2024-01-01T10:02:00Z', completed_successfully: true });
      await waitForQueuesIdle(testApp);
      expect(endedEvents).toEqual([
        { executionId: ok, pipelineId },
        { executionId: ok, pipelineId },
      ]);
      expect(await countRows('SELECT count(*)::int AS n FROM job_outbox')).toBe(0);
    });

    it('should publish nothing when the end is rejected', async () => {
      const pipelineId = await createPipeline();
      endedEvents.length = 0;
      const id = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .send({ id, end_date: '2024-01-01T09:00:00Z', completed_successfully: true })
        .expect(400);
      await waitForQueuesIdle(testApp);
      expect(endedEvents).toEqual([]);
    });
  });

  describe('Idempotency-Key', () => {
    it('should return the same id with 200 for a retried start with the same key', async () => {
      const pipelineId = await createPipeline();
      const first = await request(testApp.http)
        .post('/start_pipeline_execution')
        .set('Idempotency-Key', 'run-2024-01-01')
        .send({ pipeline_id: pipelineId })
        .expect(201);
      const retry = await request(testApp.http)
        .post('/start_pipeline_execution')
        .set('Idempotency-Key', 'run-2024-01-01')
        .send({ pipeline_id: pipelineId })
        .expect(200);
      expect(retry.body).toEqual({ id: first.body.id });
      expect(await countExecutions(pipelineId)).toBe(1);

      const other = await request(testApp.http)
        .post('/start_pipeline_execution')
        .set('Idempotency-Key', 'run-2024-01-02')
        .send({ pipeline_id: pipelineId })
        .expect(201);
      expect(other.body.id).not.toBe(first.body.id);

      // A key names one start: sent again for another pipeline it is refused (issue 8).
      const otherPipeline = await createPipeline();
      const reused = await request(testApp.http)
        .post('/start_pipeline_execution')
        .set('Idempotency-Key', 'run-2024-01-01')
        .send({ pipeline_id: otherPipeline })
        .expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countExecutions(pipelineId)).toBe(2);
      expect(await countExecutions(otherPipeline)).toBe(0);
    });

    it('should create one execution for 10 concurrent retries: one 201, nine 200', async () => {
      const pipelineId = await createPipeline();
      const root = await start({ pipeline_id: pipelineId });
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          request(testApp.http)
            .post('/start_pipeline_execution')
            .set('Idempotency-Key', 'concurrent-key')
            .send({ pipeline_id: pipelineId, parent_id: root }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(responses.map((response) => response.body.id));
      expect(ids.size).toBe(1);
      expect(await countExecutions(pipelineId)).toBe(2);
      const [id] = [...ids];
      expect(
        await countRows(
          'SELECT count(*)::int AS n FROM pipeline_execution_closure WHERE descendant_id = $1',
          [id],
        ),
      ).toBe(2);
      expect((await getExecution(root)).child_executions.map((c: { id: number }) => c.id)).toEqual([
        id,
      ]);
    });

    it.each([
      ['empty', ''],
      ['longer than 255 characters', 'k'.repeat(256)],
      ['not printable ASCII', 'clé'],
    ])('should refuse an Idempotency-Key that is %s with 422', async (_label, key) => {
      const pipelineId = await createPipeline();
      const response = await request(testApp.http)
        .post('/start_pipeline_execution')
        .set('Idempotency-Key', key)
        .send({ pipeline_id: pipelineId })
        .expect(422);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.body.details[0].field).toBe('Idempotency-Key');
      expect(await countExecutions(pipelineId)).toBe(0);
    });
  });

  describe('bad input', () => {
    let pipelineId: number;
    let executionId: number;
    let snapshot: Record<string, unknown>;
    let pipelineSnapshot: Record<string, unknown>;

    beforeAll(async () => {
      pipelineId = await createPipeline({ next_watermark: 'untouched' });
      executionId = await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' });
      await end({
        id: executionId,
        end_date: '2024-01-01T10:00:10Z',
        completed_successfully: false,
        total_rows: 7,
        inserts: 1,
      });
      snapshot = await getExecution(executionId);
      pipelineSnapshot = await getPipeline(pipelineId);
    });

    afterEach(async () => {
      expect(await getExecution(executionId)).toEqual(snapshot);
      expect(await getPipeline(pipelineId)).toEqual(pipelineSnapshot);
      expect(await countExecutions(pipelineId)).toBe(1);
    });

    const endBody = (extra: Record<string, unknown>) => ({
      id: 0,
      end_date: '2024-01-01T10:00:20Z',
      completed_successfully: true,
      ...extra,
    });

    it.each([
      ['a negative count', { inserts: -1 }, 'inserts'],
      ['a string for a count', { total_rows: '10' }, 'total_rows'],
      ['a fraction for a count', { updates: 1.5 }, 'updates'],
      [
        'a string for completed_successfully',
        { completed_successfully: 'yes' },
        'completed_successfully',
      ],
      ['an impossible end_date', { end_date: '2024-02-30T10:00:00Z' }, 'end_date'],
      ['an epoch number as end_date', { end_date: 1704103220 }, 'end_date'],
      ['an array as execution_metadata', { execution_metadata: [1, 2] }, 'execution_metadata'],
    ])('should refuse %s with 422', async (_label, extra, field) => {
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send({ ...endBody(extra), id: executionId })
        .expect(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'VALIDATION_FAILED' });
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('should refuse a missing id or end_date with 422', async () => {
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send({ completed_successfully: true })
        .expect(422);
      const fields = response.body.details.map((d: { field: string }) => d.field).sort();
      expect(fields).toEqual(['end_date', 'id']);
    });

    it('should refuse an end_date before start_date with 400', async () => {
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send(endBody({ id: executionId, end_date: '2024-01-01T09:59:59Z' }))
        .expect(400);
      expect(response.body).toMatchObject({ code: 'EXECUTION_END_BEFORE_START' });
      expect(response.body.message).toContain('end_date must be greater than start_date');
    });

    it('should refuse an end_date equal to start_date with 400', async () => {
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send(endBody({ id: executionId, end_date: '2024-01-01T12:00:00+02:00' }))
        .expect(400);
      expect(response.body.code).toBe('EXECUTION_END_BEFORE_START');
    });

    it('should answer an unknown execution id with 404', async () => {
      const response = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send(endBody({ id: executionId + 100_000 }))
        .expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'EXECUTION_NOT_FOUND' });
    });

    it('should refuse an array body, a non-JSON body and malformed JSON', async () => {
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .send([endBody({ id: executionId })])
        .expect(422);
      // text/plain is read as JSON (400 when it is not JSON); a form is not JSON at all (415).
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'text/plain')
        .send(`id=${executionId}`)
        .expect(400);
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`id=${executionId}`)
        .expect(415);
      const malformed = await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'application/json')
        .send(`{"id": ${executionId}, "end_date": `)
        .expect(400);
      expect(malformed.body.code).toBe('BAD_JSON');
    });

    it('should answer an unknown pipeline or parent on start with 404', async () => {
      const pipeline = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: pipelineId + 100_000 })
        .expect(404);
      expect(pipeline.body.code).toBe('PIPELINE_NOT_FOUND');
      const parent = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: pipelineId, parent_id: executionId + 100_000 })
        .expect(404);
      expect(parent.body.code).toBe('EXECUTION_NOT_FOUND');
      expect(parent.body.message).toContain('Parent execution');
      const alias = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send({ pipeline_id: pipelineId, parent_execution_id: executionId + 100_000 })
        .expect(404);
      expect(alias.body.code).toBe('EXECUTION_NOT_FOUND');
    });

    it.each([
      ['no pipeline_id', {}, 'pipeline_id'],
      ['a string pipeline_id', { pipeline_id: '1' }, 'pipeline_id'],
      ['a start_date that is not ISO-8601', { start_date: 'yesterday' }, 'start_date'],
      ['a watermark that is an object', { watermark: { at: 1 } }, 'watermark'],
      ['a zero parent_id', { parent_id: 0 }, 'parent_id'],
    ])('should refuse a start with %s with 422', async (_label, extra, field) => {
      const response = await request(testApp.http)
        .post('/start_pipeline_execution')
        .send(field === 'pipeline_id' ? extra : { pipeline_id: pipelineId, ...extra })
        .expect(422);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('should answer GET of an unknown or malformed execution id with 404 / 422', async () => {
      const missing = await request(testApp.http)
        .get(`/pipeline_execution/${executionId + 100_000}`)
        .expect(404);
      expect(missing.body).toMatchObject({ code: 'EXECUTION_NOT_FOUND', details: null });
      await request(testApp.http).get('/pipeline_execution/abc').expect(422);
    });
  });

  describe('GET /pipeline/{id}/executions', () => {
    let pipelineId: number;
    const ids: number[] = [];

    beforeAll(async () => {
      pipelineId = await createPipeline();
      // 6 executions: ids[0..5]; 0,3 succeeded, 1,4 failed, 2,5 running.
      for (let index = 0; index < 6; index += 1) {
        ids.push(await start({ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z' }));
      }
      for (const index of [0, 3]) {
        await end({
          id: ids[index],
          end_date: '2024-01-01T10:01:00Z',
          completed_successfully: true,
        });
      }
      for (const index of [1, 4]) {
        await end({
          id: ids[index],
          end_date: '2024-01-01T10:01:00Z',
          completed_successfully: false,
        });
      }
      await start({ pipeline_id: await createPipeline() });
    });

    const list = async (query: string, expected = 200) =>
      (
        await request(testApp.http)
          .get(`/pipeline/${pipelineId}/executions${query}`)
          .expect(expected)
      ).body;

    it('should list newest first, flat, without child_executions', async () => {
      const rows = await list('');
      expect(rows.map((row: { id: number }) => row.id)).toEqual([...ids].reverse());
      expect(rows[0]).not.toHaveProperty('child_executions');
      expect(rows[0]).toMatchObject({ pipeline_id: pipelineId, completed_successfully: null });
    });

    it('should page with limit and before_id', async () => {
      const first = await list('?limit=2');
      expect(first.map((row: { id: number }) => row.id)).toEqual([ids[5], ids[4]]);
      const second = await list(`?limit=2&before_id=${ids[4]}`);
      expect(second.map((row: { id: number }) => row.id)).toEqual([ids[3], ids[2]]);
      const last = await list(`?limit=2&before_id=${ids[0]}`);
      expect(last).toEqual([]);
    });

    it('should filter by status', async () => {
      const byStatus = async (status: string) =>
        (await list(`?status=${status}`)).map((row: { id: number }) => row.id);
      expect(await byStatus('running')).toEqual([ids[5], ids[2]]);
      expect(await byStatus('succeeded')).toEqual([ids[3], ids[0]]);
      expect(await byStatus('FAILED')).toEqual([ids[4], ids[1]]);
      expect(await byStatus('succeeded&before_id=' + ids[3])).toEqual([ids[0]]);
    });

    it('should default to 100 rows', async () => {
      const busy = await createPipeline();
      for (let batch = 0; batch < 101; batch += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, 101 - batch) }, () => start({ pipeline_id: busy })),
        );
      }
      const response = await request(testApp.http).get(`/pipeline/${busy}/executions`).expect(200);
      expect(response.body).toHaveLength(100);
    });

    it('should answer an unknown pipeline with 404 and bad paging with 422', async () => {
      const missing = await request(testApp.http)
        .get(`/pipeline/${pipelineId + 100_000}/executions`)
        .expect(404);
      expect(missing.body.code).toBe('PIPELINE_NOT_FOUND');
      await list('?status=done', 422);
      await list('?limit=10001', 422);
      await list('?limit=0', 422);
      await list('?before_id=abc', 422);
    });
  });
});

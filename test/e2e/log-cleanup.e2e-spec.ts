import request from 'supertest';
import { LOG_CLEANUP } from 'src/modules/monitoring/jobs/log-cleanup.job';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  countRows,
  createPipeline,
  daysAgo,
  runExecution,
} from 'test/support/factories/monitoring';

const COUNTS = {
  executions: 'SELECT count(*)::int AS n FROM pipeline_execution',
  closure: 'SELECT count(*)::int AS n FROM pipeline_execution_closure',
  timeliness: 'SELECT count(*)::int AS n FROM timeliness_pipeline_execution_log',
  freshness: 'SELECT count(*)::int AS n FROM freshness_pipeline_log',
  anomaly: 'SELECT count(*)::int AS n FROM anomaly_detection_result',
} as const;

type Counts = Record<keyof typeof COUNTS, number>;

describe('Log cleanup', () => {
  let testApp: TestApp;
  let pipelineId: number;
  let ruleId: number;
  const kept: number[] = [];
  const deleted: number[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    pipelineId = await createPipeline(testApp, {
      name: 'retention pipeline',
      pipeline_type_name: 'retention',
      timeliness_number: 1,
      timeliness_datepart: 'hour',
    });
    // A rule of the anomaly module, for result rows (its baselines stay far too small to detect).
    const [rule]: Array<{ id: number }> = await testApp.dataSource.query(
      `INSERT INTO anomaly_detection_rule (pipeline_id, metric_field) VALUES ($1, 'total_rows')
       RETURNING id`,
      [pipelineId],
    );
    ruleId = rule.id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function counts(): Promise<Counts> {
    const result = {} as Counts;
    for (const [name, sql] of Object.entries(COUNTS)) {
      result[name as keyof Counts] = await countRows(testApp, sql);
    }
    return result;
  }

  /** An execution that started `days` ago and ended an hour later (or never, with isRunning). */
  async function execution(
    days: number,
    options: { parentId?: number; isRunning?: boolean } = {},
  ): Promise<number> {
    const start = daysAgo(days);
    return runExecution(testApp, {
      pipelineId,
      start,
      end: options.isRunning ? undefined : new Date(Date.parse(start) + 600_000).toISOString(),
      parentId: options.parentId,
      inserts: 1,
    });
  }

  async function insertTimelinessLog(executionId: number): Promise<void> {
    await testApp.dataSource.query(
      `INSERT INTO timeliness_pipeline_execution_log (pipeline_execution_id, pipeline_id,
         execution_status, start_date, end_date, deadline, duration_seconds, seconds_threshold,
         timeliness_number, timeliness_datepart, threshold_source, created_at)
       SELECT id, pipeline_id, 'completed', start_date, end_date, start_date, 600, 0, 1, 'minute',
         'pipeline', start_date FROM pipeline_execution WHERE id = $1`,
      [executionId],
    );
  }

  async function insertFreshnessLog(days: number): Promise<void> {
    await testApp.dataSource.query(
      `INSERT INTO freshness_pipeline_log (pipeline_id, last_dml_timestamp, stale_since,
         evaluation_timestamp, freshness_number, freshness_datepart, threshold_source)
       VALUES ($1, $2::timestamptz - interval '2 days', $2::timestamptz - interval '1 day',
         $2::timestamptz, 1, 'day', 'pipeline')`,
      [pipelineId, daysAgo(days)],
    );
  }

  async function insertAnomalyResult(executionId: number): Promise<void> {
    await testApp.dataSource.query(
      `INSERT INTO anomaly_detection_result (pipeline_execution_id, anomaly_detection_rule_id,
         metric_field, value, mean, stddev, z_score, lower_bound, upper_bound, baseline_size,
         direction, z_threshold)
       VALUES ($1, $2, 'total_rows', 100, 10, 2, 45, 4, 16, 30, 'both', 3)`,
      [executionId, ruleId],
    );
  }

  it('should set up executions, logs and results on both sides of a 90-day cutoff', async () => {
    // Old leaf with a timeliness log and an anomaly result: goes.
    const oldLeaf = await execution(200);
    await insertTimelinessLog(oldLeaf);
    // Started before the cutoff and never ended: goes (the start date alone decides).
    const oldRunning = await execution(150, { isRunning: true });
    // Old three-level tree: goes, children first.
    const oldRoot = await execution(200);
    const oldChild = await execution(199, { parentId: oldRoot });
    const oldGrandchild = await execution(198, { parentId: oldChild });
    // An old parent with a new child: both stay.
    const keptParent = await execution(200);
    const newChild = await execution(10, { parentId: keptParent });
    // An old parent and child with a new grandchild: all stay.
    const keptRoot = await execution(300);
    const keptMiddle = await execution(250, { parentId: keptRoot });
    const newGrandchild = await execution(5, { parentId: keptMiddle });
    // New: stays, with its log and result.
    const recent = await execution(10);
    await insertTimelinessLog(recent);
    // The timeliness check logs the old run that never ended (threshold 1 hour).
    await request(testApp.http).post('/timeliness').send({ lookback_minutes: 60 }).expect(200);
    await waitForQueuesIdle(testApp);
    // After the ends' anomaly detection has run (it rewrites an execution's results).
    for (const id of [oldLeaf, oldGrandchild, recent]) {
      await insertAnomalyResult(id);
    }
    await insertFreshnessLog(200);
    await insertFreshnessLog(10);

    deleted.push(oldLeaf, oldRunning, oldRoot, oldChild, oldGrandchild);
    kept.push(keptParent, newChild, keptRoot, keptMiddle, newGrandchild, recent);
    expect(await counts()).toEqual({
      executions: 11,
      closure: 11 + 3 + 1 + 3,
      timeliness: 3,
      freshness: 2,
      anomaly: 3,
    });
  });

  it('should reject a bad body and delete nothing', async () => {
    const before = await counts();
    const bodies: unknown[] = [
      { retention_days: 89 },
      { retention_days: 0 },
      {},
      { retention_days: '365' },
      { retention_days: 90, batch_size: 0 },
      { retention_days: 90, batch_size: 100_001 },
      { retention_days: 90, batch_size: 1.5 },
    ];
    for (const body of bodies) {
      const response = await request(testApp.http)
        .post('/log_cleanup')
        .send(body as object);
      expect([JSON.stringify(body), response.status, response.body.code]).toEqual([
        JSON.stringify(body),
        422,
        'VALIDATION_FAILED',
      ]);
    }
    expect(await counts()).toEqual(before);
  });

  it('should delete exactly the old side, in small batches, and count what really went', async () => {
    const before = await counts();
    const response = await request(testApp.http)
      .post('/log_cleanup')
      .send({ retention_days: 90, batch_size: 1 })
      .expect(200);
    const after = await counts();
    const body = response.body as Record<string, number>;
    expect(body.total_pipeline_executions_deleted).toBe(before.executions - after.executions);
    expect(
      body.total_pipeline_execution_closure_parent_deleted +
        body.total_pipeline_execution_closure_child_deleted,
    ).toBe(before.closure - after.closure);
    expect(body.total_timeliness_pipeline_execution_logs_deleted).toBe(
      before.timeliness - after.timeliness,
    );
    expect(body.total_freshness_pipeline_logs_deleted).toBe(before.freshness - after.freshness);
    expect(body.total_anomaly_detection_results_deleted).toBe(before.anomaly - after.anomaly);
    // Leaves go first, so each closure row is counted where its deleted end was the ancestor
    // (the execution's own row) or the descendant of an ancestor still there at the time.
    expect(body).toEqual({
      total_pipeline_executions_deleted: 5,
      total_timeliness_pipeline_execution_logs_deleted: 2,
      total_anomaly_detection_results_deleted: 2,
      total_pipeline_execution_closure_parent_deleted: 5,
      total_pipeline_execution_closure_child_deleted: 3,
      total_freshness_pipeline_logs_deleted: 1,
    });

    const remaining: Array<{ id: number }> = await testApp.dataSource.query(
      'SELECT id FROM pipeline_execution ORDER BY id',
    );
    expect(remaining.map((row) => Number(row.id))).toEqual([...kept].sort((a, b) => a - b));
    const orphans = await countRows(
      testApp,
      `SELECT count(*)::int AS n FROM pipeline_execution_closure
       WHERE ancestor_id = ANY($1::bigint[]) OR descendant_id = ANY($1::bigint[])`,
      [deleted],
    );
    expect(orphans).toBe(0);
    // Every kept execution still sees its whole ancestry.
    expect(after.closure).toBe(6 + 1 + 3);
    const tree = await request(testApp.http).get(`/pipeline_execution/${kept[2]}`).expect(200);
    expect(tree.body.child_executions[0].child_executions[0].id).toBe(kept[4]);
  });

  it('should find nothing more to delete on a second run', async () => {
    const response = await request(testApp.http)
      .post('/log_cleanup')
      .send({ retention_days: 90 })
      .expect(200);
    expect(Object.values(response.body)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('should run on the schedule with WATCHER_RETENTION_DAYS (365 by default)', async () => {
    const ancient = await execution(400);
    const yearOld = await execution(300);
    // Their detection first: a row it has locked (FK check of its marker) is skipped by the
    // cleanup's SKIP LOCKED batch and left for the next run, by design.
    await waitForQueuesIdle(testApp);
    const slot = new Date('2026-01-01T03:00:00Z');
    expect(await testApp.app.get(SchedulerService).fireSlot(LOG_CLEANUP, slot)).toBe(true);
    await waitForQueuesIdle(testApp);
    const ids: Array<{ id: number }> = await testApp.dataSource.query(
      'SELECT id FROM pipeline_execution WHERE id = ANY($1::bigint[])',
      [[ancient, yearOld]],
    );
    expect(ids.map((row) => Number(row.id))).toEqual([yearOld]);
  });
});

import request from 'supertest';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import {
  createPipeline,
  createPipelineType,
  minutesAgo,
  patchPipeline,
  runExecution,
} from 'test/support/factories/monitoring';

interface OverviewItem {
  id: number;
  name: string;
  pipeline_type_name: string;
  active: boolean;
  state: string;
  last_run: {
    id: number;
    status: string;
    late: boolean;
    start_date: string;
    end_date: string | null;
    duration_seconds: number | null;
  } | null;
  last_success_at: string | null;
  freshness: { state: string; last_dml_at: string | null; due_at: string | null };
  open_anomalies: number;
  recent_durations: number[];
}

interface Overview {
  items: OverviewItem[];
  total: number;
  page: number;
  page_size: number;
  counts: Record<string, number>;
  pipeline_types: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Each pipeline is seeded through the public API into exactly one state; the expected order is
 * problems first (failed, late, stale, anomalous, running, succeeded, never_run), then name.
 */
const EXPECTED_ORDER: Array<[string, string]> = [
  ['failed pipeline', 'failed'],
  ['late ended', 'late'],
  ['late running', 'late'],
  ['logged late', 'late'],
  ['calendar stale', 'stale'],
  ['stale pipeline', 'stale'],
  ['anomalous pipeline', 'anomalous'],
  ['muted late', 'running'],
  ['running pipeline', 'running'],
  ['muted fresh', 'succeeded'],
  ['ok pipeline', 'succeeded'],
  ['never pipeline', 'never_run'],
];

describe('GET /dashboard/overview', () => {
  let testApp: TestApp;
  const ids: Record<string, number> = {};
  const runs: Record<string, string> = {};

  async function overview(query: Record<string, unknown> = {}): Promise<Overview> {
    const response = await request(testApp.http).get('/dashboard/overview').query(query);
    expect(response.status).toBe(200);
    return response.body as Overview;
  }

  /** Creates a pipeline; mutes are set with PATCH (POST /pipeline does not take them). */
  async function pipeline(name: string, type: string, settings: Record<string, unknown> = {}) {
    const { mute_freshness_check, mute_timeliness_check, ...config } = settings;
    ids[name] = await createPipeline(testApp, { name, pipeline_type_name: type, ...config });
    if (mute_freshness_check !== undefined || mute_timeliness_check !== undefined) {
      await patchPipeline(testApp, { id: ids[name], mute_freshness_check, mute_timeliness_check });
    }
    return ids[name];
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    await createPipelineType(testApp, { name: 'dash a' });
    await createPipelineType(testApp, {
      name: 'dash b',
      timeliness_number: 10,
      timeliness_datepart: 'minute',
    });

    const ok = await pipeline('ok pipeline', 'dash a');
    runs.okEnd = minutesAgo(19);
    await runExecution(testApp, { pipelineId: ok, start: minutesAgo(20), end: runs.okEnd });

    const failed = await pipeline('failed pipeline', 'dash a');
    runs.failedSuccessEnd = minutesAgo(49);
    await runExecution(testApp, {
      pipelineId: failed,
      start: minutesAgo(50),
      end: runs.failedSuccessEnd,
    });
    await runExecution(testApp, {
      pipelineId: failed,
      start: minutesAgo(10),
      end: minutesAgo(9),
      isSuccess: false,
    });

    const running = await pipeline('running pipeline', 'dash a', {
      timeliness_number: 60,
      timeliness_datepart: 'minute',
    });
    await runExecution(testApp, { pipelineId: running, start: minutesAgo(5) });

    const lateRunning = await pipeline('late running', 'dash a', {
      timeliness_number: 10,
      timeliness_datepart: 'minute',
    });
    await runExecution(testApp, { pipelineId: lateRunning, start: minutesAgo(30) });

    // The type's timeliness threshold (10 minutes) applies; the run ended 55 minutes in.
    const lateEnded = await pipeline('late ended', 'dash b');
    await runExecution(testApp, {
      pipelineId: lateEnded,
      start: minutesAgo(60),
      end: minutesAgo(5),
    });

    const mutedLate = await pipeline('muted late', 'dash a', {
      timeliness_number: 10,
      timeliness_datepart: 'minute',
      mute_timeliness_check: true,
    });
    await runExecution(testApp, { pipelineId: mutedLate, start: minutesAgo(30) });

    const stale = await pipeline('stale pipeline', 'dash a', {
      freshness_number: 1,
      freshness_datepart: 'minute',
    });
    runs.staleEnd = minutesAgo(10);
    await runExecution(testApp, {
      pipelineId: stale,
      start: minutesAgo(11),
      end: runs.staleEnd,
      inserts: 5,
    });

    // 2024-01-31 + 1 month is 2024-02-29 (calendar-aware, leap year), long past.
    const calendar = await pipeline('calendar stale', 'dash a', {
      freshness_number: 1,
      freshness_datepart: 'month',
    });
    await runExecution(testApp, {
      pipelineId: calendar,
      start: '2024-01-31T09:00:00.000Z',
      end: '2024-01-31T10:00:00.000Z',
      inserts: 1,
    });

    const mutedFresh = await pipeline('muted fresh', 'dash a', {
      freshness_number: 1,
      freshness_datepart: 'minute',
      mute_freshness_check: true,
    });
    await runExecution(testApp, {
      pipelineId: mutedFresh,
      start: minutesAgo(11),
      end: minutesAgo(10),
      inserts: 5,
    });

    await pipeline('never pipeline', 'dash a');

    // A run logged late by the timeliness check stays late after the check is muted.
    const logged = await pipeline('logged late', 'dash a', {
      timeliness_number: 10,
      timeliness_datepart: 'minute',
    });
    await runExecution(testApp, { pipelineId: logged, start: minutesAgo(30) });
    await request(testApp.http).post('/timeliness').send({}).expect(200);
    await waitForQueuesIdle(testApp);
    await patchPipeline(testApp, { id: logged, mute_timeliness_check: true });

    // Six baseline runs at this time of day, then one with 100x the rows: flagged.
    const anomalous = await pipeline('anomalous pipeline', 'dash a');
    await request(testApp.http)
      .post('/anomaly_detection_rule')
      .send({ pipeline_id: anomalous, metric_field: 'total_rows', minimum_executions: 5 })
      .expect(201);
    const base = minutesAgo(3);
    for (let k = 6; k >= 1; k -= 1) {
      const start = plus(base, -k * DAY_MS);
      await runExecution(testApp, {
        pipelineId: anomalous,
        start,
        end: plus(start, 60_000),
        inserts: k % 2 === 0 ? 100 : 110,
      });
    }
    runs.anomalousId = String(
      await runExecution(testApp, {
        pipelineId: anomalous,
        start: base,
        end: plus(base, 60_000),
        inserts: 10_000,
      }),
    );
    await waitForQueuesIdle(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should list every pipeline problems first, then by name, with its state', async () => {
    const body = await overview();
    expect(body.items.map((item) => [item.name, item.state])).toEqual(EXPECTED_ORDER);
    expect(body.total).toBe(EXPECTED_ORDER.length);
    expect(body.page).toBe(1);
    expect(body.page_size).toBe(50);
    expect(body.counts).toEqual({
      failed: 1,
      late: 3,
      stale: 2,
      anomalous: 1,
      running: 2,
      succeeded: 2,
      never_run: 1,
    });
    expect(body.pipeline_types).toEqual(['dash a', 'dash b']);
  });

  it('should describe the last run, last success, freshness and durations of a row', async () => {
    const items = (await overview()).items;
    const byName = (name: string) => items.find((item) => item.name === name) as OverviewItem;

    const failed = byName('failed pipeline');
    expect(failed.last_run).toEqual(
      expect.objectContaining({ status: 'failed', late: false, duration_seconds: 60 }),
    );
    expect(failed.last_success_at).toBe(runs.failedSuccessEnd);
    expect(failed.recent_durations).toEqual([60]);
    expect(failed.freshness).toEqual({ state: 'no_threshold', last_dml_at: null, due_at: null });

    expect(byName('late running').last_run).toEqual(
      expect.objectContaining({ status: 'running', late: true, end_date: null }),
    );
    expect(byName('late ended').last_run).toEqual(
      expect.objectContaining({ status: 'succeeded', late: true }),
    );
    expect(byName('muted late').last_run).toEqual(
      expect.objectContaining({ status: 'running', late: false }),
    );
    expect(byName('running pipeline').last_run?.late).toBe(false);

    expect(byName('stale pipeline').freshness).toEqual({
      state: 'stale',
      last_dml_at: runs.staleEnd,
      due_at: plus(runs.staleEnd, 60_000),
    });
    expect(byName('calendar stale').freshness).toEqual({
      state: 'stale',
      last_dml_at: '2024-01-31T10:00:00.000Z',
      due_at: '2024-02-29T10:00:00.000Z',
    });
    expect(byName('muted fresh').freshness.state).toBe('muted');

    const never = byName('never pipeline');
    expect(never.last_run).toBeNull();
    expect(never.last_success_at).toBeNull();
    expect(never.recent_durations).toEqual([]);
    expect(never.open_anomalies).toBe(0);

    const anomalous = byName('anomalous pipeline');
    expect(anomalous.last_run?.id).toBe(Number(runs.anomalousId));
    expect(anomalous.open_anomalies).toBe(1);
    expect(anomalous.recent_durations).toEqual([60, 60, 60, 60, 60, 60, 60]);

    const ok = byName('ok pipeline');
    expect(ok.last_success_at).toBe(runs.okEnd);
    expect(ok).toEqual(
      expect.objectContaining({ pipeline_type_name: 'dash a', active: true, open_anomalies: 0 }),
    );
  });

  it('should filter by state, keeping the counts of the whole set', async () => {
    const body = await overview({ state: 'late' });
    expect(body.items.map((item) => item.name)).toEqual([
      'late ended',
      'late running',
      'logged late',
    ]);
    expect(body.total).toBe(3);
    expect(body.counts.late).toBe(3);
    expect(body.counts.never_run).toBe(1);
  });

  it('should filter by type and count only that type', async () => {
    const body = await overview({ pipeline_type_name: 'DASH B' });
    expect(body.items.map((item) => item.name)).toEqual(['late ended']);
    expect(body.counts).toEqual(expect.objectContaining({ late: 1, never_run: 0, failed: 0 }));
    expect(body.pipeline_types).toEqual(['dash a', 'dash b']);
  });

  it('should search names case-insensitively, % and _ matching literally', async () => {
    const body = await overview({ search: 'LATE' });
    expect(body.items.map((item) => item.name)).toEqual([
      'late ended',
      'late running',
      'logged late',
      'muted late',
    ]);
    expect(body.counts.running).toBe(1);
    expect((await overview({ search: '%' })).items).toEqual([]);
    expect((await overview({ search: 'ok_pipeline' })).total).toBe(0);
  });

  it('should page the ordered list', async () => {
    const body = await overview({ page: 2, page_size: 5 });
    expect(body.items.map((item) => item.name)).toEqual(
      EXPECTED_ORDER.slice(5, 10).map(([name]) => name),
    );
    expect(body).toEqual(expect.objectContaining({ total: 12, page: 2, page_size: 5 }));
    const beyond = await overview({ page: 9, page_size: 5 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(12);
    expect(beyond.counts.failed).toBe(1);
  });

  it.each([
    [{ state: 'broken' }, 'state'],
    [{ page: 0 }, 'page'],
    [{ page: 'abc' }, 'page'],
    [{ page_size: 201 }, 'page_size'],
    [{ page_size: '1e2' }, 'page_size'],
    [{ search: 'a'.repeat(151) }, 'search'],
  ])('should answer 422 naming the field for %j', async (query, field) => {
    const response = await request(testApp.http).get('/dashboard/overview').query(query);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([expect.objectContaining({ field })]);
  });

  // Last: it changes the anomalous pipeline's state.
  it('should stop counting an anomaly once it is unflagged', async () => {
    await request(testApp.http)
      .post('/unflag_anomaly')
      .send({
        pipeline_id: ids['anomalous pipeline'],
        pipeline_execution_id: Number(runs.anomalousId),
        metric_field: ['total_rows'],
      })
      .expect((response) => expect([200, 204]).toContain(response.status));
    const item = (await overview({ search: 'anomalous' })).items[0];
    expect(item.open_anomalies).toBe(0);
    expect(item.state).toBe('succeeded');
  });

  it('should judge a run by itself, not by a step nested under it in the same pipeline', async () => {
    const id = await pipeline('nested steps pipeline', 'dash a');
    const parent = await runExecution(testApp, { pipelineId: id, start: minutesAgo(8) });
    await runExecution(testApp, {
      pipelineId: id,
      parentId: parent,
      start: minutesAgo(7),
      end: minutesAgo(6),
      isSuccess: false,
    });
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({ id: parent, end_date: minutesAgo(2), completed_successfully: true })
      .expect(204);
    const item = (await overview({ search: 'nested steps' })).items[0];
    expect(item.last_run).toMatchObject({ id: parent, status: 'succeeded' });
    expect(item.state).toBe('succeeded');
  });
});

import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';
import { createPipeline } from 'test/support/factories/monitoring';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Midnight UTC two days ago: day D of the seeded numbers. */
const today = new Date();
const D = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 2 * DAY_MS;
const at = (ms: number): string => new Date(D + ms).toISOString();
const dayOf = (ms: number): string => at(ms).slice(0, 10);

interface Counts {
  inserts?: number;
  updates?: number;
  soft_deletes?: number;
  total_rows?: number;
}

describe('Reporting', () => {
  let testApp: TestApp;
  let a: number;
  let b: number;

  async function run(pipelineId: number, startMs: number, seconds?: number, counts: Counts = {}) {
    const started = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send({ pipeline_id: pipelineId, start_date: at(startMs) })
      .expect(201);
    if (seconds === undefined) {
      return;
    }
    const isSuccess = counts.total_rows !== undefined;
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({
        id: started.body.id,
        end_date: at(startMs + seconds * 1000),
        completed_successfully: isSuccess,
        inserts: counts.inserts ?? 0,
        updates: counts.updates ?? 0,
        soft_deletes: counts.soft_deletes ?? 0,
        total_rows: counts.total_rows ?? 0,
      })
      .expect(204);
  }

  const daily = (query: Record<string, unknown> = {}) =>
    request(testApp.http).get('/reporting/daily-pipeline-metrics').query(query);

  const dayA = {
    date: dayOf(0),
    pipeline_name: 'report a',
    pipeline_type_name: 'report etl',
    executions: 4,
    failed: 1,
    error_rate: 0.25,
    inserts: 30,
    updates: 2,
    soft_deletes: 1,
    total_rows: 33,
    average_duration_seconds: 150,
    throughput: 0.08,
  };
  const dayB = {
    date: dayOf(0),
    pipeline_name: 'report b',
    pipeline_type_name: 'report other',
    executions: 1,
    failed: 0,
    error_rate: 0,
    inserts: 1,
    updates: 0,
    soft_deletes: 0,
    total_rows: 1,
    average_duration_seconds: 10,
    throughput: 0.1,
  };
  const dayBeforeA = {
    date: dayOf(-DAY_MS),
    pipeline_name: 'report a',
    executions: 1,
    failed: 0,
    error_rate: 0,
    inserts: 5,
    total_rows: 5,
    average_duration_seconds: 60,
    throughput: 0.08,
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    a = await createPipeline(testApp, { name: 'report a', pipeline_type_name: 'report etl' });
    b = await createPipeline(testApp, { name: 'report b', pipeline_type_name: 'report other' });
    // Day D for a: two successes (13 rows in 100 s, 20 in 300 s), a failure (50 s), one running.
    await run(a, 1 * HOUR_MS, 100, { inserts: 10, updates: 2, soft_deletes: 1, total_rows: 13 });
    await run(a, 2 * HOUR_MS, 300, { inserts: 20, total_rows: 20 });
    await run(a, 3 * HOUR_MS, 50);
    await run(a, 4 * HOUR_MS);
    // Started 30 s before midnight: counts on the day before D, where it started.
    await run(a, -30_000, 60, { inserts: 5, total_rows: 5 });
    await run(a, -40 * DAY_MS, 60, { inserts: 7, total_rows: 7 });
    await run(b, 5 * HOUR_MS, 10, { inserts: 1, total_rows: 1 });
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /reporting/daily-pipeline-metrics', () => {
    it('should aggregate per UTC start day and pipeline, newest day first', async () => {
      const response = await daily().expect(200);
      expect(response.body).toEqual(expect.objectContaining({ total: 3, page: 1, page_size: 50 }));
      expect(response.body.items).toEqual([
        { ...dayA, pipeline_id: a },
        { ...dayB, pipeline_id: b },
        expect.objectContaining({ ...dayBeforeA, pipeline_id: a }),
      ]);
    });

    it('should cover the asked number of days, today included', async () => {
      const wide = await daily({ days: 60 }).expect(200);
      expect(wide.body.total).toBe(4);
      expect(wide.body.items[3]).toEqual(
        expect.objectContaining({ date: dayOf(-40 * DAY_MS), pipeline_id: a, executions: 1 }),
      );
      const three = await daily({ days: 3 }).expect(200);
      expect(three.body.items.map((item: { pipeline_name: string }) => item.pipeline_name)).toEqual(
        ['report a', 'report b'],
      );
      const todayOnly = await daily({ days: 1 }).expect(200);
      expect(todayOnly.body).toEqual({ items: [], total: 0, page: 1, page_size: 50 });
    });

    it('should filter by pipeline name and type name, and page', async () => {
      const byName = await daily({ pipeline_name: 'Report B' }).expect(200);
      expect(byName.body.items).toEqual([{ ...dayB, pipeline_id: b }]);
      const byType = await daily({ pipeline_type_name: 'report etl' }).expect(200);
      expect(byType.body.items.map((item: { date: string }) => item.date)).toEqual([
        dayOf(0),
        dayOf(-DAY_MS),
      ]);
      const unknown = await daily({ pipeline_name: 'nobody' }).expect(200);
      expect(unknown.body.total).toBe(0);
      // A page that starts inside one day and ends in the next, and one past the end.
      const across = await daily({ page: 1, page_size: 3 }).expect(200);
      expect(across.body.items.map((item: { date: string }) => item.date)).toEqual([
        dayOf(0),
        dayOf(0),
        dayOf(-DAY_MS),
      ]);
      const second = await daily({ page: 2, page_size: 2 }).expect(200);
      expect(second.body.items).toEqual([
        expect.objectContaining({ ...dayBeforeA, pipeline_id: a }),
      ]);
      const beyond = await daily({ page: 3, page_size: 2 }).expect(200);
      expect(beyond.body).toEqual({ items: [], total: 3, page: 3, page_size: 2 });
      const page = await daily({ page: 2, page_size: 1 }).expect(200);
      expect(page.body).toEqual({
        items: [{ ...dayB, pipeline_id: b }],
        total: 3,
        page: 2,
        page_size: 1,
      });
    });

    it.each([
      [{ days: 0 }, 'days'],
      [{ days: 366 }, 'days'],
      [{ days: '-1' }, 'days'],
      [{ page_size: 201 }, 'page_size'],
      [{ page: 0 }, 'page'],
      [{ pipeline_name: 'x'.repeat(151) }, 'pipeline_name'],
    ])('should answer 422 for %j', async (query, field) => {
      const response = await daily(query).expect(422);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details).toEqual([expect.objectContaining({ field })]);
    });
  });

  it('should list pipeline names and type names, sorted', async () => {
    const names = await request(testApp.http).get('/reporting/pipeline-names').expect(200);
    expect(names.body).toEqual(['report a', 'report b']);
    const types = await request(testApp.http).get('/reporting/pipeline-type-names').expect(200);
    expect(types.body).toEqual(['report etl', 'report other']);
  });

  it('should accept the refresh of old clients as a no-op', async () => {
    const response = await request(testApp.http).post('/reporting/refresh').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

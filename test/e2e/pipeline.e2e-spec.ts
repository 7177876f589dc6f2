import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';
import { racesAreReal, sendTogether } from 'test/support/race';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Pipelines and watermarks', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const seedBody = {
    name: 'my data pipeline',
    pipeline_type_name: 'extraction',
    next_watermark: '2024-01-02T00:00:00Z',
    pipeline_metadata: { description: 'Daily data extraction pipeline' },
    freshness_number: 24,
    freshness_datepart: 'hour',
    timeliness_number: 2,
    timeliness_datepart: 'hour',
  };

  async function pipelineRow(id: number): Promise<Record<string, unknown>> {
    const response = await request(testApp.http).get(`/pipeline/${id}`).expect(200);
    return response.body;
  }

  it('should create the seed example (201) with watermark null, and return it on repeat (200, same id)', async () => {
    const created = await request(testApp.http).post('/pipeline').send(seedBody).expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      active: true,
      load_lineage: true,
      watermark: null,
    });
    const again = await request(testApp.http).post('/pipeline').send(seedBody).expect(200);
    expect(again.body).toEqual({
      id: created.body.id,
      active: true,
      load_lineage: true,
      watermark: null,
    });
  });

  it('should return the documented shape from GET /pipeline/{id}', async () => {
    const { body } = await request(testApp.http)
      .post('/pipeline')
      .send({ ...seedBody, name: 'Shape Pipeline', pipeline_type_name: 'Shape Type' })
      .expect(201);
    const row = await pipelineRow(body.id);
    const types = await request(testApp.http).get('/pipeline_type?name=shape type');
    expect(row).toEqual({
      id: body.id,
      name: 'shape pipeline',
      pipeline_type_id: types.body[0].id,
      watermark: null,
      next_watermark: '2024-01-02T00:00:00Z',
      pipeline_metadata: { description: 'Daily data extraction pipeline' },
      last_target_insert: null,
      last_target_update: null,
      last_target_soft_delete: null,
      freshness_number: 24,
      freshness_datepart: 'hour',
      mute_freshness_check: false,
      timeliness_number: 2,
      timeliness_datepart: 'hour',
      mute_timeliness_check: false,
      load_lineage: true,
      active: true,
      created_at: expect.stringMatching(ISO),
      updated_at: null,
    });
  });

  it('should leave updated_at alone on an identical repeat and apply changed settings', async () => {
    const body = { ...seedBody, name: 'resync pipeline' };
    const { body: created } = await request(testApp.http).post('/pipeline').send(body).expect(201);
    await request(testApp.http).post('/pipeline').send(body).expect(200);
    await request(testApp.http)
      .post('/pipeline')
      .send({ ...body, pipeline_metadata: { description: 'Daily data extraction pipeline' } })
      .expect(200);
    expect((await pipelineRow(created.id)).updated_at).toBeNull();

    await request(testApp.http)
      .post('/pipeline')
      .send({ ...body, freshness_number: 6, freshness_datepart: 'DAY' })
      .expect(200);
    const changed = await pipelineRow(created.id);
    expect(changed).toMatchObject({
      freshness_number: 6,
      freshness_datepart: 'day',
      timeliness_number: 2,
    });
    expect(changed.updated_at).toEqual(expect.stringMatching(ISO));
  });

  it('should keep omitted settings on a repeat that sends fewer fields', async () => {
    const { body } = await request(testApp.http)
      .post('/pipeline')
      .send({ ...seedBody, name: 'keep fields' });
    await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'keep fields', pipeline_type_name: 'extraction' })
      .expect(200);
    expect(await pipelineRow(body.id)).toMatchObject({
      freshness_number: 24,
      timeliness_number: 2,
      next_watermark: '2024-01-02T00:00:00Z',
      pipeline_metadata: { description: 'Daily data extraction pipeline' },
    });
  });

  it('should return the current watermark only when next_watermark was sent', async () => {
    const { body } = await request(testApp.http)
      .post('/pipeline')
      .send({ ...seedBody, name: 'wm pipeline' });
    await request(testApp.http)
      .patch('/pipeline')
      .send({ id: body.id, watermark: '2024-01-01T00:00:00Z' })
      .expect(200);
    const withNext = await request(testApp.http)
      .post('/pipeline')
      .send({ ...seedBody, name: 'wm pipeline', next_watermark: '2024-01-03T00:00:00Z' })
      .expect(200);
    expect(withNext.body.watermark).toBe('2024-01-01T00:00:00Z');
    expect((await pipelineRow(body.id)).next_watermark).toBe('2024-01-03T00:00:00Z');
    const withoutNext: Partial<typeof seedBody> = { ...seedBody };
    delete withoutNext.next_watermark;
    const noNext = await request(testApp.http)
      .post('/pipeline')
      .send({ ...withoutNext, name: 'wm pipeline' })
      .expect(200);
    expect(noNext.body.watermark).toBeNull();
  });

  it('should store integer, date and odd watermarks as strings, unaltered', async () => {
    const cases: Array<[unknown, string]> = [
      [12345, '12345'],
      ['2024-01-02', '2024-01-02'],
      ['2024-01-02T00:00:00+02:00', '2024-01-02T00:00:00+02:00'],
      ['  Keep Me  ', '  Keep Me  '],
    ];
    for (const [index, [sent, stored]] of cases.entries()) {
      const { body } = await request(testApp.http)
        .post('/pipeline')
        .send({ name: `wm-kind-${index}`, pipeline_type_name: 'extraction', next_watermark: sent })
        .expect(201);
      expect((await pipelineRow(body.id)).next_watermark).toBe(stored);
    }
  });

  it('should accept metadata with huge integers and long decimals (never a 5xx or 400)', async () => {
    const created = await request(testApp.http)
      .post('/pipeline')
      .set('Content-Type', 'application/json')
      .send(
        '{"name":"big meta","pipeline_type_name":"extraction","pipeline_metadata":{"big":12345678901234567890,"f":0.30000000000000004}}',
      )
      .expect(201);
    const row = await pipelineRow(created.body.id);
    expect(row.pipeline_metadata).toEqual({ big: 12345678901234567000, f: 0.30000000000000004 });
    await request(testApp.http)
      .patch('/pipeline')
      .set('Content-Type', 'application/json')
      .send(`{"id":${created.body.id},"pipeline_metadata":{"big":98765432109876543210}}`)
      .expect(200);
  });

  it('should filter the list by type, active and name prefix, with paging', async () => {
    const a = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'flt-a', pipeline_type_name: 'flt-type' });
    await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'flt-b', pipeline_type_name: 'flt-type' });
    await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'flt-c', pipeline_type_name: 'other-type' });
    await request(testApp.http)
      .patch('/pipeline')
      .send({ id: a.body.id, active: false })
      .expect(200);
    const typeId = Number((await pipelineRow(a.body.id)).pipeline_type_id);
    const byType = await request(testApp.http)
      .get(`/pipeline?pipeline_type_id=${typeId}`)
      .expect(200);
    expect(byType.body.map((p: { name: string }) => p.name)).toEqual(['flt-a', 'flt-b']);
    const active = await request(testApp.http).get('/pipeline?name=flt-&active=true').expect(200);
    expect(active.body.map((p: { name: string }) => p.name)).toEqual(['flt-b', 'flt-c']);
    const paged = await request(testApp.http)
      .get('/pipeline?name=flt-&limit=1&offset=2')
      .expect(200);
    expect(paged.body.map((p: { name: string }) => p.name)).toEqual(['flt-c']);
    await request(testApp.http).get('/pipeline?active=maybe').expect(422);
  });

  it('should PATCH by id (rename), by name, and answer 404/409/422 as documented', async () => {
    const a = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'patch-one', pipeline_type_name: 'extraction' });
    await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'patch-two', pipeline_type_name: 'extraction' });
    const type = await request(testApp.http)
      .post('/pipeline_type')
      .send({ name: 'patch-target-type' });
    const renamed = await request(testApp.http)
      .patch('/pipeline')
      .send({
        id: a.body.id,
        name: 'Patch Renamed',
        pipeline_type_id: type.body.id,
        mute_freshness_check: true,
        load_lineage: false,
        pipeline_metadata: { environment: 'production' },
      })
      .expect(200);
    expect(renamed.body).toMatchObject({
      id: a.body.id,
      name: 'patch renamed',
      pipeline_type_id: type.body.id,
      mute_freshness_check: true,
      load_lineage: false,
      pipeline_metadata: { environment: 'production' },
      updated_at: expect.stringMatching(ISO),
    });
    const byName = await request(testApp.http)
      .patch('/pipeline')
      .send({ name: 'patch renamed', next_watermark: 7 })
      .expect(200);
    expect(byName.body.next_watermark).toBe('7');

    const taken = await request(testApp.http)
      .patch('/pipeline')
      .send({ id: a.body.id, name: 'patch-two' })
      .expect(409);
    expect(taken.body.code).toBe('PIPELINE_NAME_TAKEN');
    const noType = await request(testApp.http)
      .patch('/pipeline')
      .send({ id: a.body.id, pipeline_type_id: 999999 })
      .expect(404);
    expect(noType.body.code).toBe('PIPELINE_TYPE_NOT_FOUND');
    await request(testApp.http).patch('/pipeline').send({ id: 999999, active: false }).expect(404);
    await request(testApp.http).patch('/pipeline').send({ active: false }).expect(422);
    await request(testApp.http)
      .patch('/pipeline')
      .send({ id: a.body.id, freshness_number: 3 })
      .expect(422);
    const missing = await request(testApp.http).get('/pipeline/999999').expect(404);
    expect(missing.body.code).toBe('PIPELINE_NOT_FOUND');
    const after = await pipelineRow(a.body.id);
    expect(after).toMatchObject({
      name: 'patch renamed',
      pipeline_type_id: type.body.id,
      active: true,
      freshness_number: null,
    });
  });

  it('should reject malformed bodies with 4xx and store nothing', async () => {
    const before = await request(testApp.http).get('/pipeline');
    const typesBefore = await request(testApp.http).get('/pipeline_type');
    const bad: unknown[] = [
      {},
      { name: 'ok-name' },
      { name: 'x'.repeat(151), pipeline_type_name: 'extraction' },
      { name: 'ok-name', pipeline_type_name: 'y'.repeat(151) },
      { name: 12, pipeline_type_name: 'extraction' },
      {
        name: 'ok-name',
        pipeline_type_name: 'extraction',
        freshness_number: 0,
        freshness_datepart: 'hour',
      },
      {
        name: 'ok-name',
        pipeline_type_name: 'extraction',
        freshness_number: 1,
        freshness_datepart: 'fortnight',
      },
      { name: 'ok-name', pipeline_type_name: 'extraction', freshness_number: 1 },
      { name: 'ok-name', pipeline_type_name: 'extraction', timeliness_datepart: 'hour' },
      {
        name: 'ok-name',
        pipeline_type_name: 'extraction',
        timeliness_number: 1.5,
        timeliness_datepart: 'hour',
      },
      { name: 'ok-name', pipeline_type_name: 'extraction', pipeline_metadata: [1, 2] },
      { name: 'ok-name', pipeline_type_name: 'extraction', pipeline_metadata: 'text' },
      { name: 'ok-name', pipeline_type_name: 'extraction', next_watermark: { at: 1 } },
      { name: 'ok-name', pipeline_type_name: 'extraction', next_watermark: true },
      { name: 'ok-name', pipeline_type_name: 'extraction', next_watermark: 'w'.repeat(256) },
      [{ name: 'ok-name', pipeline_type_name: 'extraction' }],
    ];
    for (const body of bad) {
      const response = await request(testApp.http)
        .post('/pipeline')
        .send(body as object);
      expect([body, response.status]).toEqual([body, 422]);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const nonJson = await request(testApp.http)
      .post('/pipeline')
      .set('Content-Type', 'application/json')
      .send('name=ok-name')
      .expect(400);
    expect(nonJson.body.code).toBe('BAD_JSON');
    expect((await request(testApp.http).get('/pipeline')).body).toEqual(before.body);
    expect((await request(testApp.http).get('/pipeline_type')).body).toEqual(typesBefore.body);
  });

  // The race itself is proven only on PostgreSQL, where each request has its own session; in
  // embedded mode PGlite's single session serialises the inserts.
  describe(
    racesAreReal
      ? '50 concurrent creates of one name (PostgreSQL: sessions released together, inserts race)'
      : '50 concurrent creates of one name (embedded: one serialised session; the race is proven only on PostgreSQL)',
    () => {
      it('should create exactly one pipeline and one type, one 201 and 49 200s', async () => {
        const body = { name: 'Racy Pipeline', pipeline_type_name: 'Racy Type', next_watermark: 1 };
        const { result: responses, waitingTogether } = await sendTogether(
          ['pipeline_type', 'pipeline'],
          () =>
            Promise.all(
              Array.from({ length: 50 }, () => request(testApp.http).post('/pipeline').send(body)),
            ),
        );
        if (racesAreReal) {
          expect(waitingTogether).toBeGreaterThanOrEqual(2);
        }
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 200)).toHaveLength(49);
        expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
        const rows = await testApp.dataSource.query(
          `SELECT (SELECT count(*)::int FROM pipeline WHERE name = 'racy pipeline') AS p,
                  (SELECT count(*)::int FROM pipeline_type WHERE name = 'racy type') AS t`,
        );
        expect(rows[0]).toEqual({ p: 1, t: 1 });
      });
    },
  );
});

import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';
import { racesAreReal, sendTogether } from 'test/support/race';

describe('Pipeline types', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const seedBody = {
    name: 'extraction',
    freshness_number: 24,
    freshness_datepart: 'hour',
    mute_freshness_check: false,
    timeliness_number: 2,
    timeliness_datepart: 'hour',
    mute_timeliness_check: false,
  };

  it('should create a type with the seed example (201 {id}) and find it again (200, same id)', async () => {
    const created = await request(testApp.http).post('/pipeline_type').send(seedBody).expect(201);
    expect(created.body).toEqual({ id: expect.any(Number) });
    const again = await request(testApp.http).post('/pipeline_type').send(seedBody).expect(200);
    expect(again.body).toEqual({ id: created.body.id });
  });

  it('should normalise the name (trim, lower-case) so case variants are one type', async () => {
    const first = await request(testApp.http)
      .post('/pipeline_type')
      .send({ name: '  Loading ' })
      .expect(201);
    const second = await request(testApp.http)
      .post('/pipeline_type')
      .send({ name: 'LOADING' })
      .expect(200);
    expect(second.body.id).toBe(first.body.id);
    const row = await request(testApp.http).get(`/pipeline_type/${first.body.id}`).expect(200);
    expect(row.body.name).toBe('loading');
  });

  it('should return the seed shape from GET /pipeline_type/{id} and list all by id', async () => {
    const { body } = await request(testApp.http)
      .post('/pipeline_type')
      .send({ ...seedBody, name: 'shape', freshness_datepart: 'HOUR' });
    const one = await request(testApp.http).get(`/pipeline_type/${body.id}`).expect(200);
    expect(one.body).toEqual({
      id: body.id,
      name: 'shape',
      freshness_number: 24,
      freshness_datepart: 'hour',
      mute_freshness_check: false,
      timeliness_number: 2,
      timeliness_datepart: 'hour',
      mute_timeliness_check: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: null,
    });
    const list = await request(testApp.http).get('/pipeline_type').expect(200);
    const ids = list.body.map((t: { id: number }) => t.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(ids).toContain(body.id);
  });

  it('should apply changed settings on a repeat and leave updated_at alone on an identical one', async () => {
    const { body } = await request(testApp.http)
      .post('/pipeline_type')
      .send({ ...seedBody, name: 'resync' })
      .expect(201);
    await request(testApp.http)
      .post('/pipeline_type')
      .send({ ...seedBody, name: 'resync' })
      .expect(200);
    const unchanged = await request(testApp.http).get(`/pipeline_type/${body.id}`);
    expect(unchanged.body.updated_at).toBeNull();
    await request(testApp.http)
      .post('/pipeline_type')
      .send({ ...seedBody, name: 'resync', freshness_number: 48 })
      .expect(200);
    const changed = await request(testApp.http).get(`/pipeline_type/${body.id}`);
    expect(changed.body.freshness_number).toBe(48);
    expect(changed.body.updated_at).not.toBeNull();
  });

  it('should filter and page the list', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await request(testApp.http).post('/pipeline_type').send({ name });
    }
    const page = await request(testApp.http)
      .get('/pipeline_type?name=PAGE-&limit=2&offset=1')
      .expect(200);
    expect(page.body.map((t: { name: string }) => t.name)).toEqual(['page-b', 'page-c']);
    await request(testApp.http).get('/pipeline_type?limit=0').expect(422);
    await request(testApp.http).get('/pipeline_type?limit=10001').expect(422);
  });

  it('should update by id, rename, update by name, and refuse a taken name with 409', async () => {
    const a = await request(testApp.http).post('/pipeline_type').send({ name: 'patch-a' });
    await request(testApp.http).post('/pipeline_type').send({ name: 'patch-b' });
    const renamed = await request(testApp.http)
      .patch('/pipeline_type')
      .send({ id: a.body.id, name: 'Patch-Renamed', mute_freshness_check: true })
      .expect(200);
    expect(renamed.body).toMatchObject({
      id: a.body.id,
      name: 'patch-renamed',
      mute_freshness_check: true,
    });
    const byName = await request(testApp.http)
      .patch('/pipeline_type')
      .send({ name: 'patch-renamed', timeliness_number: 3, timeliness_datepart: 'day' })
      .expect(200);
    expect(byName.body).toMatchObject({
      id: a.body.id,
      timeliness_number: 3,
      timeliness_datepart: 'day',
    });
    const taken = await request(testApp.http)
      .patch('/pipeline_type')
      .send({ id: a.body.id, name: 'patch-b' })
      .expect(409);
    expect(taken.body.code).toBe('PIPELINE_TYPE_NAME_TAKEN');
    const after = await request(testApp.http).get(`/pipeline_type/${a.body.id}`);
    expect(after.body.name).toBe('patch-renamed');
  });

  it('should answer 404 for unknown ids and 422 for a PATCH without id or name', async () => {
    const missing = await request(testApp.http).get('/pipeline_type/999999').expect(404);
    expect(missing.body.code).toBe('PIPELINE_TYPE_NOT_FOUND');
    await request(testApp.http)
      .patch('/pipeline_type')
      .send({ id: 999999, mute_freshness_check: true })
      .expect(404);
    await request(testApp.http).patch('/pipeline_type').send({ name: 'nope-never' }).expect(404);
    const noKey = await request(testApp.http)
      .patch('/pipeline_type')
      .send({ mute_freshness_check: true })
      .expect(422);
    expect(noKey.body.code).toBe('VALIDATION_FAILED');
    await request(testApp.http).get('/pipeline_type/abc').expect(422);
  });

  it('should reject malformed bodies with 422 and store nothing', async () => {
    const before = await request(testApp.http).get('/pipeline_type');
    const bad = [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(151) },
      { name: 42 },
      { name: 'bad-1', freshness_number: 0, freshness_datepart: 'hour' },
      { name: 'bad-2', freshness_number: 1, freshness_datepart: 'fortnight' },
      { name: 'bad-3', freshness_number: 1 },
      { name: 'bad-4', timeliness_datepart: 'day' },
      { name: 'bad-5', freshness_number: '24', freshness_datepart: 'hour' },
      { name: 'bad-6', mute_freshness_check: 'yes' },
      [{ name: 'bad-7' }],
    ];
    for (const body of bad) {
      const response = await request(testApp.http).post('/pipeline_type').send(body);
      expect([body, response.status]).toEqual([body, 422]);
      expect(response.body.details.length).toBeGreaterThan(0);
    }
    const after = await request(testApp.http).get('/pipeline_type');
    expect(after.body).toEqual(before.body);
  });

  // The race itself is proven only on PostgreSQL, where each request has its own session; in
  // embedded mode PGlite's single session serialises the inserts.
  describe(
    racesAreReal
      ? '50 concurrent creates of one name (PostgreSQL: sessions released together, inserts race)'
      : '50 concurrent creates of one name (embedded: one serialised session; the race is proven only on PostgreSQL)',
    () => {
      it('should create exactly one row, one 201 and 49 200s', async () => {
        const { result: responses, waitingTogether } = await sendTogether(['pipeline_type'], () =>
          Promise.all(
            Array.from({ length: 50 }, () =>
              request(testApp.http).post('/pipeline_type').send({ name: 'racy-type' }),
            ),
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
          `SELECT count(*)::int AS n FROM pipeline_type WHERE name = 'racy-type'`,
        );
        expect(rows[0].n).toBe(1);
      });
    },
  );
});

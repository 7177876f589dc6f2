import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Address types', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should create the seed example (201 {id}) and find it again (200, same id)', async () => {
    const seed = { name: 'postgres', group_name: 'database' };
    const created = await request(testApp.http).post('/address_type').send(seed).expect(201);
    expect(created.body).toEqual({ id: expect.any(Number) });
    const again = await request(testApp.http).post('/address_type').send(seed).expect(200);
    expect(again.body).toEqual({ id: created.body.id });
  });

  it('should trim and lower-case the name and the group, and return the seed shape', async () => {
    const first = await request(testApp.http)
      .post('/address_type')
      .send({ name: '  MySQL ', group_name: ' DataBase' })
      .expect(201);
    await request(testApp.http)
      .post('/address_type')
      .send({ name: 'mysql', group_name: 'database' })
      .expect(200);
    const row = await request(testApp.http).get(`/address_type/${first.body.id}`).expect(200);
    expect(row.body).toEqual({
      id: first.body.id,
      name: 'mysql',
      group_name: 'database',
      created_at: expect.stringMatching(ISO),
      updated_at: null,
    });
  });

  it('should apply a different group on a repeat and leave updated_at alone on an identical one', async () => {
    const { body } = await request(testApp.http)
      .post('/address_type')
      .send({ name: 'regroup', group_name: 'file' })
      .expect(201);
    await request(testApp.http)
      .post('/address_type')
      .send({ name: 'regroup', group_name: 'FILE' })
      .expect(200);
    expect(
      (await request(testApp.http).get(`/address_type/${body.id}`)).body.updated_at,
    ).toBeNull();
    await request(testApp.http)
      .post('/address_type')
      .send({ name: 'regroup', group_name: 'object store' })
      .expect(200);
    const changed = await request(testApp.http).get(`/address_type/${body.id}`);
    expect(changed.body).toMatchObject({
      group_name: 'object store',
      updated_at: expect.stringMatching(ISO),
    });
  });

  it('should list by id with group and name-prefix filters and paging', async () => {
    for (const [name, group] of [
      ['lst-s3', 'file'],
      ['lst-gcs', 'file'],
      ['lst-oracle', 'database'],
    ]) {
      await request(testApp.http).post('/address_type').send({ name, group_name: group });
    }
    const all = await request(testApp.http).get('/address_type').expect(200);
    const ids = all.body.map((type: { id: number }) => type.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    const files = await request(testApp.http)
      .get('/address_type?group_name=FILE&name=LST-')
      .expect(200);
    expect(files.body.map((type: { name: string }) => type.name)).toEqual(['lst-s3', 'lst-gcs']);
    const paged = await request(testApp.http).get('/address_type?name=lst-&limit=1&offset=2');
    expect(paged.body.map((type: { name: string }) => type.name)).toEqual(['lst-oracle']);
    await request(testApp.http).get('/address_type?limit=0').expect(422);
    await request(testApp.http).get('/address_type?offset=-1').expect(422);
  });

  it('should PATCH by id (rename, group), by name, and answer 404/409/422 as documented', async () => {
    const a = await request(testApp.http)
      .post('/address_type')
      .send({ name: 'patch-a', group_name: 'file' });
    await request(testApp.http).post('/address_type').send({ name: 'patch-b', group_name: 'file' });
    const renamed = await request(testApp.http)
      .patch('/address_type')
      .send({ id: a.body.id, name: 'Patch-Renamed', group_name: 'Database' })
      .expect(200);
    expect(renamed.body).toEqual({
      id: a.body.id,
      name: 'patch-renamed',
      group_name: 'database',
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
    const byName = await request(testApp.http)
      .patch('/address_type')
      .send({ name: 'patch-renamed', group_name: 'api' })
      .expect(200);
    expect(byName.body).toMatchObject({ id: a.body.id, group_name: 'api' });

    const taken = await request(testApp.http)
      .patch('/address_type')
      .send({ id: a.body.id, name: 'patch-b' })
      .expect(409);
    expect(taken.body.code).toBe('ADDRESS_TYPE_NAME_TAKEN');
    const missing = await request(testApp.http)
      .patch('/address_type')
      .send({ id: 999999, group_name: 'x' })
      .expect(404);
    expect(missing.body.code).toBe('ADDRESS_TYPE_NOT_FOUND');
    await request(testApp.http).patch('/address_type').send({ name: 'nope' }).expect(404);
    const noKey = await request(testApp.http)
      .patch('/address_type')
      .send({ group_name: 'x' })
      .expect(422);
    expect(noKey.body.details[0].field).toBe('id');
    expect((await request(testApp.http).get(`/address_type/${a.body.id}`)).body).toMatchObject({
      name: 'patch-renamed',
      group_name: 'api',
    });
  });

  it('should answer 404 for an unknown id and 422 for a malformed one', async () => {
    const missing = await request(testApp.http).get('/address_type/999999').expect(404);
    expect(missing.body.code).toBe('ADDRESS_TYPE_NOT_FOUND');
    for (const bad of ['abc', '0', '-1', '1.5']) {
      const response = await request(testApp.http).get(`/address_type/${bad}`).expect(422);
      expect(response.body.details[0].field).toBe('address_type_id');
    }
  });

  it('should reject malformed bodies with 422 naming the field, and store nothing', async () => {
    const before = await request(testApp.http).get('/address_type');
    const bad: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ name: 'only-name' }, 'group_name'],
      [{ group_name: 'database' }, 'name'],
      [{ name: 'x'.repeat(151), group_name: 'database' }, 'name'],
      [{ name: 'ok', group_name: 'g'.repeat(151) }, 'group_name'],
      [{ name: '   ', group_name: 'database' }, 'name'],
      [{ name: 5, group_name: 'database' }, 'name'],
      [{ name: 'ok', group_name: null }, 'group_name'],
      [{ name: 'nul\u0000name', group_name: 'database' }, 'name'],
    ];
    for (const [body, field] of bad) {
      const response = await request(testApp.http)
        .post('/address_type')
        .send(body as object);
      expect([body, response.status]).toEqual([body, 422]);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(
        field,
      );
    }
    expect((await request(testApp.http).get('/address_type')).body).toEqual(before.body);
  });

  it('should create exactly one row and one 201 for 50 concurrent creates of one name', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(testApp.http)
          .post('/address_type')
          .send({ name: 'Racy Type', group_name: 'database' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const rows = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM address_type WHERE name = 'racy type'`,
    );
    expect(rows[0].n).toBe(1);
  });
});

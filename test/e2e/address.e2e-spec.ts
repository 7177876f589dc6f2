import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Addresses', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const seedBody = {
    name: 'source_db.source_schema.source_table',
    address_type_name: 'postgres',
    address_type_group_name: 'database',
    database_name: 'source_db',
    schema_name: 'source_schema',
    table_name: 'source_table',
    primary_key: 'id',
    address_metadata: {
      external_dependencies: [{ type: 'looker_dashboard', name: 'Sales Dashboard' }],
    },
  };

  async function addressRow(id: number): Promise<Record<string, unknown>> {
    return (await request(testApp.http).get(`/address/${id}`).expect(200)).body;
  }

  async function typeId(name: string): Promise<number> {
    const types = await request(testApp.http).get(`/address_type?name=${name}`).expect(200);
    const type = types.body.find((row: { name: string }) => row.name === name);
    return type.id;
  }

  it('should create the seed example (201 {id}), return it on repeat (200) and GET its shape', async () => {
    const created = await request(testApp.http).post('/address').send(seedBody).expect(201);
    expect(created.body).toEqual({ id: expect.any(Number) });
    const again = await request(testApp.http).post('/address').send(seedBody).expect(200);
    expect(again.body).toEqual({ id: created.body.id });
    expect(await addressRow(created.body.id)).toEqual({
      id: created.body.id,
      name: 'source_db.source_schema.source_table',
      address_type_id: await typeId('postgres'),
      database_name: 'source_db',
      schema_name: 'source_schema',
      table_name: 'source_table',
      primary_key: 'id',
      address_metadata: seedBody.address_metadata,
      created_at: expect.stringMatching(ISO),
      updated_at: null,
    });
    const type = await request(testApp.http).get(`/address_type/${await typeId('postgres')}`);
    expect(type.body).toMatchObject({ name: 'postgres', group_name: 'database' });
  });

  it('should keep the case of address names (trimmed) and lower-case type and group names', async () => {
    const upper = await request(testApp.http)
      .post('/address')
      .send({
        name: '  s3://Bucket/Key.csv ',
        address_type_name: ' S3 ',
        address_type_group_name: 'FILE',
      })
      .expect(201);
    const lower = await request(testApp.http)
      .post('/address')
      .send({
        name: 's3://bucket/key.csv',
        address_type_name: 's3',
        address_type_group_name: 'file',
      })
      .expect(201);
    expect(lower.body.id).not.toBe(upper.body.id);
    await request(testApp.http)
      .post('/address')
      .send({
        name: 's3://Bucket/Key.csv',
        address_type_name: 's3',
        address_type_group_name: 'file',
      })
      .expect(200);
    expect(await addressRow(upper.body.id)).toMatchObject({
      name: 's3://Bucket/Key.csv',
      address_type_id: await typeId('s3'),
      database_name: null,
    });
  });

  it('should fill database, schema and table from a three-part database name when not sent', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [
        { name: 'Sales.Public.Orders', address_type_group_name: 'database' },
        { database_name: 'Sales', schema_name: 'Public', table_name: 'Orders' },
      ],
      [
        { name: 'a1.b1.c1', address_type_group_name: 'database', schema_name: 'explicit' },
        { database_name: 'a1', schema_name: 'explicit', table_name: 'c1' },
      ],
      [
        { name: `${'d'.repeat(51)}.s2.t2`, address_type_group_name: 'database' },
        { database_name: null, schema_name: 's2', table_name: 't2' },
      ],
      [
        { name: 'a3.b3.c3.d3', address_type_group_name: 'database' },
        { database_name: null, schema_name: null, table_name: null },
      ],
      [
        { name: 'db4.table4', address_type_group_name: 'database' },
        { database_name: null, schema_name: null, table_name: null },
      ],
      [
        { name: 'a5.b5.c5', address_type_name: 'csv files', address_type_group_name: 'file' },
        { database_name: null, schema_name: null, table_name: null },
      ],
    ];
    for (const [body, expected] of cases) {
      const { body: created } = await request(testApp.http)
        .post('/address')
        .send({ address_type_name: 'postgres', ...body })
        .expect(201);
      expect([body.name, await addressRow(created.id)]).toEqual([
        body.name,
        expect.objectContaining(expected),
      ]);
    }
  });

  it('should update sent fields that differ, keep omitted ones, and leave updated_at alone on a re-send', async () => {
    const body = { ...seedBody, name: 'resync.schema.table' };
    const { body: created } = await request(testApp.http).post('/address').send(body).expect(201);
    await request(testApp.http).post('/address').send(body).expect(200);
    // A minimal re-send: the three-part name never overwrites the parts sent before.
    await request(testApp.http)
      .post('/address')
      .send({ name: body.name, address_type_name: 'postgres', address_type_group_name: 'database' })
      .expect(200);
    expect(await addressRow(created.id)).toMatchObject({
      database_name: 'source_db',
      schema_name: 'source_schema',
      table_name: 'source_table',
      updated_at: null,
    });

    await request(testApp.http)
      .post('/address')
      .send({
        name: body.name,
        address_type_name: 'snowflake',
        address_type_group_name: 'database',
        table_name: 'renamed_table',
        primary_key: 'order_id',
        address_metadata: { owner: 'finance' },
      })
      .expect(200);
    expect(await addressRow(created.id)).toMatchObject({
      address_type_id: await typeId('snowflake'),
      database_name: 'source_db',
      schema_name: 'source_schema',
      table_name: 'renamed_table',
      primary_key: 'order_id',
      address_metadata: { owner: 'finance' },
      updated_at: expect.stringMatching(ISO),
    });
  });

  it('should fill empty name parts from a three-part name on a later sync, never overwriting', async () => {
    const name = 'later.fill.parts';
    const { body: created } = await request(testApp.http)
      .post('/address')
      .send({ name, address_type_name: 'csv files', address_type_group_name: 'file' })
      .expect(201);
    expect(await addressRow(created.id)).toMatchObject({ database_name: null, table_name: null });
    await request(testApp.http)
      .patch('/address')
      .send({ id: created.id, schema_name: 'explicit' })
      .expect(200);
    await request(testApp.http)
      .post('/address')
      .send({ name, address_type_name: 'postgres', address_type_group_name: 'database' })
      .expect(200);
    const filled = await addressRow(created.id);
    expect(filled).toMatchObject({
      address_type_id: await typeId('postgres'),
      database_name: 'later',
      schema_name: 'explicit',
      table_name: 'parts',
    });
    await request(testApp.http)
      .post('/address')
      .send({ name, address_type_name: 'postgres', address_type_group_name: 'database' })
      .expect(200);
    expect((await addressRow(created.id)).updated_at).toBe(filled.updated_at);
  });

  it('should list by id with address_type_id and case-sensitive name-prefix filters and paging', async () => {
    for (const name of ['LST/a', 'LST/b', 'lst/c']) {
      await request(testApp.http)
        .post('/address')
        .send({ name, address_type_name: 'lst type', address_type_group_name: 'file' });
    }
    await request(testApp.http).post('/address').send({
      name: 'LST/d',
      address_type_name: 'other lst type',
      address_type_group_name: 'file',
    });
    const all = await request(testApp.http).get('/address').expect(200);
    const ids = all.body.map((row: { id: number }) => row.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    const names = (rows: Array<{ name: string }>) => rows.map((row) => row.name);
    const byPrefix = await request(testApp.http).get('/address?name=LST/').expect(200);
    expect(names(byPrefix.body)).toEqual(['LST/a', 'LST/b', 'LST/d']);
    const byType = await request(testApp.http)
      .get(`/address?address_type_id=${await typeId('lst type')}`)
      .expect(200);
    expect(names(byType.body)).toEqual(['LST/a', 'LST/b', 'lst/c']);
    const paged = await request(testApp.http).get('/address?name=LST/&limit=1&offset=1');
    expect(names(paged.body)).toEqual(['LST/b']);
    expect((await request(testApp.http).get('/address?name=LST%25')).body).toEqual([]);
    await request(testApp.http).get('/address?address_type_id=abc').expect(422);
    await request(testApp.http).get('/address?limit=10001').expect(422);
  });

  it('should PATCH by id (rename, type, parts, metadata, null clears), by name, with 404/409/422', async () => {
    const a = await request(testApp.http)
      .post('/address')
      .send({ ...seedBody, name: 'patch.me.now' });
    await request(testApp.http).post('/address').send({
      name: 'Patch Taken',
      address_type_name: 'postgres',
      address_type_group_name: 'database',
    });
    const otherType = await request(testApp.http)
      .post('/address_type')
      .send({ name: 'bigquery', group_name: 'database' });
    const patched = await request(testApp.http)
      .patch('/address')
      .send({
        id: a.body.id,
        name: 'Updated_Table_Name',
        database_name: 'updated_db',
        schema_name: null,
        table_name: 'updated_table',
        primary_key: 'id',
        address_type_id: otherType.body.id,
        address_metadata: { owner: 'analytics' },
      })
      .expect(200);
    expect(patched.body).toEqual({
      id: a.body.id,
      name: 'Updated_Table_Name',
      address_type_id: otherType.body.id,
      database_name: 'updated_db',
      schema_name: null,
      table_name: 'updated_table',
      primary_key: 'id',
      address_metadata: { owner: 'analytics' },
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
    const byName = await request(testApp.http)
      .patch('/address')
      .send({ name: 'Updated_Table_Name', address_metadata: null, primary_key: 'pk' })
      .expect(200);
    expect(byName.body).toMatchObject({ id: a.body.id, address_metadata: null, primary_key: 'pk' });
    expect(await addressRow(a.body.id)).toMatchObject({
      address_metadata: null,
      primary_key: 'pk',
    });

    const taken = await request(testApp.http)
      .patch('/address')
      .send({ id: a.body.id, name: 'Patch Taken' })
      .expect(409);
    expect(taken.body.code).toBe('ADDRESS_NAME_TAKEN');
    const noType = await request(testApp.http)
      .patch('/address')
      .send({ id: a.body.id, address_type_id: 999999 })
      .expect(404);
    expect(noType.body.code).toBe('ADDRESS_TYPE_NOT_FOUND');
    const missing = await request(testApp.http)
      .patch('/address')
      .send({ id: 999999, primary_key: 'x' })
      .expect(404);
    expect(missing.body.code).toBe('ADDRESS_NOT_FOUND');
    await request(testApp.http).patch('/address').send({ name: 'updated_table_name' }).expect(404);
    await request(testApp.http).patch('/address').send({ primary_key: 'x' }).expect(422);
    const tooLong = await request(testApp.http)
      .patch('/address')
      .send({ id: a.body.id, table_name: 't'.repeat(51) })
      .expect(422);
    expect(tooLong.body.details[0].field).toBe('table_name');
    await request(testApp.http)
      .patch('/address')
      .send({ id: a.body.id, address_metadata: ['not', 'an', 'object'] })
      .expect(422);
    expect(await addressRow(a.body.id)).toMatchObject({
      name: 'Updated_Table_Name',
      address_type_id: otherType.body.id,
      table_name: 'updated_table',
    });
  });

  it('should answer 404 for an unknown id and 422 for a malformed one', async () => {
    const missing = await request(testApp.http).get('/address/999999').expect(404);
    expect(missing.body.code).toBe('ADDRESS_NOT_FOUND');
    const bad = await request(testApp.http).get('/address/x1').expect(422);
    expect(bad.body.details[0].field).toBe('address_id');
  });

  it('should reject malformed bodies with 422 naming the field, and store nothing', async () => {
    const addressesBefore = await request(testApp.http).get('/address');
    const typesBefore = await request(testApp.http).get('/address_type');
    const ok = {
      name: 'never.stored.here',
      address_type_name: 'never type',
      address_type_group_name: 'database',
    };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ address_type_name: 'x', address_type_group_name: 'y' }, 'name'],
      [{ ...ok, name: '' }, 'name'],
      [{ ...ok, name: 'n'.repeat(151) }, 'name'],
      [{ ...ok, name: 'tab\tin name' }, 'name'],
      [{ ...ok, name: 'nul\u0000name' }, 'name'],
      [{ ...ok, address_type_name: undefined }, 'address_type_name'],
      [{ ...ok, address_type_group_name: undefined }, 'address_type_group_name'],
      [{ ...ok, address_type_name: 't'.repeat(151) }, 'address_type_name'],
      [{ ...ok, address_type_group_name: 'nul\u0000group' }, 'address_type_group_name'],
      [{ ...ok, database_name: 'd'.repeat(51) }, 'database_name'],
      [{ ...ok, schema_name: 's'.repeat(51) }, 'schema_name'],
      [{ ...ok, table_name: 7 }, 'table_name'],
      [{ ...ok, primary_key: 'p'.repeat(51) }, 'primary_key'],
      [{ ...ok, address_metadata: 'text' }, 'address_metadata'],
      [{ ...ok, address_metadata: [1] }, 'address_metadata'],
      [{ ...ok, address_metadata: { note: 'nul\u0000inside' } }, 'address_metadata.note'],
    ];
    for (const [body, field] of bad) {
      const response = await request(testApp.http).post('/address').send(body);
      expect([body, response.status]).toEqual([body, 422]);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(
        field,
      );
    }
    await request(testApp.http)
      .post('/address')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect((await request(testApp.http).get('/address')).body).toEqual(addressesBefore.body);
    expect((await request(testApp.http).get('/address_type')).body).toEqual(typesBefore.body);
  });

  it('should create exactly one address (and type) and one 201 for 50 concurrent creates', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(testApp.http)
          .post('/address')
          .send({
            name: 'racy.schema.table',
            address_type_name: 'Racy Address Type',
            address_type_group_name: 'database',
            address_metadata: { n: 1 },
          }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const rows = await testApp.dataSource.query(
      `SELECT (SELECT count(*)::int FROM address WHERE name = 'racy.schema.table') AS a,
              (SELECT count(*)::int FROM address_type WHERE name = 'racy address type') AS t,
              (SELECT updated_at FROM address WHERE name = 'racy.schema.table') AS updated_at`,
    );
    expect(rows[0]).toEqual({ a: 1, t: 1, updated_at: null });
  });
});

import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

const NOT_LOADING = 'Pipeline does not have load_lineage=True, no relationships created';

describe('Address lineage (POST /address_lineage)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const ref = (name: string, type = 'postgres', group = 'database') => ({
    name,
    address_type_name: type,
    address_type_group_name: group,
  });

  async function createPipeline(name: string): Promise<number> {
    const { body } = await request(testApp.http)
      .post('/pipeline')
      .send({ name, pipeline_type_name: 'lineage test' })
      .expect(201);
    return body.id;
  }

  /** The pipeline's edges as [source name, target name], sorted. */
  async function edgesOf(pipelineId: number): Promise<string[][]> {
    const rows: Array<{ s: string; t: string }> = await testApp.dataSource.query(
      `SELECT s.name AS s, t.name AS t FROM address_lineage e
       JOIN address s ON s.id = e.source_address_id JOIN address t ON t.id = e.target_address_id
       WHERE e.pipeline_id = $1 ORDER BY s.name, t.name`,
      [pipelineId],
    );
    return rows.map((row) => [row.s, row.t]);
  }

  async function snapshot(): Promise<unknown[]> {
    return Promise.all(
      [
        'SELECT * FROM address ORDER BY id',
        'SELECT * FROM address_type ORDER BY id',
        'SELECT * FROM address_lineage ORDER BY pipeline_id, source_address_id, target_address_id',
        'SELECT id, load_lineage, updated_at FROM pipeline ORDER BY id',
      ].map((sql) => testApp.dataSource.query(sql)),
    );
  }

  it('should record the seed example (201), creating its addresses and type', async () => {
    const pipelineId = await createPipeline('lineage seed');
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('source_db.source_schema.source_table')],
        target_addresses: [ref('target_db.target_schema.target_table')],
      })
      .expect(201);
    expect(response.body).toEqual({
      pipeline_id: pipelineId,
      lineage_relationships_created: 1,
      message: `Lineage relationships created for pipeline ${pipelineId}`,
    });
    expect(await edgesOf(pipelineId)).toEqual([
      ['source_db.source_schema.source_table', 'target_db.target_schema.target_table'],
    ]);
    const addresses = await request(testApp.http).get('/address?name=target_db.').expect(200);
    expect(addresses.body).toEqual([
      expect.objectContaining({
        name: 'target_db.target_schema.target_table',
        database_name: 'target_db',
        schema_name: 'target_schema',
        table_name: 'target_table',
      }),
    ]);
    const types = await request(testApp.http).get('/address_type?name=postgres').expect(200);
    expect(types.body).toEqual([
      expect.objectContaining({ name: 'postgres', group_name: 'database' }),
    ]);
  });

  it('should replace the edges with the distinct cross product on every write', async () => {
    const pipelineId = await createPipeline('lineage replace');
    const first = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('rep/a'), ref('rep/b'), ref('rep/a')],
        target_addresses: [ref('rep/x'), ref('rep/y')],
      })
      .expect(201);
    expect(first.body.lineage_relationships_created).toBe(4);
    expect(await edgesOf(pipelineId)).toEqual([
      ['rep/a', 'rep/x'],
      ['rep/a', 'rep/y'],
      ['rep/b', 'rep/x'],
      ['rep/b', 'rep/y'],
    ]);
    const kept = await testApp.dataSource.query(
      `SELECT e.created_at FROM address_lineage e JOIN address t ON t.id = e.target_address_id
       WHERE e.pipeline_id = $1 AND t.name = 'rep/y' ORDER BY e.source_address_id`,
      [pipelineId],
    );
    const second = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('rep/a'), ref('rep/b')],
        target_addresses: [ref('rep/y'), ref('rep/z')],
      })
      .expect(201);
    expect(second.body.lineage_relationships_created).toBe(4);
    expect(await edgesOf(pipelineId)).toEqual([
      ['rep/a', 'rep/y'],
      ['rep/a', 'rep/z'],
      ['rep/b', 'rep/y'],
      ['rep/b', 'rep/z'],
    ]);
    // Edges present in both writes are kept as they were (not deleted and re-inserted).
    expect(
      await testApp.dataSource.query(
        `SELECT e.created_at FROM address_lineage e JOIN address t ON t.id = e.target_address_id
         WHERE e.pipeline_id = $1 AND t.name = 'rep/y' ORDER BY e.source_address_id`,
        [pipelineId],
      ),
    ).toEqual(kept);
  });

  it('should let an address be both a source and a target (a self-loop edge)', async () => {
    const pipelineId = await createPipeline('lineage self');
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('self/table'), ref('self/input')],
        target_addresses: [ref('self/table')],
      })
      .expect(201);
    expect(response.body.lineage_relationships_created).toBe(2);
    expect(await edgesOf(pipelineId)).toEqual([
      ['self/input', 'self/table'],
      ['self/table', 'self/table'],
    ]);
  });

  it('should keep one edge per pipeline when two pipelines share it', async () => {
    const p1 = await createPipeline('lineage shared one');
    const p2 = await createPipeline('lineage shared two');
    for (const pipelineId of [p1, p2]) {
      await request(testApp.http)
        .post('/address_lineage')
        .send({
          pipeline_id: pipelineId,
          source_addresses: [ref('shared/src')],
          target_addresses: [ref('shared/dst')],
        })
        .expect(201);
    }
    const rows = await testApp.dataSource.query(
      `SELECT e.pipeline_id FROM address_lineage e JOIN address s ON s.id = e.source_address_id
       WHERE s.name = 'shared/src' ORDER BY e.pipeline_id`,
    );
    expect(rows).toEqual([{ pipeline_id: p1 }, { pipeline_id: p2 }]);
  });

  it('should leave existing addresses unchanged and create new ones with the fields sent', async () => {
    await request(testApp.http)
      .post('/address')
      .send({ ...ref('keep/me', 's3', 'file'), primary_key: 'original' })
      .expect(201);
    const pipelineId = await createPipeline('lineage keep');
    await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [{ ...ref('keep/me'), primary_key: 'changed' }],
        target_addresses: [
          {
            ...ref('New.Schema.Table', 'Snowflake', 'DATABASE'),
            schema_name: 'explicit',
            primary_key: 'id',
            address_metadata: { owner: 'bi' },
          },
        ],
      })
      .expect(201);
    const kept = await request(testApp.http).get('/address?name=keep/me');
    expect(kept.body[0]).toMatchObject({ primary_key: 'original', updated_at: null });
    const created = await request(testApp.http).get('/address?name=New.Schema.Table');
    expect(created.body[0]).toMatchObject({
      database_name: 'New',
      schema_name: 'explicit',
      table_name: 'Table',
      primary_key: 'id',
      address_metadata: { owner: 'bi' },
    });
    const type = await request(testApp.http).get(
      `/address_type/${created.body[0].address_type_id}`,
    );
    expect(type.body).toMatchObject({ name: 'snowflake', group_name: 'database' });
  });

  it('should answer 404 for an unknown pipeline and write nothing', async () => {
    const before = await snapshot();
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: 999999,
        source_addresses: [ref('ghost/src')],
        target_addresses: [ref('ghost/dst')],
      })
      .expect(404);
    expect(response.body.code).toBe('PIPELINE_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('should answer 200 with 0 and write nothing (not even addresses) while load_lineage is false', async () => {
    const pipelineId = await createPipeline('lineage off');
    await request(testApp.http)
      .patch('/pipeline')
      .send({ id: pipelineId, load_lineage: false })
      .expect(200);
    const before = await snapshot();
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('off/src', 'brand new type', 'file')],
        target_addresses: [ref('off/dst')],
      })
      .expect(200);
    expect(response.body).toEqual({
      pipeline_id: pipelineId,
      lineage_relationships_created: 0,
      message: NOT_LOADING,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('should follow the SDK flow: lineage while loading, then a successful end turns it off', async () => {
    const { body: pipeline } = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'sdk flow', pipeline_type_name: 'extraction', next_watermark: '10' })
      .expect(201);
    expect(pipeline.load_lineage).toBe(true);
    const body = {
      pipeline_id: pipeline.id,
      source_addresses: [ref('sdk.raw.orders')],
      target_addresses: [ref('sdk.mart.orders')],
    };
    await request(testApp.http).post('/address_lineage').send(body).expect(201);
    const { body: execution } = await request(testApp.http)
      .post('/start_pipeline_execution')
      .send({ pipeline_id: pipeline.id, start_date: '2024-01-01T00:00:00Z' })
      .expect(201);
    // The SDK's update_pipeline_next_watermark: pipeline_id instead of id.
    const patched = await request(testApp.http)
      .patch('/pipeline')
      .send({ pipeline_id: pipeline.id, next_watermark: '20' })
      .expect(200);
    expect(patched.body).toMatchObject({ id: pipeline.id, next_watermark: '20' });
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({
        id: execution.id,
        end_date: '2024-01-01T00:10:00Z',
        completed_successfully: true,
        inserts: 1,
      })
      .expect(204);
    const again = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'sdk flow', pipeline_type_name: 'extraction', next_watermark: '30' })
      .expect(200);
    expect(again.body).toMatchObject({ load_lineage: false, watermark: '20' });
    const skipped = await request(testApp.http).post('/address_lineage').send(body).expect(200);
    expect(skipped.body.lineage_relationships_created).toBe(0);
    expect(await edgesOf(pipeline.id)).toEqual([['sdk.raw.orders', 'sdk.mart.orders']]);
  });

  it('should treat pipeline_id as an alias of id in PATCH /pipeline (422 when they differ)', async () => {
    const pipelineId = await createPipeline('alias target');
    await request(testApp.http)
      .patch('/pipeline')
      .send({ pipeline_id: pipelineId, name: 'Alias Renamed' })
      .expect(200);
    expect((await request(testApp.http).get(`/pipeline/${pipelineId}`)).body.name).toBe(
      'alias renamed',
    );
    const differs = await request(testApp.http)
      .patch('/pipeline')
      .send({ id: pipelineId, pipeline_id: pipelineId + 1, active: false })
      .expect(422);
    expect(differs.body.details[0].field).toBe('pipeline_id');
    await request(testApp.http).patch('/pipeline').send({ pipeline_id: 999999 }).expect(404);
    await request(testApp.http).patch('/pipeline').send({ pipeline_id: 'x' }).expect(422);
  });

  it('should reject malformed bodies with 4xx and write nothing', async () => {
    const pipelineId = await createPipeline('lineage malformed');
    const good = ref('bad.body.source');
    const many = (count: number) => Array.from({ length: count }, (_, i) => ref(`many/${i}`));
    const bad: Array<[string, unknown]> = [
      ['empty body', {}],
      ['missing sources', { pipeline_id: pipelineId, target_addresses: [good] }],
      ['missing targets', { pipeline_id: pipelineId, source_addresses: [good] }],
      ['missing pipeline', { source_addresses: [good], target_addresses: [good] }],
      [
        'pipeline as text',
        { pipeline_id: 'one', source_addresses: [good], target_addresses: [good] },
      ],
      ['pipeline 0', { pipeline_id: 0, source_addresses: [good], target_addresses: [good] }],
      [
        'pipeline too big',
        { pipeline_id: 2 ** 31, source_addresses: [good], target_addresses: [good] },
      ],
      [
        'empty sources',
        { pipeline_id: pipelineId, source_addresses: [], target_addresses: [good] },
      ],
      [
        'empty targets',
        { pipeline_id: pipelineId, source_addresses: [good], target_addresses: [] },
      ],
      [
        'sources not an array',
        { pipeline_id: pipelineId, source_addresses: good, target_addresses: [good] },
      ],
      [
        'string items',
        { pipeline_id: pipelineId, source_addresses: ['a.b.c'], target_addresses: [good] },
      ],
      [
        'null item',
        { pipeline_id: pipelineId, source_addresses: [good, null], target_addresses: [good] },
      ],
      [
        'array item',
        { pipeline_id: pipelineId, source_addresses: [[good]], target_addresses: [good] },
      ],
      ['number item', { pipeline_id: pipelineId, source_addresses: [good], target_addresses: [7] }],
      [
        'item without name',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [
            { address_type_name: 'postgres', address_type_group_name: 'database' },
          ],
        },
      ],
      [
        'item without type',
        {
          pipeline_id: pipelineId,
          source_addresses: [{ name: 'x', address_type_group_name: 'database' }],
          target_addresses: [good],
        },
      ],
      [
        'item without group',
        {
          pipeline_id: pipelineId,
          source_addresses: [{ name: 'x', address_type_name: 'postgres' }],
          target_addresses: [good],
        },
      ],
      [
        'name over 150',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [ref('n'.repeat(151))],
        },
      ],
      [
        'type over 150',
        {
          pipeline_id: pipelineId,
          source_addresses: [ref('x', 't'.repeat(151))],
          target_addresses: [good],
        },
      ],
      [
        'group over 150',
        {
          pipeline_id: pipelineId,
          source_addresses: [ref('x', 'postgres', 'g'.repeat(151))],
          target_addresses: [good],
        },
      ],
      [
        'database_name of 51',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [{ ...ref('t.s.x'), database_name: 'd'.repeat(51) }],
        },
      ],
      [
        'primary_key of 51',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [{ ...ref('t.s.y'), primary_key: 'p'.repeat(51) }],
        },
      ],
      [
        'NUL in a name',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [ref('nul\u0000name')],
        },
      ],
      [
        'metadata array',
        {
          pipeline_id: pipelineId,
          source_addresses: [good],
          target_addresses: [{ ...ref('m.e.t'), address_metadata: [1] }],
        },
      ],
      [
        '1,001 sources',
        { pipeline_id: pipelineId, source_addresses: many(1001), target_addresses: [good] },
      ],
      [
        '1,001 targets',
        { pipeline_id: pipelineId, source_addresses: [good], target_addresses: many(1001) },
      ],
      ['a JSON array body', [{ pipeline_id: pipelineId }]],
    ];
    const before = await snapshot();
    for (const [label, body] of bad) {
      const response = await request(testApp.http)
        .post('/address_lineage')
        .send(body as object);
      expect([label, response.status]).toEqual([label, 422]);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await request(testApp.http)
      .post('/address_lineage')
      .set('Content-Type', 'application/json')
      .send('{"pipeline_id": 1, "source_addresses": [')
      .expect(400);
    expect(malformed.body.code).toBe('BAD_JSON');
    expect(await snapshot()).toEqual(before);
  });

  it('should name the offending item in the error details', async () => {
    const pipelineId = await createPipeline('lineage details');
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: [ref('ok/one')],
        target_addresses: [ref('ok/two'), { ...ref('t.s.z'), database_name: 'd'.repeat(51) }],
      })
      .expect(422);
    expect(response.body.details).toEqual([
      { field: 'target_addresses[1].database_name', messages: [expect.stringContaining('50')] },
    ]);
  });

  it('should accept exactly 100,000 edges (1,000 × 100) and name the limit beyond it', async () => {
    const pipelineId = await createPipeline('lineage edge cap');
    const sides = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => ref(`${prefix}${i}`));
    const over = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: sides('cap/s', 1000),
        target_addresses: [...sides('cap/t', 101), ref('cap/t0')],
      })
      .expect(422);
    expect(over.body.details).toEqual([
      { field: 'target_addresses', messages: [expect.stringContaining('at most 100000')] },
    ]);
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: sides('cap/s', 1000),
        target_addresses: [...sides('cap/t', 100), ref('cap/t0')],
      })
      .expect(201);
    expect(response.body.lineage_relationships_created).toBe(100_000);
  });

  it('should accept 1,000 addresses per list in one write', async () => {
    const pipelineId = await createPipeline('lineage thousand');
    const sources = Array.from({ length: 1000 }, (_, i) => ref(`thousand/s${i}`));
    const response = await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: pipelineId,
        source_addresses: sources,
        target_addresses: [ref('thousand/t')],
      })
      .expect(201);
    expect(response.body.lineage_relationships_created).toBe(1000);
    const rows = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM address WHERE name LIKE 'thousand/%'`,
    );
    expect(rows[0].n).toBe(1001);
  });

  it('should serialise concurrent writes for one pipeline (the last one wins whole)', async () => {
    const pipelineId = await createPipeline('lineage concurrent');
    const bodies = Array.from({ length: 10 }, (_, i) => ({
      pipeline_id: pipelineId,
      source_addresses: [ref(`conc/s${i}`), ref('conc/shared')],
      target_addresses: [ref(`conc/t${i}`), ref('conc/shared-target')],
    }));
    const responses = await Promise.all(
      bodies.map((body) => request(testApp.http).post('/address_lineage').send(body)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const edges = await edgesOf(pipelineId);
    expect(edges).toHaveLength(4);
    const winner = bodies.find((body) =>
      edges.some(([source]) => source === body.source_addresses[0].name),
    );
    expect(winner).toBeDefined();
    const expected = winner!.source_addresses
      .flatMap((source) => winner!.target_addresses.map((target) => [source.name, target.name]))
      .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
    expect([...edges].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1))).toEqual(expected);
  });

  it('should create shared new addresses once under 50 concurrent writes of different pipelines', async () => {
    const pipelineIds: number[] = [];
    for (let i = 0; i < 50; i++) {
      pipelineIds.push(await createPipeline(`lineage race ${i}`));
    }
    // The type exists, so the racers do not queue on its insert: they insert overlapping sets of
    // new addresses concurrently, in opposite orders (the insert order that rules out deadlocks
    // is proven in test/integration/lineage.repository.int-spec.ts).
    await request(testApp.http)
      .post('/address_type')
      .send({ name: 'race type', group_name: 'file' })
      .expect(201);
    const names = Array.from({ length: 100 }, (_, i) => `race/${i}`);
    const responses = await Promise.all(
      pipelineIds.map((pipelineId, i) =>
        request(testApp.http)
          .post('/address_lineage')
          .send({
            pipeline_id: pipelineId,
            source_addresses: (i % 2 ? [...names].reverse() : names).map((name) =>
              ref(name, 'race type', 'file'),
            ),
            target_addresses: [ref(`race/target-${i % 5}`, 'race type', 'file')],
          }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const rows = await testApp.dataSource.query(
      `SELECT (SELECT count(*)::int FROM address WHERE name LIKE 'race/%') AS a,
              (SELECT count(*)::int FROM address_type WHERE name = 'race type') AS t,
              (SELECT count(*)::int FROM address_lineage e JOIN address s ON s.id = e.source_address_id
               WHERE s.name LIKE 'race/%') AS e`,
    );
    expect(rows[0]).toEqual({ a: 105, t: 1, e: 50 * 100 });
  });
});

import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Script } from 'node:vm';
import request from 'supertest';
import { applyHttpServerLimits } from 'src/common/http/server-limits';
import { createTestApp, type TestApp } from 'test/support/create-test-app';
import { dumpAllTables } from 'test/support/db-dump';
import { listenOnce } from 'test/support/raw-http';

const PACKAGE_VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string })
  .version;

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(sortedJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Issue 8 "Hardening": what hostile-input.e2e-spec.ts cannot show with a status code alone. */
describe('Hardening (issue 8)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createPipeline(name: string, extra: Record<string, unknown> = {}) {
    const response = await request(testApp.http)
      .post('/pipeline')
      .send({ name, pipeline_type_name: 'hardening', ...extra })
      .expect(201);
    return response.body.id as number;
  }

  async function getPipeline(id: number): Promise<Record<string, unknown>> {
    return (await request(testApp.http).get(`/pipeline/${id}`).expect(200)).body;
  }

  function start(body: Record<string, unknown>, key?: string) {
    const call = request(testApp.http).post('/start_pipeline_execution');
    if (key !== undefined) {
      call.set('Idempotency-Key', key);
    }
    return call.send(body);
  }

  describe('numbers as sent (item 5) and the bigint marker (item 4)', () => {
    it('should keep the source text of numeric watermarks: 4.0, 1e2, -0, 1e-400, 2^64', async () => {
      for (const [index, text] of [
        '4.0',
        '1e2',
        '-0',
        '1e-400',
        '18446744073709551616',
        '1E+2',
        '7',
      ].entries()) {
        const created = await request(testApp.http)
          .post('/pipeline')
          .set('Content-Type', 'application/json')
          .send(
            `{"name":"wm source ${index}","pipeline_type_name":"hardening","next_watermark":${text}}`,
          )
          .expect(201);
        expect((await getPipeline(created.body.id)).next_watermark).toBe(text);
        await request(testApp.http)
          .patch('/pipeline')
          .set('Content-Type', 'application/json')
          .send(`{"id":${created.body.id},"watermark":${text}}`)
          .expect(200);
        expect((await getPipeline(created.body.id)).watermark).toBe(text);
        const execution = await request(testApp.http)
          .post('/start_pipeline_execution')
          .set('Content-Type', 'application/json')
          .send(`{"pipeline_id":${created.body.id},"watermark":${text},"next_watermark":${text}}`)
          .expect(201);
        const tree = await request(testApp.http)
          .get(`/pipeline_execution/${execution.body.id}`)
          .expect(200);
        expect([tree.body.watermark, tree.body.next_watermark]).toEqual([text, text]);
      }
    });

    it('should store the string "\\u0000bigint:5" nowhere as the number 5 (NUL is refused)', async () => {
      const response = await request(testApp.http)
        .post('/pipeline')
        .set('Content-Type', 'application/json')
        .send(
          '{"name":"marker","pipeline_type_name":"hardening","next_watermark":"\\u0000bigint:5"}',
        )
        .expect(422);
      expect(response.body.details).toEqual([
        { field: 'next_watermark', messages: [expect.stringContaining('NUL')] },
      ]);
      const lookalike = await createPipeline('marker lookalike', {
        next_watermark: 'bigint:5',
        pipeline_metadata: { s: 'bigint:5', n: 5 },
      });
      const row = await getPipeline(lookalike);
      expect(row.next_watermark).toBe('bigint:5');
      expect(row.pipeline_metadata).toEqual({ s: 'bigint:5', n: 5 });
    });
  });

  describe('metadata keys (item 6)', () => {
    const tricky = {
      constructor: 1,
      prototype: { a: 2 },
      toString: 'three',
      valueOf: [4],
      hasOwnProperty: null,
      __proto__: { polluted: true },
      nested: { constructor: { prototype: 'x' }, __proto__: 'y' },
    };
    const trickyJson = `{"constructor":1,"prototype":{"a":2},"toString":"three","valueOf":[4],"hasOwnProperty":null,"__proto__":{"polluted":true},"nested":{"constructor":{"prototype":"x"},"__proto__":"y"}}`;

    function expectAllKeys(metadata: Record<string, unknown>): void {
      expect(Object.keys(metadata).sort()).toEqual(Object.keys(JSON.parse(trickyJson)).sort());
      // jsonb orders keys its own way: compare with sorted keys.
      expect(sortedJson(metadata)).toBe(sortedJson(JSON.parse(trickyJson)));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }

    it('should store every pipeline_metadata key as sent, on POST and PATCH', async () => {
      void tricky;
      const created = await request(testApp.http)
        .post('/pipeline')
        .set('Content-Type', 'application/json')
        .send(
          `{"name":"meta keys","pipeline_type_name":"hardening","pipeline_metadata":${trickyJson}}`,
        )
        .expect(201);
      const stored = await testApp.dataSource.query(
        'SELECT pipeline_metadata::text AS m FROM pipeline WHERE id = $1',
        [created.body.id],
      );
      expectAllKeys(JSON.parse(stored[0].m));
      expectAllKeys(
        (await getPipeline(created.body.id)).pipeline_metadata as Record<string, unknown>,
      );
      const patched = await createPipeline('meta keys patch');
      await request(testApp.http)
        .patch('/pipeline')
        .set('Content-Type', 'application/json')
        .send(`{"id":${patched},"pipeline_metadata":${trickyJson}}`)
        .expect(200);
      expectAllKeys((await getPipeline(patched)).pipeline_metadata as Record<string, unknown>);
    });

    it('should store every execution_metadata key as sent', async () => {
      const pipelineId = await createPipeline('meta keys run');
      const { body } = await start({
        pipeline_id: pipelineId,
        start_date: '2024-01-01T10:00:00Z',
      }).expect(201);
      await request(testApp.http)
        .post('/end_pipeline_execution')
        .set('Content-Type', 'application/json')
        .send(
          `{"id":${body.id},"end_date":"2024-01-01T10:01:00Z","execution_metadata":${trickyJson}}`,
        )
        .expect(204);
      const tree = await request(testApp.http).get(`/pipeline_execution/${body.id}`).expect(200);
      expectAllKeys(tree.body.execution_metadata);
    });
  });

  describe('ignored fields (item 8)', () => {
    it('should name unknown keys in X-Watcher-Ignored-Fields and still store the rest', async () => {
      const response = await request(testApp.http)
        .post('/pipeline')
        .send({
          name: 'typo pipeline',
          pipeline_type_name: 'hardening',
          freshnes_number: 3,
          extra: { a: 1 },
          pipeline_metadata: { kept: true, also_kept: 1 },
        })
        .expect(201);
      expect(response.headers['x-watcher-ignored-fields']).toBe('extra,freshnes_number');
      const row = await getPipeline(response.body.id);
      expect(row.pipeline_metadata).toEqual({ kept: true, also_kept: 1 });

      const { body } = await start({ pipeline_id: response.body.id }).expect(201);
      const ended = await request(testApp.http)
        .post('/end_pipeline_execution')
        .send({ id: body.id, end_date: '2999-01-01T00:00:00Z', total_row: 100 })
        .expect(204);
      expect(ended.headers['x-watcher-ignored-fields']).toBe('total_row');
      const tree = await request(testApp.http).get(`/pipeline_execution/${body.id}`).expect(200);
      expect(tree.body.total_rows).toBeNull();
    });

    it('should encode odd keys and send no header when nothing was ignored', async () => {
      const odd = await request(testApp.http)
        .post('/pipeline_type')
        .send({ name: 'odd keys', 'a,b': 1, 'c.d': 2, é: 3, 'x y': 4, 'line\nbreak': 5 })
        .expect(201);
      expect(odd.headers['x-watcher-ignored-fields']).toBe('a%2Cb,c%2Ed,line%0Abreak,x%20y,%C3%A9');
      const clean = await request(testApp.http)
        .post('/pipeline_type')
        .send({ name: 'odd keys' })
        .expect(200);
      expect(clean.headers['x-watcher-ignored-fields']).toBeUndefined();
    });
  });

  describe('Idempotency-Key reuse (item 10)', () => {
    it('should return the first execution for a matching retry and 422 for a different start', async () => {
      const pipelineId = await createPipeline('idem a');
      const otherPipelineId = await createPipeline('idem b');
      const parent = (await start({ pipeline_id: pipelineId }).expect(201)).body.id as number;
      const first = await start(
        { pipeline_id: pipelineId, start_date: '2024-01-01T10:00:00Z', parent_id: parent },
        'idem-key-1',
      ).expect(201);
      const same = await start(
        { pipeline_id: pipelineId, start_date: '2024-01-01T12:00:00+02:00', parent_id: parent },
        'idem-key-1',
      ).expect(200);
      expect(same.body.id).toBe(first.body.id);
      // start_date and parent_id left out of the retry: still the same start.
      const sparse = await start({ pipeline_id: pipelineId }, 'idem-key-1').expect(200);
      expect(sparse.body.id).toBe(first.body.id);

      const before = await dumpAllTables(testApp.dataSource);
      const differing: Array<[Record<string, unknown>, string]> = [
        [{ pipeline_id: pipelineId, start_date: '2024-01-01T10:00:01Z' }, 'start_date'],
        [{ pipeline_id: otherPipelineId }, 'pipeline_id'],
        [{ pipeline_id: pipelineId, parent_id: null }, 'parent_id'],
        [{ pipeline_id: pipelineId, parent_id: first.body.id }, 'parent_id'],
      ];
      for (const [body, field] of differing) {
        const response = await start(body, 'idem-key-1').expect(422);
        expect(response.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
        expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(
          field,
        );
      }
      expect(await dumpAllTables(testApp.dataSource)).toEqual(before);
    });
  });

  describe('rename races (item 11)', () => {
    it('should answer every loser of 10 parallel renames onto one name with *_NAME_TAKEN', async () => {
      const ids = await Promise.all(
        Array.from({ length: 10 }, (_, index) => createPipeline(`race pipeline ${index}`)),
      );
      const renames = await Promise.all(
        ids.map((id) => request(testApp.http).patch('/pipeline').send({ id, name: 'race winner' })),
      );
      const statuses = renames.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(409)]);
      for (const response of renames.filter(({ status }) => status === 409)) {
        expect(response.body.code).toBe('PIPELINE_NAME_TAKEN');
        expect(response.body.message).not.toMatch(/Key \(|already exists\./);
      }

      // What the filter maps when the race is lost inside the database: both drivers name the
      // violated constraint.
      const loser = ids.find((_, index) => renames[index].status === 409) as number;
      const violation = await testApp.dataSource
        .query('UPDATE pipeline SET name = $1 WHERE id = $2', ['race winner', loser])
        .catch((error: { driverError?: { code?: string; constraint?: string } }) => error);
      expect(violation.driverError).toMatchObject({
        code: '23505',
        constraint: 'uq_pipeline_name',
      });

      const typeIds = await Promise.all(
        Array.from(
          { length: 10 },
          async (_, index) =>
            (
              await request(testApp.http)
                .post('/pipeline_type')
                .send({ name: `race type ${index}` })
            ).body.id as number,
        ),
      );
      const typeRenames = await Promise.all(
        typeIds.map((id) =>
          request(testApp.http).patch('/pipeline_type').send({ id, name: 'race type winner' }),
        ),
      );
      expect(typeRenames.map((response) => response.status).sort()).toEqual([
        200,
        ...Array(9).fill(409),
      ]);
      for (const response of typeRenames.filter(({ status }) => status === 409)) {
        expect(response.body.code).toBe('PIPELINE_TYPE_NAME_TAKEN');
        expect(response.body.message).not.toMatch(/Key \(|already exists\./);
      }
    });
  });

  describe('deep execution trees (item 12)', () => {
    it('should nest 100 levels, refuse the 101st with EXECUTION_TOO_DEEP, and serve the tree', async () => {
      const pipelineId = await createPipeline('deep tree');
      const rootId = (await start({ pipeline_id: pipelineId }).expect(201)).body.id as number;
      let parentId = rootId;
      for (let depth = 1; depth <= 100; depth++) {
        parentId = (await start({ pipeline_id: pipelineId, parent_id: parentId }).expect(201)).body
          .id;
      }
      const refused = await start({ pipeline_id: pipelineId, parent_id: parentId }).expect(422);
      expect(refused.body.code).toBe('EXECUTION_TOO_DEEP');
      const [{ count }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS count FROM pipeline_execution_closure c
         JOIN pipeline_execution e ON e.id = c.descendant_id WHERE e.pipeline_id = $1`,
        [pipelineId],
      );
      expect(count).toBe((101 * 102) / 2);
      const tree = await request(testApp.http).get(`/pipeline_execution/${rootId}`).expect(200);
      let node = tree.body;
      let levels = 1;
      while (node.child_executions.length > 0) {
        node = node.child_executions[0];
        levels += 1;
      }
      expect(levels).toBe(101);
      expect(node.id).toBe(parentId);
    });
  });

  describe('deep execution trees written before the limit (item 12)', () => {
    it('should serve a 1,500-level tree (built and serialised without recursion)', async () => {
      const pipelineId = await createPipeline('legacy deep tree');
      // As older versions let it be written; only the root's closure rows are needed to read it.
      const [{ first }] = await testApp.dataSource.query(
        `WITH RECURSIVE chain(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM chain WHERE n < 1500)
         SELECT min(id)::int AS first FROM (
           SELECT nextval(pg_get_serial_sequence('pipeline_execution', 'id')) AS id FROM chain) ids`,
      );
      await testApp.dataSource.query(
        `INSERT INTO pipeline_execution (id, pipeline_id, parent_id, start_date, hour_recorded, date_recorded)
         OVERRIDING SYSTEM VALUE
         SELECT $1::bigint + n, $2, CASE WHEN n = 0 THEN NULL ELSE $1::bigint + n - 1 END,
                '2024-01-01T10:00:00Z', 10, '2024-01-01'
         FROM generate_series(0, 1499) AS n`,
        [first, pipelineId],
      );
      await testApp.dataSource.query(
        `INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
         SELECT $1::bigint, $1::bigint + n, n FROM generate_series(0, 1499) AS n`,
        [first],
      );
      const response = await request(testApp.http).get(`/pipeline_execution/${first}`).expect(200);
      let node = response.body;
      let levels = 1;
      while (node.child_executions.length > 0) {
        node = node.child_executions[0];
        levels += 1;
      }
      expect(levels).toBe(1500);
      const refused = await start({ pipeline_id: pipelineId, parent_id: first + 1499 }).expect(422);
      expect(refused.body.code).toBe('EXECUTION_TOO_DEEP');
    });
  });

  describe('HTTP server limits (item 13)', () => {
    function closesWithin(socket: Socket, ms: number): Promise<{ closed: boolean; data: string }> {
      return new Promise((resolve) => {
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({ closed: false, data });
        }, ms);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve({ closed: true, data });
        });
        socket.on('error', () => undefined);
      });
    }

    it('should cut off slow headers and an endless chunked body', async () => {
      const server = testApp.http;
      // As in main.ts: the limits go on before listen() (supertest may have left it listening).
      if (server.listening) {
        await new Promise((resolve) => server.close(resolve));
      }
      applyHttpServerLimits(server, {
        headersTimeoutMs: 400,
        requestTimeoutMs: 800,
        keepAliveTimeoutMs: 1000,
        maxConnections: 100,
      });
      const port = await listenOnce(server);
      const slowHeaders = connect(port, '127.0.0.1');
      slowHeaders.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      const endless = connect(port, '127.0.0.1');
      endless.write(
        'POST /pipeline HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{"name":',
      );
      const [headersResult, bodyResult] = await Promise.all([
        closesWithin(slowHeaders, 4000),
        closesWithin(endless, 4000),
      ]);
      expect(headersResult.closed).toBe(true);
      expect(bodyResult.closed).toBe(true);
      expect(server.headersTimeout).toBe(400);
      expect(server.maxConnections).toBe(100);
      await request(server).get('/health').expect(200);
    });
  });

  describe('security headers (item 24)', () => {
    it('should send nosniff, a strict CSP and no-store on API responses', async () => {
      const response = await request(testApp.http).get('/pipeline').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      const error = await request(testApp.http).get('/pipeline/0x1').expect(422);
      expect(error.headers['cache-control']).toBe('no-store');
      expect(error.headers['x-content-type-options']).toBe('nosniff');
    });

    it('should let Swagger UI load its assets on /docs and forbid framing by others', async () => {
      const page = await request(testApp.http).get('/docs').redirects(1).expect(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
      expect(scripts.length).toBeGreaterThan(0);
      expect(page.text).not.toMatch(/<script>[^<]/);
      for (const script of scripts) {
        const asset = await request(testApp.http)
          .get(new URL(script, 'http://watcher/docs').pathname)
          .expect(200);
        expect(asset.headers['x-content-type-options']).toBe('nosniff');
        // It must at least compile: a '$`' in the document once broke swagger-ui-init.js.
        expect(() => new Script(asset.text)).not.toThrow();
      }
    });
  });

  describe('OpenAPI document (items 26, 27)', () => {
    interface Operation {
      requestBody?: { content: Record<string, { example?: unknown; examples?: unknown }> };
      responses: Record<
        string,
        { content?: Record<string, { example?: unknown; examples?: unknown; schema?: unknown }> }
      >;
    }

    it('should be titled Watcher API, list a server and type the thresholds as integers', async () => {
      const { body } = await request(testApp.http).get('/docs-json').expect(200);
      expect(body.info.title).toBe('Watcher API');
      expect(body.info.version).toBe(PACKAGE_VERSION);
      expect(body.servers.length).toBeGreaterThan(0);
      expect(body.info.description).toContain('X-Watcher-Ignored-Fields');
      const schemas = body.components.schemas as Record<
        string,
        { properties?: Record<string, { type?: string; description?: string }> }
      >;
      for (const [name, schema] of Object.entries(schemas)) {
        for (const field of ['freshness_number', 'timeliness_number']) {
          const property = schema.properties?.[field];
          if (property) {
            expect(`${name}.${field}: ${property.type}`).toBe(`${name}.${field}: integer`);
          }
        }
      }
      expect(schemas.PipelineResponse.properties?.load_lineage.description).toMatch(
        /first successful run/,
      );
      expect(schemas.UpdatePipelineDto.properties?.load_lineage.description).toMatch(/reload/);
    });

    it('should give every request body and every response with content an example', async () => {
      const { body } = await request(testApp.http).get('/docs-json').expect(200);
      const missing: string[] = [];
      for (const [path, methods] of Object.entries(
        body.paths as Record<string, Record<string, Operation>>,
      )) {
        for (const [method, operation] of Object.entries(methods)) {
          for (const media of Object.values(operation.requestBody?.content ?? {})) {
            if (media.example === undefined && media.examples === undefined) {
              missing.push(`${method} ${path} request body`);
            }
          }
          for (const [status, response] of Object.entries(operation.responses)) {
            for (const media of Object.values(response.content ?? {})) {
              if (media.example === undefined && media.examples === undefined) {
                missing.push(`${method} ${path} ${status}`);
              }
            }
          }
        }
      }
      expect(missing).toEqual([]);
    });

    it('should answer GET /version with the package name and version', async () => {
      const { body } = await request(testApp.http).get('/version').expect(200);
      expect(body).toEqual({ name: 'watcher', version: PACKAGE_VERSION });
    });
  });
});

describe('WATCHER_DOCS=false and WATCHER_COMMIT (items 24, 27)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    process.env.WATCHER_DOCS = 'false';
    process.env.WATCHER_COMMIT = 'abc1234';
    testApp = await createTestApp();
  });

  afterAll(async () => {
    delete process.env.WATCHER_DOCS;
    delete process.env.WATCHER_COMMIT;
    await testApp.close();
  });

  it('should serve neither /docs nor /docs-json', async () => {
    await request(testApp.http).get('/docs').expect(404);
    await request(testApp.http).get('/docs-json').expect(404);
    await request(testApp.http).get('/health').expect(200);
  });

  it('should report the commit on GET /version', async () => {
    const { body } = await request(testApp.http).get('/version').expect(200);
    expect(body).toMatchObject({ name: 'watcher', commit: 'abc1234' });
  });
});

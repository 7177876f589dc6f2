import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

interface GraphNode {
  id: number;
  name: string;
  upstream_distance: number | null;
  downstream_distance: number | null;
}

interface GraphEdge {
  source_address_id: number;
  target_address_id: number;
  pipeline_id: number;
  pipeline_name: string;
}

describe('Lineage graph (GET /lineage-graph)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const ref = (name: string) => ({
    name,
    address_type_name: 'postgres',
    address_type_group_name: 'database',
  });

  /** Creates (or finds) the pipeline and makes its edges sources × targets. */
  async function lineage(pipeline: string, sources: string[], targets: string[]): Promise<number> {
    const { body } = await request(testApp.http)
      .post('/pipeline')
      .send({ name: pipeline, pipeline_type_name: 'graph test' });
    await request(testApp.http)
      .post('/address_lineage')
      .send({
        pipeline_id: body.id,
        source_addresses: sources.map(ref),
        target_addresses: targets.map(ref),
      })
      .expect(201);
    return body.id;
  }

  async function addressId(name: string): Promise<number> {
    const { body } = await request(testApp.http)
      .get(`/address?name=${encodeURIComponent(name)}`)
      .expect(200);
    return body.find((row: { name: string }) => row.name === name).id;
  }

  /** The graph as names: nodes [name, up, down] in response order, edges [s, t, pipeline]. */
  async function graph(source: string, query = '') {
    const id = await addressId(source);
    const { body } = await request(testApp.http)
      .get(`/lineage-graph?source_address_id=${id}${query}`)
      .expect(200);
    const names = new Map<number, string>(
      body.nodes.map((node: GraphNode) => [node.id, node.name]),
    );
    return {
      nodes: body.nodes.map((node: GraphNode) => [
        node.name,
        node.upstream_distance,
        node.downstream_distance,
      ]),
      edges: body.edges.map((edge: GraphEdge) => [
        names.get(edge.source_address_id),
        names.get(edge.target_address_id),
        edge.pipeline_name,
      ]),
      truncated: body.truncated,
      body,
    };
  }

  describe('on a diamond (A→B→D, A→C→D)', () => {
    beforeAll(async () => {
      await lineage('diamond top', ['dia/A'], ['dia/B', 'dia/C']);
      await lineage('diamond bottom', ['dia/B', 'dia/C'], ['dia/D']);
    });

    const allEdges = [
      ['dia/A', 'dia/B', 'diamond top'],
      ['dia/A', 'dia/C', 'diamond top'],
      ['dia/B', 'dia/D', 'diamond bottom'],
      ['dia/C', 'dia/D', 'diamond bottom'],
    ];

    it('should reach the bottom once at distance 2 downstream', async () => {
      const result = await graph('dia/A', '&direction=downstream');
      expect(result.nodes).toEqual([
        ['dia/A', 0, 0],
        ['dia/B', null, 1],
        ['dia/C', null, 1],
        ['dia/D', null, 2],
      ]);
      expect(result.edges).toEqual(allEdges);
      expect(result.truncated).toBe(false);
    });

    it('should reach the top once at distance 2 upstream', async () => {
      const result = await graph('dia/D', '&direction=upstream');
      expect(result.nodes).toEqual([
        ['dia/D', 0, 0],
        ['dia/B', 1, null],
        ['dia/C', 1, null],
        ['dia/A', 2, null],
      ]);
      expect(result.edges).toEqual(allEdges);
    });

    it('should give a middle node its upstream and downstream only (default both, no siblings)', async () => {
      const result = await graph('dia/B');
      expect(result.nodes).toEqual([
        ['dia/B', 0, 0],
        ['dia/A', 1, null],
        ['dia/D', null, 1],
      ]);
      expect(result.edges).toEqual([
        ['dia/A', 'dia/B', 'diamond top'],
        ['dia/B', 'dia/D', 'diamond bottom'],
      ]);
      expect((await graph('dia/B', '&direction=both')).nodes).toEqual(result.nodes);
    });

    it('should stop at the depth limit', async () => {
      const result = await graph('dia/A', '&direction=DOWNSTREAM&depth=1');
      expect(result.nodes).toEqual([
        ['dia/A', 0, 0],
        ['dia/B', null, 1],
        ['dia/C', null, 1],
      ]);
      expect(result.edges).toEqual(allEdges.slice(0, 2));
      expect(result.truncated).toBe(false);
      const zero = await graph('dia/A', '&depth=0');
      expect(zero.nodes).toEqual([['dia/A', 0, 0]]);
      expect(zero.edges).toEqual([]);
    });

    it('should keep the nearest nodes under max_nodes and say truncated', async () => {
      const result = await graph('dia/A', '&max_nodes=3');
      expect(result.nodes).toEqual([
        ['dia/A', 0, 0],
        ['dia/B', null, 1],
        ['dia/C', null, 1],
      ]);
      expect(result.edges).toEqual(allEdges.slice(0, 2));
      expect(result.truncated).toBe(true);
      const two = await graph('dia/A', '&max_nodes=2');
      expect(two.nodes).toEqual([
        ['dia/A', 0, 0],
        ['dia/B', null, 1],
      ]);
      expect(two.edges).toEqual([allEdges[0]]);
      expect((await graph('dia/A', '&max_nodes=4')).truncated).toBe(false);
    });
  });

  describe('on cycles', () => {
    it('should handle a pipeline that reads and writes the same table (self-loop)', async () => {
      await lineage('self loop', ['loop/T', 'loop/S'], ['loop/T']);
      for (const direction of ['both', 'upstream', 'downstream']) {
        const result = await graph('loop/T', `&direction=${direction}`);
        expect([direction, result.edges]).toEqual([
          direction,
          direction === 'downstream'
            ? [['loop/T', 'loop/T', 'self loop']]
            : [
                // loop/S has the lower id (new addresses are created in name order).
                ['loop/S', 'loop/T', 'self loop'],
                ['loop/T', 'loop/T', 'self loop'],
              ],
        ]);
        expect(result.nodes).toEqual(
          direction === 'downstream'
            ? [['loop/T', 0, 0]]
            : [
                ['loop/T', 0, 0],
                ['loop/S', 1, null],
              ],
        );
      }
    });

    it('should handle a two-node cycle (A→B→A)', async () => {
      await lineage('cycle forth', ['cyc/A'], ['cyc/B']);
      await lineage('cycle back', ['cyc/B'], ['cyc/A']);
      const edges = [
        ['cyc/A', 'cyc/B', 'cycle forth'],
        ['cyc/B', 'cyc/A', 'cycle back'],
      ];
      const both = await graph('cyc/A');
      expect(both.nodes).toEqual([
        ['cyc/A', 0, 0],
        ['cyc/B', 1, 1],
      ]);
      expect(both.edges).toEqual(edges);
      const upstream = await graph('cyc/A', '&direction=upstream');
      expect(upstream.nodes).toEqual([
        ['cyc/A', 0, 0],
        ['cyc/B', 1, null],
      ]);
      expect(upstream.edges).toEqual(edges);
      const downstream = await graph('cyc/B', '&direction=downstream&depth=1');
      expect(downstream.nodes).toEqual([
        ['cyc/B', 0, 0],
        ['cyc/A', null, 1],
      ]);
      expect(downstream.edges).toEqual([['cyc/B', 'cyc/A', 'cycle back']]);
    });
  });

  describe('on a 3-pipeline chain (A→B→C→D)', () => {
    beforeAll(async () => {
      await lineage('chain one', ['chn/A'], ['chn/B']);
      await lineage('chain two', ['chn/B'], ['chn/C']);
      await lineage('chain three', ['chn/C'], ['chn/D']);
    });

    it('should return each node with its distance each way and the pipeline of each edge', async () => {
      const result = await graph('chn/B');
      expect(result.nodes).toEqual([
        ['chn/B', 0, 0],
        ['chn/A', 1, null],
        ['chn/C', null, 1],
        ['chn/D', null, 2],
      ]);
      expect(result.edges).toEqual([
        ['chn/A', 'chn/B', 'chain one'],
        ['chn/B', 'chn/C', 'chain two'],
        ['chn/C', 'chn/D', 'chain three'],
      ]);
      expect(result.body.nodes[0]).toEqual({
        id: await addressId('chn/B'),
        name: 'chn/B',
        address_type_name: 'postgres',
        address_type_group_name: 'database',
        address_metadata: null,
        upstream_distance: 0,
        downstream_distance: 0,
      });
      const pipelines = await request(testApp.http).get('/pipeline?name=chain one');
      expect(result.body.edges[0]).toEqual({
        source_address_id: await addressId('chn/A'),
        target_address_id: await addressId('chn/B'),
        pipeline_id: pipelines.body[0].id,
        pipeline_name: 'chain one',
        pipeline_type_name: 'graph test',
        pipeline_active: true,
      });
    });

    it('should cut by depth in both directions and by max_nodes nearest first (ties by id)', async () => {
      const depth1 = await graph('chn/B', '&depth=1');
      expect(depth1.nodes).toEqual([
        ['chn/B', 0, 0],
        ['chn/A', 1, null],
        ['chn/C', null, 1],
      ]);
      expect(depth1.edges).toEqual([
        ['chn/A', 'chn/B', 'chain one'],
        ['chn/B', 'chn/C', 'chain two'],
      ]);
      const upstream = await graph('chn/D', '&direction=upstream&depth=2');
      expect(upstream.nodes).toEqual([
        ['chn/D', 0, 0],
        ['chn/C', 1, null],
        ['chn/B', 2, null],
      ]);
      const capped = await graph('chn/B', '&max_nodes=2');
      expect(capped.nodes).toEqual([
        ['chn/B', 0, 0],
        ['chn/A', 1, null],
      ]);
      expect(capped.edges).toEqual([['chn/A', 'chn/B', 'chain one']]);
      expect(capped.truncated).toBe(true);
    });

    it('should be current: an inactive pipeline and replaced edges show at once', async () => {
      const { body: pipelines } = await request(testApp.http).get('/pipeline?name=chain three');
      await request(testApp.http)
        .patch('/pipeline')
        .send({ id: pipelines[0].id, active: false })
        .expect(200);
      const inactive = await graph('chn/C', '&direction=downstream');
      expect(inactive.body.edges[0].pipeline_active).toBe(false);
      await lineage('chain three', ['chn/C'], ['chn/E']);
      const replaced = await graph('chn/A', '&direction=downstream');
      expect(replaced.nodes).toEqual([
        ['chn/A', 0, 0],
        ['chn/B', null, 1],
        ['chn/C', null, 2],
        ['chn/E', null, 3],
      ]);
      await request(testApp.http).post('/lineage-graph/refresh').expect(200);
      expect((await graph('chn/A', '&direction=downstream')).nodes).toEqual(replaced.nodes);
    });
  });

  it('should return an edge once per pipeline when two pipelines share it', async () => {
    await lineage('share one', ['shr/A'], ['shr/B']);
    await lineage('share two', ['shr/A'], ['shr/B']);
    for (const [source, direction] of [
      ['shr/A', 'downstream'],
      ['shr/B', 'upstream'],
      ['shr/A', 'both'],
    ]) {
      const result = await graph(source, `&direction=${direction}`);
      expect(result.nodes).toHaveLength(2);
      expect(result.edges).toEqual([
        ['shr/A', 'shr/B', 'share one'],
        ['shr/A', 'shr/B', 'share two'],
      ]);
    }
  });

  it('should walk a long chain to the end with exact distances', async () => {
    const length = 60;
    for (let i = 0; i < length - 1; i++) {
      await lineage(`long ${i}`, [`long/${i}`], [`long/${i + 1}`]);
    }
    const result = await graph('long/0', '&direction=downstream');
    expect(result.nodes).toEqual(
      Array.from({ length }, (_, i) => [`long/${i}`, i === 0 ? 0 : null, i]),
    );
    expect(result.edges).toHaveLength(length - 1);
    const fromEnd = await graph(`long/${length - 1}`, '&direction=upstream&depth=10');
    expect(fromEnd.nodes.map((node: unknown[]) => node[1])).toEqual(
      Array.from({ length: 11 }, (_, i) => i),
    );
    expect(fromEnd.edges).toHaveLength(10);
  });

  it('should show the address type and metadata on nodes', async () => {
    await request(testApp.http)
      .post('/address')
      .send({
        name: 'meta/src',
        address_type_name: 'S3',
        address_type_group_name: 'File',
        address_metadata: { owner: 'data team' },
      })
      .expect(201);
    await lineage('meta pipeline', ['meta/src'], ['meta/dst']);
    const result = await graph('meta/dst');
    expect(result.body.nodes[1]).toMatchObject({
      name: 'meta/src',
      address_type_name: 's3',
      address_type_group_name: 'file',
      address_metadata: { owner: 'data team' },
      upstream_distance: 1,
      downstream_distance: null,
    });
  });

  it('should answer at /lineage-graph/ (trailing slash) too', async () => {
    const id = await addressId('dia/A');
    const plain = await request(testApp.http).get(`/lineage-graph?source_address_id=${id}`);
    const slash = await request(testApp.http)
      .get(`/lineage-graph/?source_address_id=${id}`)
      .expect(200);
    expect(slash.body).toEqual(plain.body);
  });

  it('should answer 404 for an unknown address and 422 for malformed parameters', async () => {
    const missing = await request(testApp.http)
      .get('/lineage-graph?source_address_id=999999')
      .expect(404);
    expect(missing.body.code).toBe('ADDRESS_NOT_FOUND');
    const id = await addressId('dia/A');
    const bad: Array<[string, string]> = [
      ['', 'source_address_id'],
      ['?direction=both', 'source_address_id'],
      ['?source_address_id=', 'source_address_id'],
      ['?source_address_id=abc', 'source_address_id'],
      ['?source_address_id=1.5', 'source_address_id'],
      ['?source_address_id=0', 'source_address_id'],
      ['?source_address_id=-3', 'source_address_id'],
      ['?source_address_id=1e3', 'source_address_id'],
      ['?source_address_id=1&source_address_id=2', 'source_address_id'],
      ['?source_address_id=99999999999', 'source_address_id'],
      [`?source_address_id=${id}&direction=sideways`, 'direction'],
      [`?source_address_id=${id}&depth=-1`, 'depth'],
      [`?source_address_id=${id}&depth=two`, 'depth'],
      [`?source_address_id=${id}&max_nodes=0`, 'max_nodes'],
      [`?source_address_id=${id}&max_nodes=50001`, 'max_nodes'],
    ];
    for (const [query, field] of bad) {
      for (const path of ['/lineage-graph', '/lineage-graph/']) {
        const response = await request(testApp.http).get(`${path}${query}`);
        expect([path + query, response.status]).toEqual([path + query, 422]);
        expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(
          field,
        );
      }
    }
    await request(testApp.http)
      .get(`/lineage-graph?source_address_id=${id}&max_nodes=50000`)
      .expect(200);
  });

  it('should accept the refresh call of old clients as a no-op', async () => {
    const response = await request(testApp.http).post('/lineage-graph/refresh').expect(200);
    expect(response.body).toEqual({ status: 'success', message: expect.any(String) });
  });

  it('should list {id, name} for pickers, ordered by name, with a substring filter and limit', async () => {
    const all = await request(testApp.http).get('/lineage-graph/addresses').expect(200);
    const names = all.body.map((row: { name: string }) => row.name);
    expect(names).toEqual([...names].sort());
    expect(all.body[0]).toEqual({ id: expect.any(Number), name: expect.any(String) });
    const filtered = await request(testApp.http)
      .get('/lineage-graph/addresses?name=DIA/')
      .expect(200);
    expect(filtered.body.map((row: { name: string }) => row.name)).toEqual([
      'dia/A',
      'dia/B',
      'dia/C',
      'dia/D',
    ]);
    const limited = await request(testApp.http).get('/lineage-graph/addresses?name=dia&limit=2');
    expect(limited.body.map((row: { name: string }) => row.name)).toEqual(['dia/A', 'dia/B']);
    const literal = await request(testApp.http).get('/lineage-graph/addresses?name=%25');
    expect(literal.body).toEqual([]);
    await request(testApp.http).get('/lineage-graph/addresses?limit=0').expect(422);
  });
});

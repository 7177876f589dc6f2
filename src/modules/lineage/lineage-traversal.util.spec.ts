import {
  type EdgeRow,
  type FetchLevel,
  type LineageDirection,
  traverseLineage,
} from 'src/modules/lineage/lineage-traversal.util';

/** An in-memory edge table: [source, target, pipeline]. */
function graph(triples: Array<[number, number, number]>) {
  const edges: EdgeRow[] = triples.map(([source, target, pipeline]) => ({
    source_address_id: source,
    target_address_id: target,
    pipeline_id: pipeline,
  }));
  const calls: Array<[number[], number[]]> = [];
  const fetchLevel: FetchLevel = (down, up) => {
    calls.push([down, up]);
    return Promise.resolve({
      downstream: edges.filter((edge) => down.includes(edge.source_address_id)),
      upstream: edges.filter((edge) => up.includes(edge.target_address_id)),
    });
  };
  return { fetchLevel, calls };
}

function run(
  triples: Array<[number, number, number]>,
  source: number,
  direction: LineageDirection = 'both',
  depth: number | null = null,
  maxNodes = 5000,
) {
  const { fetchLevel } = graph(triples);
  return traverseLineage(source, { direction, depth, maxNodes, deadline: Infinity }, fetchLevel);
}

const distances = (
  nodes: Array<{ id: number; upstream_distance: unknown; downstream_distance: unknown }>,
) => nodes.map((node) => [node.id, node.upstream_distance, node.downstream_distance]);
const pairs = (edges: EdgeRow[]) =>
  edges.map((edge) => [edge.source_address_id, edge.target_address_id, edge.pipeline_id]);

describe('traverseLineage', () => {
  // A=1 → B=2 → D=4, A → C=3 → D
  const diamond: Array<[number, number, number]> = [
    [1, 2, 10],
    [2, 4, 10],
    [1, 3, 11],
    [3, 4, 11],
  ];

  it('should visit the bottom of a diamond once, at its shortest distance', async () => {
    const result = await run(diamond, 1, 'downstream');
    expect(distances(result.nodes)).toEqual([
      [1, 0, 0],
      [2, null, 1],
      [3, null, 1],
      [4, null, 2],
    ]);
    expect(pairs(result.edges)).toEqual(pairs(diamond.map(toEdge)).sort(byTriple));
    expect(result.truncated).toBe(false);
  });

  it('should walk a diamond upstream from its bottom', async () => {
    const result = await run(diamond, 4, 'upstream');
    expect(distances(result.nodes)).toEqual([
      [4, 0, 0],
      [2, 1, null],
      [3, 1, null],
      [1, 2, null],
    ]);
    expect(result.edges).toHaveLength(4);
  });

  it('should give both distances from the middle of a chain in both directions', async () => {
    const result = await run(diamond, 2, 'both');
    expect(distances(result.nodes)).toEqual([
      [2, 0, 0],
      [1, 1, null],
      [4, null, 1],
    ]);
    expect(pairs(result.edges)).toEqual([
      [1, 2, 10],
      [2, 4, 10],
    ]);
  });

  it('should terminate on a self-loop and return its edge', async () => {
    const result = await run([[1, 1, 10]], 1);
    expect(distances(result.nodes)).toEqual([[1, 0, 0]]);
    expect(pairs(result.edges)).toEqual([[1, 1, 10]]);
  });

  it('should terminate on a two-node cycle with distance 1 both ways', async () => {
    const result = await run(
      [
        [1, 2, 10],
        [2, 1, 10],
      ],
      1,
    );
    expect(distances(result.nodes)).toEqual([
      [1, 0, 0],
      [2, 1, 1],
    ]);
    expect(pairs(result.edges)).toEqual([
      [1, 2, 10],
      [2, 1, 10],
    ]);
  });

  it('should stop at the depth limit and leave out the edges beyond it', async () => {
    const chain: Array<[number, number, number]> = [
      [1, 2, 10],
      [2, 3, 11],
      [3, 4, 12],
    ];
    const result = await run(chain, 1, 'downstream', 2);
    expect(distances(result.nodes)).toEqual([
      [1, 0, 0],
      [2, null, 1],
      [3, null, 2],
    ]);
    expect(pairs(result.edges)).toEqual([
      [1, 2, 10],
      [2, 3, 11],
    ]);
    expect(result.truncated).toBe(false);
    expect(distances((await run(chain, 1, 'downstream', 0)).nodes)).toEqual([[1, 0, 0]]);
  });

  it('should return an edge once per owning pipeline', async () => {
    const result = await run(
      [
        [1, 2, 10],
        [1, 2, 11],
      ],
      2,
      'upstream',
    );
    expect(pairs(result.edges)).toEqual([
      [1, 2, 10],
      [1, 2, 11],
    ]);
  });

  it('should keep the nearest nodes (ties by id) and mark the graph truncated', async () => {
    // 1 → 2, 1 → 3, 2 → 4, 3 → 5, 0 → 1
    const triples: Array<[number, number, number]> = [
      [1, 2, 10],
      [1, 3, 10],
      [2, 4, 10],
      [3, 5, 10],
      [0, 1, 10],
    ];
    const result = await run(triples, 1, 'both', null, 3);
    expect(distances(result.nodes)).toEqual([
      [1, 0, 0],
      [0, 1, null],
      [2, null, 1],
    ]);
    expect(pairs(result.edges)).toEqual([
      [0, 1, 10],
      [1, 2, 10],
    ]);
    expect(result.truncated).toBe(true);
    expect((await run(triples, 1, 'both', null, 6)).truncated).toBe(false);
  });

  it('should read one level per call and never call with two empty frontiers', async () => {
    const { fetchLevel, calls } = graph([
      [1, 2, 10],
      [2, 3, 10],
    ]);
    await traverseLineage(
      1,
      { direction: 'downstream', depth: null, maxNodes: 10, deadline: Infinity },
      fetchLevel,
    );
    expect(calls).toEqual([
      [[1], []],
      [[2], []],
      [[3], []],
    ]);
  });

  it('should stop expanding at the deadline and report truncated', async () => {
    const { fetchLevel, calls } = graph([
      [1, 2, 10],
      [2, 3, 10],
    ]);
    let clock = 0;
    const result = await traverseLineage(
      1,
      { direction: 'downstream', depth: null, maxNodes: 10, deadline: 5, now: () => (clock += 4) },
      fetchLevel,
    );
    expect(calls).toHaveLength(1);
    expect(result.nodes.map((node) => node.id)).toEqual([1, 2]);
    expect(result.truncated).toBe(true);
  });
});

function toEdge([source, target, pipeline]: [number, number, number]): EdgeRow {
  return { source_address_id: source, target_address_id: target, pipeline_id: pipeline };
}

function byTriple(a: number[], b: number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

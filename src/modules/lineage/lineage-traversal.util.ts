export const LINEAGE_DIRECTIONS = ['upstream', 'downstream', 'both'] as const;
export type LineageDirection = (typeof LINEAGE_DIRECTIONS)[number];

/** One lineage edge row: source → target, owned by a pipeline. */
export interface EdgeRow {
  source_address_id: number;
  target_address_id: number;
  pipeline_id: number;
}

/** The edges leaving the downstream frontier and the edges entering the upstream frontier. */
export interface LevelEdges {
  downstream: EdgeRow[];
  upstream: EdgeRow[];
}

/** Reads one breadth-first level (one query): never called with two empty frontiers. */
export type FetchLevel = (downFrontier: number[], upFrontier: number[]) => Promise<LevelEdges>;

export interface TraversalOptions {
  direction: LineageDirection;
  /** Levels to expand; null = unlimited. */
  depth: number | null;
  maxNodes: number;
  /** Stop expanding (and report truncated) once `now()` passes this (ms). */
  deadline: number;
  now?: () => number;
}

export interface TraversedNode {
  id: number;
  upstream_distance: number | null;
  downstream_distance: number | null;
}

export interface Traversal {
  /** Nearest first: by the smaller of the two distances, then by id. */
  nodes: TraversedNode[];
  /** The edges the traversal followed whose both ends are among `nodes`; sorted, distinct. */
  edges: EdgeRow[];
  truncated: boolean;
}

/**
 * Breadth-first traversal of the lineage graph from `sourceId`, one level per `fetchLevel` call,
 * upstream and downstream in lockstep. Each node is expanded at most once per direction (the
 * visited maps make cycles and self-loops terminate, and diamonds are visited once), so the
 * level at which a node is first reached is its shortest distance in that direction.
 *
 * An edge is on the traversal when the traversal followed it: out of a node expanded downstream,
 * or into a node expanded upstream (a node at the depth limit is reached, not expanded).
 *
 * Once more than `maxNodes` nodes are reached, expansion stops and the nodes nearest the source
 * are kept (ties by id), with `truncated: true`; so does passing the deadline. A kept node's
 * distance in a direction not explored far enough before the cut is null.
 */
export async function traverseLineage(
  sourceId: number,
  options: TraversalOptions,
  fetchLevel: FetchLevel,
): Promise<Traversal> {
  const now = options.now ?? Date.now;
  const downstream = new Map<number, number>([[sourceId, 0]]);
  const upstream = new Map<number, number>([[sourceId, 0]]);
  const reached = new Set<number>([sourceId]);
  const followed = new Map<string, EdgeRow>();
  let downFrontier = options.direction === 'upstream' ? [] : [sourceId];
  let upFrontier = options.direction === 'downstream' ? [] : [sourceId];
  let level = 0;
  let truncated = false;
  while (
    (downFrontier.length > 0 || upFrontier.length > 0) &&
    (options.depth === null || level < options.depth)
  ) {
    if (reached.size > options.maxNodes || now() > options.deadline) {
      truncated = true;
      break;
    }
    const edges = await fetchLevel(downFrontier, upFrontier);
    level += 1;
    downFrontier = expand(edges.downstream, 'target_address_id', downstream, level);
    upFrontier = expand(edges.upstream, 'source_address_id', upstream, level);
    for (const edge of [...edges.downstream, ...edges.upstream]) {
      followed.set(edgeKey(edge), edge);
    }
    [...downFrontier, ...upFrontier].forEach((id) => reached.add(id));
  }
  if (reached.size > options.maxNodes) {
    truncated = true;
  }
  const nodes = rankNodes(reached, upstream, downstream).slice(0, options.maxNodes);
  const kept = new Set(nodes.map((node) => node.id));
  const edges = [...followed.values()]
    .filter((edge) => kept.has(edge.source_address_id) && kept.has(edge.target_address_id))
    .sort(compareEdges);
  return { nodes, edges, truncated };
}

/** Records the far ends first reached at this level; returns them (the next frontier). */
function expand(
  edges: EdgeRow[],
  farEnd: 'source_address_id' | 'target_address_id',
  distances: Map<number, number>,
  level: number,
): number[] {
  const next: number[] = [];
  for (const edge of edges) {
    const id = edge[farEnd];
    if (!distances.has(id)) {
      distances.set(id, level);
      next.push(id);
    }
  }
  return next;
}

function rankNodes(
  reached: Set<number>,
  upstream: Map<number, number>,
  downstream: Map<number, number>,
): TraversedNode[] {
  const nodes = [...reached].map((id) => ({
    id,
    upstream_distance: upstream.get(id) ?? null,
    downstream_distance: downstream.get(id) ?? null,
  }));
  const nearest = (node: TraversedNode) =>
    Math.min(node.upstream_distance ?? Infinity, node.downstream_distance ?? Infinity);
  return nodes.sort((a, b) => nearest(a) - nearest(b) || a.id - b.id);
}

function edgeKey(edge: EdgeRow): string {
  return `${edge.source_address_id}:${edge.target_address_id}:${edge.pipeline_id}`;
}

function compareEdges(a: EdgeRow, b: EdgeRow): number {
  return (
    a.source_address_id - b.source_address_id ||
    a.target_address_id - b.target_address_id ||
    a.pipeline_id - b.pipeline_id
  );
}

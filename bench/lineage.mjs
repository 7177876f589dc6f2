// Lineage graph benchmark: seeds a large lineage graph, then measures GET /lineage-graph
// (depth-10 `both` and unlimited queries from random addresses) and POST /address_lineage
// (50 sources x 50 targets) against a running Watcher.
//
//   # PostgreSQL mode: seed with direct SQL into the server's database (fast)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/watcher_bench npm start &   # the server
//   WATCHER_URL=http://127.0.0.1:3000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/watcher_bench \
//     node bench/lineage.mjs
//
//   # embedded mode (or any mode): seed through the API (slower; use a smaller graph)
//   WATCHER_URL=http://127.0.0.1:3000 SEED=api ADDRESSES=10000 EDGES=15000 node bench/lineage.mjs
//
// Settings (environment): ADDRESSES (default 100000, max 200000), EDGES (default 150000, max
// 300000), QUERIES (random source addresses, default 100, max 1000), WRITES (default 5, max 50),
// SEED = sql (default when DATABASE_URL is set) | api | skip, SEED_ONLY=true (seed, measure
// nothing). Seeding is idempotent: names are
// deterministic (`lbench.sN.tN`, pipelines `lineage bench N`), so a second run reuses the graph.
//
// The graph: addresses 0..N-1 in a topological order, cut into blocks of 1-3; each block is
// written by one pipeline that reads a few addresses from the 500 before it (its edges are the
// cross product, as POST /address_lineage makes them); 2% of the pipelines read from the 500
// after their block instead, which closes cycles. A fixed PRNG seed builds the same graph each
// run.
//
// Prints one JSON line: p50/p95 of each measurement in milliseconds, and graph sizes. Only
// loopback targets are accepted (for both the HTTP server and the database).
import { performance } from 'node:perf_hooks';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const databaseUrl = process.env.DATABASE_URL || undefined;
const addressCount = boundedInt('ADDRESSES', 100_000, 200_000);
const edgeTarget = boundedInt('EDGES', 150_000, 300_000);
const queryCount = boundedInt('QUERIES', 100, 1000);
const writeCount = boundedInt('WRITES', 5, 50);
const seedMode = process.env.SEED ?? (databaseUrl ? 'sql' : 'api');
const WINDOW = 500;
const BACKWARD_SHARE = 0.02;
const TYPE = { name: 'postgres', group: 'database' };

function boundedInt(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

if (!LOOPBACK.has(baseUrl.hostname)) {
  throw new Error(`Refusing to benchmark ${baseUrl.host}: only loopback addresses are allowed`);
}
if (databaseUrl && !LOOPBACK.has(new URL(databaseUrl).hostname)) {
  throw new Error('Refusing to seed a non-loopback database');
}
if (!['sql', 'api', 'skip'].includes(seedMode)) {
  throw new Error('SEED must be sql, api or skip');
}
if (seedMode === 'sql' && !databaseUrl) {
  throw new Error('SEED=sql needs DATABASE_URL (the database the server uses)');
}

/** mulberry32: a small deterministic PRNG, so every run seeds the same graph. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addressName = (index) => `lbench.s${index % 100}.t${index}`;
const pipelineName = (index) => `lineage bench ${index}`;

/** Distinct random integers from [from, to), at most `count` of them. */
function pick(random, count, from, to) {
  const low = Math.max(0, from);
  const high = Math.min(addressCount, to);
  const chosen = new Set();
  for (let attempt = 0; chosen.size < count && attempt < count * 4 && high > low; attempt++) {
    chosen.add(low + Math.floor(random() * (high - low)));
  }
  return [...chosen];
}

/**
 * The seeded pipelines with their source and target address indexes (about EDGES edges): the
 * addresses are cut into consecutive blocks of 1-3 targets, each written by one pipeline that
 * reads a few addresses from the window before the block (the share of backward pipelines reads
 * from the window after it). Sources per pipeline average EDGES / ADDRESSES, so every address has
 * about that many upstream and downstream edges.
 */
function generatePipelines() {
  const random = prng(20240101);
  const meanSources = edgeTarget / addressCount;
  const pipelines = [];
  for (let start = 1; start < addressCount;) {
    const size = Math.min(1 + Math.floor(random() * 3), addressCount - start);
    const targets = Array.from({ length: size }, (_, offset) => start + offset);
    const isBackward = random() < BACKWARD_SHARE && start + size < addressCount;
    const sourceCount = 1 + Math.floor(random() * Math.max(1, 2 * meanSources - 1));
    const sources = isBackward
      ? pick(random, sourceCount, start + size, start + size + WINDOW)
      : pick(random, sourceCount, start - WINDOW, start);
    pipelines.push({ index: pipelines.length, sources, targets });
    start += size;
  }
  return pipelines;
}

async function http(method, path, body, expected) {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

const addressRef = (index) => ({
  name: addressName(index),
  address_type_name: TYPE.name,
  address_type_group_name: TYPE.group,
});

async function seedThroughApi(pipelines) {
  const CONCURRENCY = 4;
  let next = 0;
  async function worker() {
    while (next < pipelines.length) {
      const pipeline = pipelines[next++];
      const { id, load_lineage: isLoading } = await http(
        'POST',
        '/pipeline',
        { name: pipelineName(pipeline.index), pipeline_type_name: 'lineage bench' },
        [200, 201],
      );
      if (isLoading) {
        await http(
          'POST',
          '/address_lineage',
          {
            pipeline_id: id,
            source_addresses: pipeline.sources.map(addressRef),
            target_addresses: pipeline.targets.map(addressRef),
          },
          [201],
        );
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Addresses no pipeline touched, so the address count is the same as with SQL seeding.
  const touched = new Set(pipelines.flatMap((p) => [...p.sources, ...p.targets]));
  for (let index = 0; index < addressCount; index++) {
    if (!touched.has(index)) {
      await http('POST', '/address', addressRef(index), [200, 201]);
    }
  }
}

async function seedWithSql(pipelines) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO address_type (name, group_name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [TYPE.name, TYPE.group],
    );
    const CHUNK = 10_000;
    for (let start = 0; start < addressCount; start += CHUNK) {
      const indexes = Array.from(
        { length: Math.min(CHUNK, addressCount - start) },
        (_, offset) => start + offset,
      );
      await client.query(
        `INSERT INTO address (name, address_type_id, database_name, schema_name, table_name)
         SELECT n, (SELECT id FROM address_type WHERE name = $5), d, s, t
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(n, d, s, t)
         ON CONFLICT (name) DO NOTHING`,
        [
          indexes.map(addressName),
          indexes.map(() => 'lbench'),
          indexes.map((index) => `s${index % 100}`),
          indexes.map((index) => `t${index}`),
          TYPE.name,
        ],
      );
    }
    await client.query(
      `INSERT INTO pipeline_type (name) VALUES ('lineage bench') ON CONFLICT (name) DO NOTHING`,
    );
    for (let start = 0; start < pipelines.length; start += CHUNK) {
      const names = pipelines.slice(start, start + CHUNK).map((p) => pipelineName(p.index));
      await client.query(
        `INSERT INTO pipeline (name, pipeline_type_id)
         SELECT n, (SELECT id FROM pipeline_type WHERE name = 'lineage bench') FROM unnest($1::text[]) n
         ON CONFLICT (name) DO NOTHING`,
        [names],
      );
    }
    const addressIds = await idsByName(client, 'address', 'lbench.%');
    const pipelineIds = await idsByName(client, 'pipeline', 'lineage bench %');
    const rows = { pipeline: [], source: [], target: [] };
    const flush = async () => {
      await client.query(
        `INSERT INTO address_lineage (pipeline_id, source_address_id, target_address_id)
         SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) ON CONFLICT DO NOTHING`,
        [rows.pipeline, rows.source, rows.target],
      );
      rows.pipeline = [];
      rows.source = [];
      rows.target = [];
    };
    for (const pipeline of pipelines) {
      const pipelineId = pipelineIds.get(pipelineName(pipeline.index));
      for (const source of pipeline.sources) {
        for (const target of pipeline.targets) {
          rows.pipeline.push(pipelineId);
          rows.source.push(addressIds.get(addressName(source)));
          rows.target.push(addressIds.get(addressName(target)));
        }
      }
      if (rows.pipeline.length >= 20_000) {
        await flush();
      }
    }
    await flush();
    await client.query('VACUUM ANALYZE address');
    await client.query('VACUUM ANALYZE address_lineage');
  } finally {
    await client.end();
  }
}

async function idsByName(client, table, pattern) {
  const { rows } = await client.query(`SELECT id, name FROM ${table} WHERE name LIKE $1`, [
    pattern,
  ]);
  return new Map(rows.map((row) => [row.name, row.id]));
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value) => Math.round(value * 10) / 10;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function benchGraph(sourceIds, query) {
  const samples = [];
  const nodes = [];
  let truncated = 0;
  for (const id of sourceIds) {
    const { ms, result } = await timed(() =>
      http('GET', `/lineage-graph?source_address_id=${id}${query}`, undefined, [200]),
    );
    samples.push(ms);
    nodes.push(result.nodes.length);
    truncated += result.truncated ? 1 : 0;
  }
  return { ...summary(samples), nodes: summary(nodes), truncated };
}

async function benchWrites() {
  const run = Date.now().toString(36);
  const { id } = await http(
    'POST',
    '/pipeline',
    { name: `lineage bench writer ${run}`, pipeline_type_name: 'lineage bench' },
    [201],
  );
  const fresh = [];
  const repeat = [];
  for (let write = 0; write < writeCount; write++) {
    const refs = (side) =>
      Array.from({ length: 50 }, (_, index) => ({
        name: `lbench-write/${run}/${write}/${side}${index}`,
        address_type_name: TYPE.name,
        address_type_group_name: TYPE.group,
      }));
    const body = { pipeline_id: id, source_addresses: refs('s'), target_addresses: refs('t') };
    const first = await timed(() => http('POST', '/address_lineage', body, [201]));
    if (first.result.lineage_relationships_created !== 2500) {
      throw new Error(`expected 2500 edges, got ${JSON.stringify(first.result)}`);
    }
    fresh.push(first.ms);
    repeat.push((await timed(() => http('POST', '/address_lineage', body, [201]))).ms);
  }
  return { newAddresses: summary(fresh), sameBodyAgain: summary(repeat) };
}

async function main() {
  const pipelines = generatePipelines();
  const seedStart = performance.now();
  if (seedMode === 'sql') {
    await seedWithSql(pipelines);
  } else if (seedMode === 'api') {
    await seedThroughApi(pipelines);
  }
  const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
  if (process.env.SEED_ONLY === 'true') {
    console.log(JSON.stringify({ seed: { mode: seedMode, seconds: seedSeconds } }));
    return;
  }
  const picker = await http(
    'GET',
    '/lineage-graph/addresses?name=lbench.&limit=1',
    undefined,
    [200],
  );
  if (picker.length === 0) {
    throw new Error('No seeded addresses found: run with SEED=sql or SEED=api first');
  }
  // Ids of seeded addresses are contiguous per seed run; sample by name to be safe.
  const random = prng(7);
  const sourceIds = [];
  for (let count = 0; count < queryCount; count++) {
    const name = addressName(Math.floor(random() * addressCount));
    const found = await http(
      'GET',
      `/lineage-graph/addresses?name=${encodeURIComponent(`${name}`)}&limit=5`,
      undefined,
      [200],
    );
    const exact = found.find((row) => row.name === name);
    if (exact) {
      sourceIds.push(exact.id);
    }
  }
  await benchGraph(sourceIds.slice(0, 5), '&direction=both&depth=10'); // warm-up
  const depth10 = await benchGraph(sourceIds, '&direction=both&depth=10');
  const unlimited = await benchGraph(sourceIds.slice(0, Math.min(20, sourceIds.length)), '');
  const unlimitedAll = await benchGraph(
    sourceIds.slice(0, Math.min(10, sourceIds.length)),
    '&max_nodes=50000',
  );
  const writes = await benchWrites();
  const edges = pipelines.reduce((sum, p) => sum + p.sources.length * p.targets.length, 0);
  console.log(
    JSON.stringify({
      target: baseUrl.origin,
      seed: {
        mode: seedMode,
        seconds: seedSeconds,
        addresses: addressCount,
        pipelines: pipelines.length,
        edges,
      },
      depth10Both: depth10,
      unlimitedDefaultMaxNodes: unlimited,
      unlimitedMaxNodes50000: unlimitedAll,
      write50x50: writes,
    }),
  );
}

await main();

// Ingest: Watcher vs a bare node:http + pg server (bench/baseline.mjs) doing the same work.
// What every orchestrator task does: POST /pipeline (with next_watermark) → POST
// /start_pipeline_execution → POST /end_pipeline_execution (successful, with counts), with
// anomaly detection on (6 active rules per pipeline, history to compute baselines from).
//
//   npm run build   # Watcher runs from dist/
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
//     npm run bench -- ingest [--keep] [--statements] [--profile]
//
// Creates its own database watcher_bench_<ts> on DATABASE_URL's server (dropped at the end
// unless --keep), lets Watcher migrate it, seeds PIPELINES pipelines with 6 rules and HISTORY
// past runs each, starts Watcher (WATCHER_ROLE=all, own queue prefix) and the baseline on free
// ports, warms both up (WARMUP_SECONDS), then alternates baseline and Watcher runs (B W B W:
// RUNS pairs of CLIENTS clients × SECONDS). Prints per run: iterations/s, p50/p95/p99 per call
// and per iteration, errors, server and PostgreSQL CPU ms per iteration, detection lag; then a
// summary table and one JSON line. --statements instead counts SQL statements per call through
// a counting proxy (see README); --profile runs Watcher under --cpu-prof and prints its CPU by
// package at the end. Only loopback servers. Never part of `npm test`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import pg from 'pg';
import { formatSummary, summarizeProfile } from './lib/cpuprofile-summary.mjs';
import { cpuDeltaMs, postgresSnapshot, processCpuMs } from './lib/cpu.mjs';
import { assertLoopback, createDatabase, dropDatabase } from './lib/db.mjs';
import { jsonClient } from './lib/http.mjs';
import { startCountingProxy } from './lib/pg-count-proxy.mjs';
import {
  freePort,
  installSignalHandlers,
  isAborting,
  onCleanup,
  runCleanups,
  spawnNode,
  stopServer,
  waitHealthy,
} from './lib/server.mjs';
import { latencySummary, median, round, table } from './lib/stats.mjs';

const METRICS = [
  'duration_seconds',
  'inserts',
  'updates',
  'soft_deletes',
  'total_rows',
  'throughput',
];
const TYPE_NAME = 'ingest bench';
const LAG_POLL_MS = 10;
const LAG_TIMEOUT_MS = 10_000;
const MAX_ERROR_SAMPLES = 5;

const flags = new Set(process.argv.slice(2));
for (const flag of flags) {
  if (!['--keep', '--statements', '--profile'].includes(flag)) {
    throw new Error(`unknown flag ${flag} (known: --keep, --statements, --profile)`);
  }
}
const config = {
  clients: boundedInt('CLIENTS', 16, 256),
  seconds: boundedInt('SECONDS', 30, 600),
  runs: boundedInt('RUNS', 2, 20),
  pipelines: boundedInt('PIPELINES', 64, 10_000),
  history: boundedInt('HISTORY', 200, 5000),
  warmupSeconds: boundedInt('WARMUP_SECONDS', 5, 120),
  sampleEvery: boundedInt('SAMPLE_EVERY', 10, 1000),
};
// Target mode (WATCHER_URL set): only the load, against a server you started, no baseline, no
// database of its own; prints the JSON line of the earlier bench/ingest.mjs (bench/monitoring.mjs
// runs it this way).
const targetUrl = process.env.WATCHER_URL;
const databaseUrl = targetUrl ? undefined : required('DATABASE_URL');
const redisUrl = targetUrl ? undefined : required('REDIS_URL');

function boundedInt(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(
      `${name} is required (loopback; the bench creates its own database on DATABASE_URL's ` +
        'server), or WATCHER_URL for the load alone against a running server',
    );
    process.exit(2);
  }
  return value;
}

const randomInt = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

// ---------------------------------------------------------------------------------------------
// Seeding: pipelines, 6 active rules each, HISTORY successful past runs at varied hours.

const SEED_PIPELINES = `
  WITH type AS (INSERT INTO pipeline_type (name) VALUES ($1) RETURNING id)
  INSERT INTO pipeline (name, pipeline_type_id)
  SELECT $1 || ' ' || g, type.id FROM type, generate_series(0, $2::int - 1) AS g
  RETURNING id, name`;

// minimum_executions 5: with ~HISTORY/24 runs per hour of day every rule is really evaluated.
const SEED_RULES = `
  INSERT INTO anomaly_detection_rule (pipeline_id, metric_field, minimum_executions)
  SELECT p.id, m.metric, 5 FROM pipeline p CROSS JOIN unnest($1::text[]) AS m(metric)`;

// HISTORY runs per pipeline over the last 29 days, spaced so their UTC hours vary.
const SEED_HISTORY = `
  WITH runs AS (
    SELECT p.id AS pipeline_id,
      now() - interval '10 minutes' - g * ($1::float8 * interval '1 millisecond')
        - (p.id * 7 % 60) * interval '1 minute' AS start_date,
      270 + floor(random() * 60)::int AS duration,
      720 + floor(random() * 160)::bigint AS inserts,
      180 + floor(random() * 40)::bigint AS updates,
      floor(random() * 10)::bigint AS soft_deletes
    FROM pipeline p CROSS JOIN generate_series(1, $2::int) AS g),
  inserted AS (
    INSERT INTO pipeline_execution (pipeline_id, start_date, end_date, duration_seconds,
      completed_successfully, inserts, updates, soft_deletes, total_rows, throughput,
      hour_recorded, date_recorded, updated_at)
    SELECT pipeline_id, start_date, start_date + duration * interval '1 second', duration, true,
      inserts, updates, soft_deletes, inserts + updates + soft_deletes,
      round((inserts + updates + soft_deletes)::numeric / duration, 4),
      extract(hour FROM start_date AT TIME ZONE 'UTC')::int,
      (start_date AT TIME ZONE 'UTC')::date, now()
    FROM runs
    RETURNING id)
  INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
  SELECT id, id, 0 FROM inserted`;

async function seed(pool) {
  const { rows } = await pool.query(SEED_PIPELINES, [TYPE_NAME, config.pipelines]);
  await pool.query(SEED_RULES, [METRICS]);
  await pool.query(SEED_HISTORY, [(29 * 24 * 3600 * 1000) / config.history, config.history]);
  await pool.query('ANALYZE');
  const {
    rows: [{ max }],
  } = await pool.query('SELECT coalesce(max(id), 0)::int8 AS max FROM pipeline_execution');
  return { names: rows.map((row) => row.name), lastSeededId: Number(max) };
}

// ---------------------------------------------------------------------------------------------
// One run: CLIENTS loops for `seconds` against one server.

// The detection marker: one anomaly_detection_run row per detected execution (DESIGN §5.4;
// AnomalyResultRepository.replaceForExecution writes it in detection's transaction). The
// baseline writes the same row with its aggregate, so both sides are timed alike.
const DETECTED = `
  SELECT pipeline_execution_id AS id FROM anomaly_detection_run
  WHERE pipeline_execution_id = ANY($1::int8[])`;
const BACKLOG = `
  SELECT count(*)::int AS n FROM pipeline_execution e
  WHERE e.id > $1 AND e.end_date IS NOT NULL AND e.completed_successfully
    AND NOT EXISTS (SELECT 1 FROM anomaly_detection_run r WHERE r.pipeline_execution_id = e.id)`;

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

async function runLoad(server, names, seconds, { pollPool, lastSeededId }) {
  const http = jsonClient(server.url, config.clients);
  const latencies = { pipeline: [], start: [], end: [], iteration: [] };
  const errorSamples = new Map();
  let errors = 0;
  let iterations = 0;
  let ends = 0;
  const pending = new Map();
  const lags = [];
  let lagTimeouts = 0;

  function fail(message) {
    errors += 1;
    if (errorSamples.size < MAX_ERROR_SAMPLES || errorSamples.has(message)) {
      errorSamples.set(message, (errorSamples.get(message) ?? 0) + 1);
    }
  }

  async function call(path, body, expected, bucket, isMeasured) {
    const t0 = performance.now();
    let response;
    try {
      response = await http.post(path, body);
    } catch (error) {
      fail(`${path}: ${error.code ?? error.message}`);
      await sleep(20);
      return undefined;
    }
    const elapsed = performance.now() - t0;
    if (!expected.includes(response.status)) {
      fail(`${path} ${response.status}: ${response.text.slice(0, 160)}`);
      return undefined;
    }
    if (isMeasured()) {
      bucket.push(elapsed);
    }
    return response.text ? JSON.parse(response.text) : {};
  }

  const started = performance.now();
  const stopAt = started + seconds * 1000;
  const isMeasured = () => performance.now() < stopAt;

  async function iteration() {
    const t0 = performance.now();
    const pipeline = await call(
      '/pipeline',
      {
        name: names[randomInt(0, names.length - 1)],
        pipeline_type_name: TYPE_NAME,
        next_watermark: new Date().toISOString(),
      },
      [200, 201],
      latencies.pipeline,
      isMeasured,
    );
    if (!pipeline) return;
    const duration = randomInt(270, 330);
    const execution = await call(
      '/start_pipeline_execution',
      {
        pipeline_id: pipeline.id,
        start_date: new Date(Date.now() - duration * 1000).toISOString(),
      },
      [201],
      latencies.start,
      isMeasured,
    );
    if (!execution) return;
    const inserts = randomInt(720, 880);
    const updates = randomInt(180, 220);
    const softDeletes = randomInt(0, 9);
    const ended = await call(
      '/end_pipeline_execution',
      {
        id: execution.id,
        end_date: new Date().toISOString(),
        completed_successfully: true,
        inserts,
        updates,
        soft_deletes: softDeletes,
        total_rows: inserts + updates + softDeletes,
      },
      [204],
      latencies.end,
      isMeasured,
    );
    if (!ended) return;
    const t1 = performance.now();
    if (t1 < stopAt) {
      iterations += 1;
      latencies.iteration.push(t1 - t0);
      ends += 1;
      if (ends % config.sampleEvery === 0) {
        pending.set(String(execution.id), t1);
      }
    }
  }

  // Detection lag: the bench's own small pool polls the marker of the sampled ends together.
  let isPolling = true;
  const poller = (async () => {
    while ((isPolling || pending.size > 0) && !isAborting()) {
      if (pollPool && pending.size > 0) {
        const { rows } = await pollPool.query(DETECTED, [[...pending.keys()]]);
        const now = performance.now();
        for (const row of rows) {
          lags.push(now - pending.get(String(row.id)));
          pending.delete(String(row.id));
        }
        for (const [id, endedAt] of pending) {
          if (now - endedAt > LAG_TIMEOUT_MS) {
            // Counted at the timeout in the percentiles too: a p95 of 10000 means "saturated".
            lags.push(LAG_TIMEOUT_MS);
            lagTimeouts += 1;
            pending.delete(id);
          }
        }
      }
      await sleep(LAG_POLL_MS);
    }
  })();

  const cpuBefore = { server: processCpuMs(server.pid), postgres: postgresSnapshot() };
  let cpuAfter;
  const cpuTimer = setTimeout(() => {
    cpuAfter = { server: processCpuMs(server.pid), postgres: postgresSnapshot() };
  }, seconds * 1000);
  await Promise.all(
    Array.from({ length: config.clients }, async () => {
      while (performance.now() < stopAt && !isAborting()) {
        await iteration();
      }
    }),
  );
  clearTimeout(cpuTimer);
  cpuAfter ??= { server: processCpuMs(server.pid), postgres: postgresSnapshot() };
  const backlogAtStop = pollPool ? (await pollPool.query(BACKLOG, [lastSeededId])).rows[0].n : 0;
  isPolling = false;
  if (!pollPool) pending.clear();
  await poller;
  http.close();
  // Let the detection backlog drain, so it does not load the next run.
  const drainDeadline = Date.now() + 60_000;
  let backlog = backlogAtStop;
  while (backlog > 0 && Date.now() < drainDeadline && !isAborting()) {
    await sleep(200);
    ({
      rows: [{ n: backlog }],
    } = await pollPool.query(BACKLOG, [lastSeededId]));
  }
  if (isAborting()) {
    throw new Interrupted();
  }
  const lag = latencySummary(lags);
  return {
    server: server.name,
    seconds,
    iterations,
    itPerSec: round(iterations / seconds, 1),
    pipeline: latencySummary(latencies.pipeline),
    start: latencySummary(latencies.start),
    end: latencySummary(latencies.end),
    iteration: latencySummary(latencies.iteration),
    errors,
    errorSamples: [...errorSamples].map(([message, count]) => `${count}× ${message}`),
    serverCpuMsPerIt: round((cpuAfter.server - cpuBefore.server) / Math.max(1, iterations), 2),
    postgresCpuMsPerIt: round(
      cpuDeltaMs(cpuBefore.postgres, cpuAfter.postgres) / Math.max(1, iterations),
      2,
    ),
    lag: { samples: lag.n, p50: lag.p50, p95: lag.p95, max: lag.max, timeouts: lagTimeouts },
    backlogAtStop,
    backlogLeft: backlog,
  };
}

function printRun(label, result) {
  console.log(
    `\n${label}: ${result.server} — ${result.itPerSec} it/s (${result.iterations} in ${result.seconds} s), errors ${result.errors}`,
  );
  console.log(
    table(
      ['ms', 'p50', 'p95', 'p99', 'max'],
      ['pipeline', 'start', 'end', 'iteration'].map((key) => [
        key,
        result[key].p50,
        result[key].p95,
        result[key].p99,
        result[key].max,
      ]),
    ),
  );
  console.log(
    `CPU ms/it: server ${result.serverCpuMsPerIt}, postgres ${result.postgresCpuMsPerIt} | ` +
      `detection lag (1 in ${config.sampleEvery} ends, ${result.lag.samples} samples): ` +
      `p50 ${result.lag.p50} ms, p95 ${result.lag.p95} ms, max ${result.lag.max} ms, ` +
      `timeouts ${result.lag.timeouts} | backlog at stop ${result.backlogAtStop}` +
      (result.backlogLeft > 0 ? ` (still ${result.backlogLeft} after 60 s)` : ''),
  );
  for (const sample of result.errorSamples) {
    console.log(`  error: ${sample}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Servers.

// --profile: Watcher runs under the V8 profiler (slower: its numbers are not comparable then);
// the profile is written when it exits, and summarized by package at the end.
const profileDir = flags.has('--profile') ? mkdtempSync(join(tmpdir(), 'watcher-prof-')) : null;

// Watcher runs as production launches it (Dockerfile, `npm run start:prod`).
const WATCHER_NODE_FLAGS = ['--max-semi-space-size=64'];

async function startWatcher(url, prefix) {
  const port = await freePort();
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = spawnNode(
    'watcher',
    [...WATCHER_NODE_FLAGS, ...profile, 'dist/main.js'],
    {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      WATCHER_ROLE: 'all',
      WATCHER_QUEUE_PREFIX: prefix,
      // The periodic checks (freshness, timeliness, queue monitor, cleanup) are not ingest.
      WATCHER_SCHEDULER: 'false',
      LOG_LEVEL: 'warn',
      WATCHER_ENV_FILE: '',
    },
    port,
  );
  await waitHealthy(server, 120_000);
  return server;
}

async function startBaseline(url) {
  const port = await freePort();
  const server = spawnNode('baseline', ['bench/baseline.mjs'], { DATABASE_URL: url }, port);
  await waitHealthy(server);
  return server;
}

async function deleteQueueKeys(prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// --statements: SQL statements per call, counted on the wire (pg_stat_statements when loaded).

async function countStatements(side, names, context, proxy) {
  const { server } = side;
  const http = jsonClient(server.url, 1);
  const post = async (path, body, expected) => {
    const response = await http.post(path, body);
    if (!expected.includes(response.status)) {
      throw new Error(`${path} ${response.status}: ${response.text.slice(0, 200)}`);
    }
    return response.text ? JSON.parse(response.text) : {};
  };
  const idleStart = proxy.counts.statements;
  await sleep(3000);
  const idlePerSecond = (proxy.counts.statements - idleStart) / 3;
  const sums = { pipeline: 0, start: 0, end: 0, afterEnd: 0 };
  const n = 20;
  for (let i = 0; i < n; i += 1) {
    let before = proxy.counts.statements;
    const pipeline = await post(
      '/pipeline',
      {
        name: names[i % names.length],
        pipeline_type_name: TYPE_NAME,
        next_watermark: new Date().toISOString(),
      },
      [200, 201],
    );
    sums.pipeline += proxy.counts.statements - before;
    before = proxy.counts.statements;
    const { id } = await post(
      '/start_pipeline_execution',
      { pipeline_id: pipeline.id, start_date: new Date(Date.now() - 300_000).toISOString() },
      [201],
    );
    sums.start += proxy.counts.statements - before;
    before = proxy.counts.statements;
    await post(
      '/end_pipeline_execution',
      {
        id,
        end_date: new Date().toISOString(),
        completed_successfully: true,
        inserts: 800,
        updates: 200,
        soft_deletes: 3,
        total_rows: 1003,
      },
      [204],
    );
    sums.end += proxy.counts.statements - before;
    before = proxy.counts.statements;
    const deadline = Date.now() + LAG_TIMEOUT_MS;
    for (;;) {
      const { rows } = await context.pollPool.query(DETECTED, [[String(id)]]);
      if (rows.length > 0 || Date.now() > deadline) break;
      await sleep(LAG_POLL_MS);
    }
    await sleep(300); // whatever the worker does after the marker (outbox settle, …)
    sums.afterEnd += proxy.counts.statements - before;
  }
  http.close();
  const perCall = Object.fromEntries(
    Object.entries(sums).map(([key, sum]) => [key, round(sum / n, 2)]),
  );
  const loadStart = proxy.counts.statements;
  const load = await runLoad(server, names, 5, context);
  const perIteration = round(
    (proxy.counts.statements - loadStart) / Math.max(1, load.iterations),
    2,
  );
  return {
    server: server.name,
    perCall,
    idlePerSecond: round(idlePerSecond, 2),
    loadIterations: load.iterations,
    perIteration,
  };
}

async function statementsAvailable(pool) {
  const {
    rows: [{ shared_preload_libraries: preload }],
  } = await pool.query('SHOW shared_preload_libraries');
  return preload.split(',').some((name) => name.trim() === 'pg_stat_statements');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // Paths (dist/main.js, bench/baseline.mjs) are relative to the repository root.
  process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
  assertLoopback(databaseUrl, 'to connect to');
  assertLoopback(redisUrl, 'to connect to');
  if (!existsSync('dist/main.js')) {
    throw new Error(
      'dist/main.js is missing: run `npm run build` first (the bench runs the build)',
    );
  }
  installSignalHandlers();
  const isStatements = flags.has('--statements');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `watcher_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  // Cleanups run last registered first: the pool ends, then the database goes, then the keys.
  onCleanup(() => deleteQueueKeys(prefix));
  const benchUrl = await createDatabase(databaseUrl, dbName);
  onCleanup(async () => {
    if (flags.has('--keep')) {
      console.log(`kept database ${dbName}`);
    } else {
      await dropDatabase(databaseUrl, dbName);
    }
  });
  const pollPool = new pg.Pool({ connectionString: benchUrl, max: 2 });
  pollPool.on('error', () => {}); // an idle client lost (the server restarted; DROP … FORCE)
  onCleanup(() => pollPool.end());
  console.log(
    `ingest bench: ${JSON.stringify(config)} db ${dbName} queue prefix ${prefix} ` +
      `load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
  );

  // Through a counting proxy in --statements mode (Watcher's migrations then run through it too).
  let proxies;
  let serverUrl = benchUrl;
  if (isStatements) {
    if (await statementsAvailable(pollPool)) {
      console.log('pg_stat_statements is loaded; counting on the wire anyway (per process, exact)');
    } else {
      console.log('pg_stat_statements is not in shared_preload_libraries: counting on the wire');
    }
    const target = new URL(benchUrl);
    proxies = {
      watcher: await startCountingProxy(target.hostname, Number(target.port || 5432)),
      baseline: await startCountingProxy(target.hostname, Number(target.port || 5432)),
    };
    onCleanup(() => Promise.all([proxies.watcher.close(), proxies.baseline.close()]));
  }
  const viaProxy = (name) => {
    if (!proxies) return benchUrl;
    const url = new URL(benchUrl);
    url.host = `127.0.0.1:${proxies[name].port}`;
    return url.toString();
  };

  // Watcher first: it migrates the database, so both servers write Watcher's schema.
  const watcher = await startWatcher(isStatements ? viaProxy('watcher') : serverUrl, prefix);
  const { names, lastSeededId } = await seed(pollPool);
  serverUrl = viaProxy('baseline');
  const baseline = await startBaseline(serverUrl);
  const context = { pollPool, lastSeededId };
  console.log(
    `seeded ${names.length} pipelines × (6 rules, ${config.history} past runs); watcher pid ${watcher.pid}, baseline pid ${baseline.pid}`,
  );

  if (isStatements) {
    const results = [];
    for (const [name, server] of [
      ['baseline', baseline],
      ['watcher', watcher],
    ]) {
      results.push(await countStatements({ server }, names, context, proxies[name]));
    }
    console.log(
      '\nSQL statements (Execute + simple Query messages on the wire, 20 sequential iterations;',
    );
    console.log(
      '"after end" = from the 204 until the detection marker + 300 ms; "5 s load" = all statements / iterations)',
    );
    console.log(
      table(
        [
          'server',
          'pipeline',
          'start',
          'end',
          'after end',
          'per iteration',
          '5 s load (per it)',
          'idle /s',
        ],
        results.map((r) => [
          r.server,
          r.perCall.pipeline,
          r.perCall.start,
          r.perCall.end,
          r.perCall.afterEnd,
          round(r.perCall.pipeline + r.perCall.start + r.perCall.end + r.perCall.afterEnd, 2),
          `${r.perIteration} (${r.loadIterations} it)`,
          r.idlePerSecond,
        ]),
      ),
    );
    console.log(JSON.stringify({ bench: 'ingest-statements', results }));
    return;
  }

  console.log(`warm-up ${config.warmupSeconds} s each…`);
  await runLoad(baseline, names, config.warmupSeconds, context);
  await runLoad(watcher, names, config.warmupSeconds, context);

  const pairs = [];
  for (let r = 1; r <= config.runs; r += 1) {
    const pair = {};
    for (const server of [baseline, watcher]) {
      const result = await runLoad(server, names, config.seconds, context);
      printRun(`run ${r}`, result);
      pair[server.name] = result;
    }
    pairs.push(pair);
  }
  await stopServer(watcher, profileDir ? 30_000 : 5000);
  await stopServer(baseline);

  const ratios = pairs.map((p) => round(p.watcher.itPerSec / p.baseline.itPerSec, 3));
  const p99Ratios = pairs.map((p) => round(p.watcher.iteration.p99 / p.baseline.iteration.p99, 2));
  const summary = {
    bench: 'ingest',
    ...config,
    baselineItPerSec: round(median(pairs.map((p) => p.baseline.itPerSec)), 1),
    watcherItPerSec: round(median(pairs.map((p) => p.watcher.itPerSec)), 1),
    ratios,
    medianRatio: round(median(ratios), 3),
    p99Ratios,
    medianP99Ratio: round(median(p99Ratios), 2),
    baselineP99: pairs.map((p) => p.baseline.iteration.p99),
    watcherP99: pairs.map((p) => p.watcher.iteration.p99),
    watcherLagP95: pairs.map((p) => p.watcher.lag.p95),
    watcherLagTimeouts: pairs.reduce((sum, p) => sum + p.watcher.lag.timeouts, 0),
    baselineAggregateLagP95: pairs.map((p) => p.baseline.lag.p95),
    errors: {
      baseline: pairs.reduce((s, p) => s + p.baseline.errors, 0),
      watcher: pairs.reduce((s, p) => s + p.watcher.errors, 0),
    },
    serverCpuMsPerIt: {
      baseline: round(median(pairs.map((p) => p.baseline.serverCpuMsPerIt)), 2),
      watcher: round(median(pairs.map((p) => p.watcher.serverCpuMsPerIt)), 2),
    },
    postgresCpuMsPerIt: {
      baseline: round(median(pairs.map((p) => p.baseline.postgresCpuMsPerIt)), 2),
      watcher: round(median(pairs.map((p) => p.watcher.postgresCpuMsPerIt)), 2),
    },
  };
  console.log('\nsummary');
  console.log(
    table(
      [
        'pair',
        'baseline it/s',
        'watcher it/s',
        'ratio W/B',
        'p99 B ms',
        'p99 W ms',
        'p99 W/B',
        'lag p95 W ms',
        'errors B/W',
      ],
      [
        ...pairs.map((p, i) => [
          i + 1,
          p.baseline.itPerSec,
          p.watcher.itPerSec,
          ratios[i],
          p.baseline.iteration.p99,
          p.watcher.iteration.p99,
          p99Ratios[i],
          p.watcher.lag.p95,
          `${p.baseline.errors}/${p.watcher.errors}`,
        ]),
        [
          'median',
          summary.baselineItPerSec,
          summary.watcherItPerSec,
          summary.medianRatio,
          round(median(summary.baselineP99), 1),
          round(median(summary.watcherP99), 1),
          summary.medianP99Ratio,
          round(Math.max(...summary.watcherLagP95), 1) + ' (worst)',
          `${summary.errors.baseline}/${summary.errors.watcher}`,
        ],
      ],
    ),
  );
  console.log(
    `CPU ms/it (median): server B ${summary.serverCpuMsPerIt.baseline} W ${summary.serverCpuMsPerIt.watcher}; ` +
      `postgres B ${summary.postgresCpuMsPerIt.baseline} W ${summary.postgresCpuMsPerIt.watcher} ` +
      '(postgres counts every postgres process on the machine)',
  );
  console.log(JSON.stringify(summary));
  if (profileDir) {
    const files = readdirSync(profileDir).filter((file) => file.endsWith('.cpuprofile'));
    if (files.length === 0) {
      console.log(`no profile was written in ${profileDir} (did Watcher exit normally?)`);
    }
    for (const file of files) {
      const path = join(profileDir, file);
      console.log(
        `\nWatcher CPU profile (warm-up and all runs; open in Chrome DevTools or speedscope): ${path}`,
      );
      console.log(formatSummary(summarizeProfile(JSON.parse(readFileSync(path, 'utf8')))));
    }
  }
}

/** Target mode: the load alone against WATCHER_URL (a 2 s warm-up, then SECONDS). */
async function target() {
  assertLoopback(targetUrl, 'to benchmark');
  const run = Date.now().toString(36);
  const names = Array.from({ length: config.pipelines }, (_, i) => `ingest ${run} ${i}`);
  const server = { name: 'target', url: new URL(targetUrl).origin, pid: -1 };
  await runLoad(server, names, 2, {});
  const result = await runLoad(server, names, config.seconds, {});
  if (result.errors > 0) {
    console.error(`errors: ${result.errorSamples.join('; ')}`);
  }
  console.log(
    JSON.stringify({
      clients: config.clients,
      pipelines: config.pipelines,
      seconds: config.seconds,
      iterations: result.iterations,
      itPerSec: result.itPerSec,
      p50ms: result.iteration.p50,
      p95ms: result.iteration.p95,
      p99ms: result.iteration.p99,
      errors: result.errors,
    }),
  );
}

let exitCode = 0;
try {
  await (targetUrl ? target() : main());
} catch (error) {
  console.error(
    error instanceof Interrupted ? 'interrupted' : error instanceof Error ? error.stack : error,
  );
  exitCode = 1;
} finally {
  await runCleanups();
}
process.exit(exitCode);

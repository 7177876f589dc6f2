// Dashboard read paths at scale: GET /dashboard/overview (page 1, and a filtered + searched page)
// and GET /reporting/daily-pipeline-metrics?days=30 over 10,000 pipelines and 1,000,000
// executions on PostgreSQL. Run by hand (never in npm test), after `npm run build`:
//
//   node bench/dashboard.mjs [--keep]
//
// Creates its own database (watcher_bench_dashboard_<random>) through BENCH_ADMIN_URL
// (default postgres://postgres@127.0.0.1:5432/postgres), starts `node dist/main.js` on it
// (WATCHER_ROLE=api, REDIS_URL default redis://127.0.0.1:6379, a free PORT unless PORT is set),
// lets it migrate, seeds the rows with generate_series in SQL, VACUUM ANALYZEs, then per
// endpoint sends WARMUP (5) requests and REQUESTS (50) sequential timed ones. Prints one JSON
// line with p50/p95 per endpoint, stops the server and drops the database (unless --keep).
// Only loopback addresses are accepted.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const adminUrl = new URL(
  process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const shouldKeep = process.argv.includes('--keep');
const requests = boundedInt('REQUESTS', 50, 1000);
const warmup = boundedInt('WARMUP', 5, 100);
const PIPELINES = 10_000;
const EXECUTIONS = 1_000_000;
const TYPES = 50;
/** Every pipeline runs once a day: 100 days of history. */
const RUNS_PER_PIPELINE = EXECUTIONS / PIPELINES;

function boundedInt(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

for (const url of [adminUrl, redisUrl]) {
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Refusing to benchmark against ${url.host}: only loopback addresses`);
  }
}

const databaseName = `watcher_bench_dashboard_${randomBytes(4).toString('hex')}`;
const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${databaseName}`;

/**
 * 50 types (even: freshness 1 day; every fifth: timeliness 2 hours, muted freshness on every
 * tenth) and 10,000 pipelines (every third: freshness 12 hours of its own; every fourth:
 * timeliness 30 minutes; every hundredth, from 1, inactive). Executions: pipeline p's k-th run (k = 0..99)
 * started 100 - k days ago (plus p % 1380 minutes), ran 60 + (i % 600) s; every 37th failed, every 97th
 * has total_rows flagged, and the latest run of every 50th pipeline is still running.
 */
const SEED_SQL = [
  `INSERT INTO pipeline_type (name, freshness_number, freshness_datepart, mute_freshness_check,
     timeliness_number, timeliness_datepart)
   SELECT 'bench type ' || g, CASE WHEN g % 2 = 0 THEN 1 END, CASE WHEN g % 2 = 0 THEN 'day' END,
     g % 10 = 0, CASE WHEN g % 5 = 0 THEN 2 END, CASE WHEN g % 5 = 0 THEN 'hour' END
   FROM generate_series(1, ${TYPES}) g`,
  `INSERT INTO pipeline (name, pipeline_type_id, freshness_number, freshness_datepart,
     timeliness_number, timeliness_datepart, active, last_target_insert)
   SELECT 'bench pipeline ' || g, g % ${TYPES} + 1,
     CASE WHEN g % 3 = 0 THEN 12 END, CASE WHEN g % 3 = 0 THEN 'hour' END,
     CASE WHEN g % 4 = 0 THEN 30 END, CASE WHEN g % 4 = 0 THEN 'minute' END,
     g % 100 <> 1, now() - (g % 48) * interval '1 hour'
   FROM generate_series(1, ${PIPELINES}) g`,
  `INSERT INTO pipeline_execution (pipeline_id, start_date, end_date, duration_seconds,
     completed_successfully, inserts, updates, soft_deletes, total_rows, throughput,
     anomaly_flags, next_watermark, hour_recorded, date_recorded)
   SELECT s.pipeline_id, s.start_date,
     CASE WHEN s.is_running THEN NULL ELSE s.start_date + s.seconds * interval '1 second' END,
     CASE WHEN s.is_running THEN NULL ELSE s.seconds END,
     CASE WHEN s.is_running THEN NULL ELSE i % 37 <> 0 END,
     i % 1000, i % 100, i % 7, i % 1000 + i % 100 + i % 7,
     CASE WHEN s.is_running THEN NULL
       ELSE round((i % 1000 + i % 100 + i % 7)::numeric / s.seconds, 4) END,
     CASE WHEN i % 97 = 0 AND NOT s.is_running THEN '{"total_rows": true}'::jsonb END,
     'w' || i,
     extract(hour FROM s.start_date AT TIME ZONE 'UTC'), (s.start_date AT TIME ZONE 'UTC')::date
   FROM generate_series(0, ${EXECUTIONS - 1}) i
   CROSS JOIN LATERAL (SELECT i % ${PIPELINES} + 1 AS pipeline_id,
     i / ${PIPELINES} AS k, 60 + i % 600 AS seconds) r
   CROSS JOIN LATERAL (SELECT r.pipeline_id, r.seconds,
     now() - (${RUNS_PER_PIPELINE} - r.k) * interval '1 day'
       + (r.pipeline_id % 1380) * interval '1 minute' AS start_date,
     r.k = ${RUNS_PER_PIPELINE - 1} AND r.pipeline_id % 50 = 0 AS is_running) s`,
  `INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
   SELECT id, id, 0 FROM pipeline_execution`,
];

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function percentile(sorted, p) {
  return Number(
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1),
  );
}

const port = Number(process.env.PORT ?? (await freePort()));
const baseUrl = `http://127.0.0.1:${port}`;
let server;

async function startServer() {
  server = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      WATCHER_ROLE: 'api',
      WATCHER_SCHEDULER: 'false',
      WATCHER_QUEUE_PREFIX: `bench-dashboard-${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i += 1) {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with ${server.exitCode}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) {
        return;
      }
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('the server did not come up within 60 s');
}

async function stopServer() {
  if (!server || server.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (server.exitCode === null) {
    server.kill('SIGKILL');
  }
}

async function get(path) {
  const response = await fetch(`${baseUrl}${path}`);
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

async function measure(path) {
  for (let i = 0; i < warmup; i += 1) {
    await get(path);
  }
  const times = [];
  let body;
  for (let i = 0; i < requests; i += 1) {
    times.push(await timed(async () => (body = await get(path))));
  }
  times.sort((a, b) => a - b);
  return { path, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), body };
}

const ENDPOINTS = {
  overview_page_1: '/dashboard/overview',
  overview_filtered_searched:
    '/dashboard/overview?pipeline_type_name=bench%20type%2010&search=pipeline%2011&page_size=50',
  overview_state_filter_page_3: '/dashboard/overview?state=succeeded&page=3',
  reporting_30_days: '/reporting/daily-pipeline-metrics?days=30',
  reporting_30_days_page_100: '/reporting/daily-pipeline-metrics?days=30&page=100&page_size=200',
};

await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${databaseName}"`));
const results = {};
let seedMs;
try {
  await startServer(); // migrates the new database
  seedMs = await timed(() =>
    withClient(databaseUrl, async (client) => {
      for (const sql of SEED_SQL) {
        await client.query(sql);
      }
      await client.query('VACUUM ANALYZE');
    }),
  );
  for (const [name, path] of Object.entries(ENDPOINTS)) {
    const { body, ...timing } = await measure(path);
    const sample = name.startsWith('overview')
      ? { total: body.total, counts: body.counts, first: body.items[0]?.name ?? null }
      : { total: body.total, items: body.items.length };
    results[name] = { ...timing, ...sample };
  }
} finally {
  await stopServer();
  if (!shouldKeep) {
    await withClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
    );
  }
}

console.log(
  JSON.stringify({
    pipelines: PIPELINES,
    executions: EXECUTIONS,
    seedMs: Math.round(seedMs),
    requests,
    database: shouldKeep ? databaseName : `${databaseName} (dropped)`,
    results,
  }),
);

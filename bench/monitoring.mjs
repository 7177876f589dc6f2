// Monitoring at scale: freshness and timeliness check times over 10,000 pipelines and 1,000,000
// executions, POST /log_cleanup of the 500,000 old ones, and ingest latency while it runs.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/watcher_bench \
//   WATCHER_URL=http://127.0.0.1:3000 node bench/monitoring.mjs
//
// Start the server first on the same (throw-away) database, in production mode, with
// WATCHER_SCHEDULER=false; the database name must contain "bench": the script empties its tables
// and seeds them with generate_series (unless SEED=0; SEED_ONLY=1 seeds and stops). Then:
//   1. freshness: POST /freshness, timed until the monitoring queue is empty again (polled through
//      POST /queue/monitor every 10 ms); the first run logs and alerts the stale pipelines, the
//      next RUNS find nothing new (steady state, median reported);
//   2. timeliness: the same with POST /timeliness {lookback_minutes: 60};
//   3. ingest p99 (bench/ingest.mjs, INGEST_SECONDS) without a cleanup, then again while
//      POST /log_cleanup {retention_days: 90} deletes the 500,000 executions older than 90 days.
// Prints one JSON line. Only loopback targets are accepted.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const databaseUrl = new URL(process.env.BENCH_DATABASE_URL ?? '');
const runs = boundedInt('RUNS', 5, 50);
const ingestSeconds = boundedInt('INGEST_SECONDS', 20, 600);
const shouldSeed = process.env.SEED !== '0';
const PIPELINES = 10_000;
const EXECUTIONS = 1_000_000;
const OLD_EXECUTIONS = 500_000;

function boundedInt(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

for (const url of [baseUrl, databaseUrl]) {
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Refusing to benchmark ${url.host}: only loopback addresses are allowed`);
  }
}
if (!databaseUrl.pathname.includes('bench')) {
  throw new Error('BENCH_DATABASE_URL must name a throw-away database whose name contains "bench"');
}

async function post(path, body) {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** Waits until no job is pending anywhere (the queue monitor's own count). */
async function waitUntilIdle() {
  for (;;) {
    const status = await post('/queue/monitor');
    if (status.status === 'success' && status.total_pending === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return Number((performance.now() - t0).toFixed(1));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * 50 types (even ones: freshness 1 day; all: timeliness 2 hours) and 10,000 pipelines (every
 * third: freshness 12 hours of its own; every fourth: timeliness 30 minutes). Last DML within 6
 * hours, except every tenth pipeline's (3 days ago). Executions 1..1,000,000: the first 500,000
 * started 91-400 days ago, the rest in the last 89 days, the last 1,000 within the hour (half
 * still running); every 1000th old one never ended; every tenth is the child of the one before.
 */
const SEED_SQL = [
  `TRUNCATE pipeline_type, pipeline, pipeline_execution, pipeline_execution_closure,
     freshness_pipeline_log, timeliness_pipeline_execution_log, alert, alert_delivery, job_outbox,
     scheduled_run RESTART IDENTITY CASCADE`,
  `INSERT INTO pipeline_type (name, freshness_number, freshness_datepart, timeliness_number,
     timeliness_datepart)
   SELECT 'bench type ' || g, CASE WHEN g % 2 = 0 THEN 1 END, CASE WHEN g % 2 = 0 THEN 'day' END,
     2, 'hour'
   FROM generate_series(1, 50) g`,
  `INSERT INTO pipeline (name, pipeline_type_id, freshness_number, freshness_datepart,
     timeliness_number, timeliness_datepart, last_target_insert, last_target_update)
   SELECT 'bench pipeline ' || g, g % 50 + 1,
     CASE WHEN g % 3 = 0 THEN 12 END, CASE WHEN g % 3 = 0 THEN 'hour' END,
     CASE WHEN g % 4 = 0 THEN 30 END, CASE WHEN g % 4 = 0 THEN 'minute' END,
     now() - CASE WHEN g % 10 = 0 THEN interval '3 days' ELSE (g % 6) * interval '1 hour' END,
     CASE WHEN g % 7 = 0 THEN now() - interval '4 days' END
   FROM generate_series(1, ${PIPELINES}) g`,
  `INSERT INTO pipeline_execution (id, pipeline_id, parent_id, start_date, end_date,
     duration_seconds, completed_successfully, inserts, updates, soft_deletes, total_rows,
     hour_recorded, date_recorded)
   OVERRIDING SYSTEM VALUE
   SELECT i, i % ${PIPELINES} + 1, CASE WHEN i % 10 = 0 THEN i - 1 END, s.start_date,
     CASE WHEN s.is_running THEN NULL ELSE s.start_date + (60 + i % 3600) * interval '1 second' END,
     CASE WHEN s.is_running THEN NULL ELSE 60 + i % 3600 END,
     CASE WHEN s.is_running THEN NULL ELSE i % 20 <> 0 END,
     i % 1000, i % 100, 0, i % 1000 + i % 100,
     extract(hour FROM s.start_date AT TIME ZONE 'UTC'), (s.start_date AT TIME ZONE 'UTC')::date
   FROM generate_series(1, ${EXECUTIONS}) i
   CROSS JOIN LATERAL (SELECT
     CASE
       WHEN i <= ${OLD_EXECUTIONS}
         THEN now() - interval '400 days' + (i::float8 / ${OLD_EXECUTIONS}) * interval '309 days'
       WHEN i > ${EXECUTIONS - 1000}
         THEN now() - (${EXECUTIONS} - i) * interval '3.6 seconds' - interval '1 minute'
       ELSE now() - interval '89 days' + ((i - ${OLD_EXECUTIONS})::float8 / ${EXECUTIONS - OLD_EXECUTIONS}) * interval '88 days'
     END AS start_date,
     (i <= ${OLD_EXECUTIONS} AND i % 1000 = 1) OR (i > ${EXECUTIONS - 1000} AND i % 2 = 0)
       AS is_running) s`,
  `SELECT setval(pg_get_serial_sequence('pipeline_execution', 'id'), ${EXECUTIONS})`,
  `INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
   SELECT i, i, 0 FROM generate_series(1, ${EXECUTIONS}) i
   UNION ALL
   SELECT i - 1, i, 1 FROM generate_series(10, ${EXECUTIONS}, 10) i`,
  'ANALYZE',
];

async function seed() {
  const client = new pg.Client({ connectionString: databaseUrl.toString() });
  await client.connect();
  try {
    for (const sql of SEED_SQL) {
      await client.query(sql);
    }
  } finally {
    await client.end();
  }
}

async function checkTimes(path, body) {
  const first = await timed(async () => {
    await post(path, body);
    await waitUntilIdle();
  });
  const steady = [];
  for (let run = 0; run < runs; run += 1) {
    steady.push(
      await timed(async () => {
        await post(path, body);
        await waitUntilIdle();
      }),
    );
  }
  return { firstMs: first, steadyMedianMs: median(steady), steadyMs: steady };
}

function ingest(seconds) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'ingest.mjs');
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, SECONDS: String(seconds), CLIENTS: process.env.CLIENTS ?? '8' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split('\n').pop()))
        : reject(new Error(`ingest exited ${code}`)),
    );
  });
}

const seedMs = shouldSeed ? await timed(seed) : null;
if (process.env.SEED_ONLY === '1') {
  console.log(JSON.stringify({ seedMs }));
  process.exit(0);
}
await waitUntilIdle();
const freshness = await checkTimes('/freshness');
const timeliness = await checkTimes('/timeliness', { lookback_minutes: 60 });
const ingestAlone = await ingest(ingestSeconds);

// The cleanup starts once ingest's warm-up is over; ingest measures for INGEST_SECONDS.
const during = ingest(ingestSeconds);
await new Promise((resolve) => setTimeout(resolve, 2500));
let cleanup;
const cleanupMs = await timed(async () => {
  cleanup = await post('/log_cleanup', { retention_days: 90, batch_size: 10_000 });
});
const ingestDuringCleanup = await during;
console.log(
  JSON.stringify({
    pipelines: PIPELINES,
    executions: EXECUTIONS,
    seedMs,
    freshness,
    timeliness,
    cleanup: { ms: cleanupMs, ...cleanup },
    // True when ingest's whole measured window fell inside the cleanup.
    ingestWindowInsideCleanup: cleanupMs >= ingestSeconds * 1000,
    ingestAlone,
    ingestDuringCleanup,
    p99Ratio: Number((ingestDuringCleanup.p99ms / ingestAlone.p99ms).toFixed(2)),
  }),
);

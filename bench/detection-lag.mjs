// Anomaly detection lag: from the 204 of POST /end_pipeline_execution to the execution's
// anomaly results being visible (GET /pipeline_execution/{id}/anomalies non-empty).
//
//   WATCHER_URL=http://127.0.0.1:3000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/watcher \
//     node bench/detection-lag.mjs
//
// Creates CLIENTS pipelines (default 16), seeds each with HISTORY successful runs (default 1000,
// spread over the last 29 days, so every hour of day has ~HISTORY/24 runs inside the 30-day
// lookback) straight into PostgreSQL (SEED=sql, needs DATABASE_URL: the server's database) or
// through the API (SEED=api, slower), then gives each pipeline 6 active rules (every metric).
// Then CLIENTS concurrent clients each start and end ENDS executions (default 25) on their own
// pipeline with anomalous counts, and poll (every POLL_MS, default 10) until the results are
// visible: POLL=sql (default with DATABASE_URL) counts the execution's anomaly_detection_result
// rows from the bench process, so the polling does not load the server it measures; POLL=api
// polls GET /pipeline_execution/{id}/anomalies. Prints p50/p95/p99/max of that lag and of the
// end request itself. Bounded (limits below, a 30 s timeout per execution); only loopback
// targets are accepted. No dependencies but `pg` from the project (SQL seeding and polling).
import { performance } from 'node:perf_hooks';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const METRICS = [
  'duration_seconds',
  'inserts',
  'updates',
  'soft_deletes',
  'total_rows',
  'throughput',
];
const DAY_MS = 24 * 60 * 60 * 1000;
const VISIBLE_TIMEOUT_MS = 30_000;

const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const clients = boundedInt('CLIENTS', 16, 64);
const history = boundedInt('HISTORY', 1000, 5000);
const ends = boundedInt('ENDS', 25, 500);
const pollMs = boundedInt('POLL_MS', 10, 1000);
const seedMode = process.env.SEED ?? (process.env.DATABASE_URL ? 'sql' : 'api');
const pollMode = process.env.POLL ?? (process.env.DATABASE_URL ? 'sql' : 'api');
const POLL_POOL_SIZE = 4;

function boundedInt(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

function assertLoopback(url, what) {
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Refusing ${what} ${url.host}: only loopback addresses are allowed`);
  }
}

assertLoopback(baseUrl, 'to benchmark');
for (const [name, mode] of [
  ['SEED', seedMode],
  ['POLL', pollMode],
]) {
  if (!['sql', 'api'].includes(mode)) {
    throw new Error(`${name} must be sql or api`);
  }
}

/** The server's database (SQL seeding and polling), loopback only. */
async function openPool() {
  if (!process.env.DATABASE_URL) {
    throw new Error('SEED=sql and POLL=sql need DATABASE_URL (the server database)');
  }
  const databaseUrl = new URL(process.env.DATABASE_URL);
  assertLoopback(databaseUrl, 'to connect to');
  const { default: pg } = await import('pg');
  return new pg.Pool({ connectionString: databaseUrl.toString(), max: POLL_POOL_SIZE });
}

let pool;

async function call(method, path, body, expectedStatus) {
  const started = performance.now();
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== expectedStatus) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return { elapsed, body: text ? JSON.parse(text) : undefined };
}

const post = (path, body, status) => call('POST', path, body, status);
const get = (path) => call('GET', path, undefined, 200);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** History spacing: HISTORY runs over 29 days, the newest one spacing before `now`. */
const spacingMs = (29 * DAY_MS) / history;

const SEED_SQL = `
  WITH runs AS (
    SELECT $2::timestamptz - g * ($3::float8 * interval '1 millisecond') AS start_date,
      270 + floor(random() * 60)::int AS duration,
      720 + floor(random() * 160)::bigint AS inserts,
      180 + floor(random() * 40)::bigint AS updates,
      floor(random() * 10)::bigint AS soft_deletes
    FROM generate_series(1, $4::int) AS g),
  inserted AS (
    INSERT INTO pipeline_execution (pipeline_id, start_date, end_date, duration_seconds,
      completed_successfully, inserts, updates, soft_deletes, total_rows, throughput,
      hour_recorded, date_recorded, updated_at)
    SELECT $1, start_date, start_date + duration * interval '1 second', duration, true,
      inserts, updates, soft_deletes, inserts + updates + soft_deletes,
      round((inserts + updates + soft_deletes)::numeric / duration, 4),
      extract(hour FROM start_date AT TIME ZONE 'UTC')::int,
      (start_date AT TIME ZONE 'UTC')::date, now()
    FROM runs
    RETURNING id)
  INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
  SELECT id, id, 0 FROM inserted`;

async function seedWithSql(pipelineIds, now) {
  for (const id of pipelineIds) {
    await pool.query(SEED_SQL, [id, new Date(now).toISOString(), spacingMs, history]);
  }
  await pool.query('ANALYZE pipeline_execution');
}

const COUNT_RESULTS = `
  SELECT count(*)::int AS n FROM anomaly_detection_result WHERE pipeline_execution_id = $1`;

async function isVisible(executionId) {
  if (pollMode === 'sql') {
    const { rows } = await pool.query(COUNT_RESULTS, [executionId]);
    return rows[0].n > 0;
  }
  const { body } = await get(`/pipeline_execution/${executionId}/anomalies`);
  return body.length > 0;
}

async function seedWithApi(pipelineIds, now) {
  await Promise.all(
    pipelineIds.map(async (pipelineId) => {
      for (let g = history; g >= 1; g -= 1) {
        const start = now - g * spacingMs;
        const duration = 270 + Math.floor(Math.random() * 60);
        const { body } = await post(
          '/start_pipeline_execution',
          { pipeline_id: pipelineId, start_date: new Date(start).toISOString() },
          201,
        );
        const inserts = 720 + Math.floor(Math.random() * 160);
        await post(
          '/end_pipeline_execution',
          {
            id: body.id,
            end_date: new Date(start + duration * 1000).toISOString(),
            completed_successfully: true,
            inserts,
            updates: 200,
            soft_deletes: 5,
            total_rows: inserts + 205,
          },
          204,
        );
      }
    }),
  );
}

async function createPipelines(runId) {
  const ids = [];
  for (let index = 0; index < clients; index += 1) {
    const { body } = await post(
      '/pipeline',
      { name: `bench detection lag ${runId} ${index}`, pipeline_type_name: 'bench' },
      201,
    );
    ids.push(body.id);
  }
  return ids;
}

async function createRules(pipelineIds) {
  for (const pipelineId of pipelineIds) {
    for (const metric of METRICS) {
      await post(
        '/anomaly_detection_rule',
        {
          pipeline_id: pipelineId,
          metric_field: metric,
          z_threshold: 3,
          lookback_days: 30,
          minimum_executions: 20,
        },
        201,
      );
    }
  }
}

/** Starts and ends one anomalous execution; returns [end latency, lag until results visible]. */
async function measureOne(pipelineId) {
  const { body } = await post('/start_pipeline_execution', { pipeline_id: pipelineId }, 201);
  const startedAt = Date.now();
  const end = await post(
    '/end_pipeline_execution',
    {
      id: body.id,
      end_date: new Date(startedAt + 300_000).toISOString(),
      completed_successfully: true,
      inserts: 80_000,
      updates: 200,
      soft_deletes: 5,
      total_rows: 80_205,
    },
    204,
  );
  const acknowledged = performance.now();
  for (;;) {
    if (await isVisible(body.id)) {
      return [end.elapsed, performance.now() - acknowledged];
    }
    if (performance.now() - acknowledged > VISIBLE_TIMEOUT_MS) {
      throw new Error(`Execution ${body.id}: no anomaly results after ${VISIBLE_TIMEOUT_MS} ms`);
    }
    await sleep(pollMs);
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(name, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (value) => `${value.toFixed(1)} ms`;
  console.log(
    `${name.padEnd(16)} n=${sorted.length}  p50=${ms(percentile(sorted, 50))}  ` +
      `p95=${ms(percentile(sorted, 95))}  p99=${ms(percentile(sorted, 99))}  ` +
      `max=${ms(sorted[sorted.length - 1])}`,
  );
}

async function main() {
  const runId = `${Date.now()}-${process.pid}`;
  const now = Date.now();
  if (seedMode === 'sql' || pollMode === 'sql') {
    pool = await openPool();
  }
  const pipelineIds = await createPipelines(runId);
  const seedStarted = performance.now();
  await (seedMode === 'sql' ? seedWithSql(pipelineIds, now) : seedWithApi(pipelineIds, now));
  await createRules(pipelineIds);
  console.log(
    `${baseUrl.origin}: ${clients} pipelines x ${history} runs of history (seeded by ${seedMode} ` +
      `in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s), 6 active rules each; ` +
      `${clients} clients x ${ends} anomalous ends, polling (${pollMode}) every ${pollMs} ms`,
  );

  // Warm-up (not measured): one end per pipeline.
  await Promise.all(pipelineIds.map((pipelineId) => measureOne(pipelineId)));

  const endLatencies = [];
  const lags = [];
  const started = performance.now();
  await Promise.all(
    pipelineIds.map(async (pipelineId) => {
      for (let index = 0; index < ends; index += 1) {
        const [endLatency, lag] = await measureOne(pipelineId);
        endLatencies.push(endLatency);
        lags.push(lag);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  report('end (204)', endLatencies);
  report('204 -> visible', lags);
  console.log(`${(lags.length / seconds).toFixed(1)} detected ends/s over ${seconds.toFixed(1)} s`);
  await pool?.end();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// The bare server Watcher's ingest is compared with: node:http + pg (Pool max 10), the same
// three calls with the same effects on the same tables (Watcher's schema, migrated by Watcher),
// ONE SQL statement per call, plus after each successful end the anomaly aggregate that
// Watcher's worker computes. It is the "speed of the machine" for this work, not a product:
// no config sync, no idempotency keys, no parent executions, no queue, minimal validation.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<migrated db> PORT=3999 node bench/baseline.mjs
//
// Started by bench/ingest.mjs; answers GET /health too.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const MAX_BODY = 1024 * 1024;

// Get-or-create the type, insert-or-update the pipeline (next_watermark) by name. The type
// select sees a type committed before this statement; a type created concurrently by another
// first call is not visible yet (no row): the handler retries once. `xmax = 0` marks an insert.
const SYNC_PIPELINE = `
  WITH new_type AS (
    INSERT INTO pipeline_type (name) VALUES ($2) ON CONFLICT (name) DO NOTHING RETURNING id),
  type AS (
    SELECT id FROM new_type UNION ALL SELECT id FROM pipeline_type WHERE name = $2 LIMIT 1)
  INSERT INTO pipeline (name, pipeline_type_id, next_watermark)
  SELECT $1, id, $3 FROM type
  ON CONFLICT (name) DO UPDATE SET
    next_watermark = COALESCE(EXCLUDED.next_watermark, pipeline.next_watermark),
    updated_at = CASE WHEN EXCLUDED.next_watermark IS DISTINCT FROM pipeline.next_watermark
      THEN now() ELSE pipeline.updated_at END
  RETURNING id, active, load_lineage, watermark, (xmax = 0) AS created`;

// The execution and its closure self-row (Watcher's schema has pipeline_execution_closure).
const START_EXECUTION = `
  WITH execution AS (
    INSERT INTO pipeline_execution (pipeline_id, start_date, hour_recorded, date_recorded)
    VALUES ($1, $2::timestamptz, $3, $4::date) RETURNING id),
  closure AS (
    INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
    SELECT id, id, 0 FROM execution)
  SELECT id FROM execution`;

// The end, its metrics, and on success the pipeline's watermark (never backwards: only when no
// newer successful run exists) and last_target_*. duration_seconds rounds half away from zero
// like Watcher; throughput = total_rows / duration to 4 decimals (0 for a zero duration).
const END_EXECUTION = `
  WITH execution AS (
    UPDATE pipeline_execution SET
      end_date = $2::timestamptz,
      duration_seconds = round(extract(epoch FROM $2::timestamptz - start_date)),
      completed_successfully = $3, inserts = $4, updates = $5, soft_deletes = $6, total_rows = $7,
      throughput = CASE WHEN $7::bigint IS NULL THEN NULL
        WHEN round(extract(epoch FROM $2::timestamptz - start_date)) <= 0 THEN 0
        ELSE round($7::numeric / round(extract(epoch FROM $2::timestamptz - start_date)), 4) END,
      updated_at = now()
    WHERE id = $1
    RETURNING id, pipeline_id, start_date, next_watermark, hour_recorded,
      (extract(epoch FROM updated_at) * 1000000)::int8 AS end_version),
  pipeline_update AS (
    UPDATE pipeline p SET
      watermark = CASE WHEN EXISTS (
          SELECT 1 FROM pipeline_execution n
          WHERE n.pipeline_id = e.pipeline_id AND n.completed_successfully AND n.end_date IS NOT NULL
            AND n.start_date >= e.start_date AND (n.start_date > e.start_date OR n.id > e.id))
        THEN p.watermark ELSE COALESCE(e.next_watermark, p.next_watermark, p.watermark) END,
      last_target_insert = CASE WHEN $4 > 0
        THEN GREATEST(p.last_target_insert, $2::timestamptz) ELSE p.last_target_insert END,
      last_target_update = CASE WHEN $5 > 0
        THEN GREATEST(p.last_target_update, $2::timestamptz) ELSE p.last_target_update END,
      last_target_soft_delete = CASE WHEN $6 > 0
        THEN GREATEST(p.last_target_soft_delete, $2::timestamptz) ELSE p.last_target_soft_delete END,
      load_lineage = false, updated_at = now()
    FROM execution e WHERE p.id = e.pipeline_id AND $3)
  SELECT * FROM execution`;

// What detection computes per end: count/avg/stddev_samp of the 6 metrics over the pipeline's
// successful runs of the last 30 days in the same UTC hour (the same partial index as Watcher's
// baseline query), and the detection marker Watcher writes, so the bench can time both alike.
// No rule lookup and no results: the aggregate is the part that costs.
const metric = (column) =>
  `count(${column}), avg(${column}::float8), stddev_samp(${column}::float8)`;
const ANOMALY_AGGREGATE = `
  WITH baseline AS (
    SELECT ${['duration_seconds', 'inserts', 'updates', 'soft_deletes', 'total_rows', 'throughput']
      .map(metric)
      .join(', ')}
    FROM pipeline_execution
    WHERE pipeline_id = $2 AND hour_recorded = $3 AND end_date IS NOT NULL AND completed_successfully
      AND start_date >= $4::timestamptz - interval '30 days' AND start_date <= $4::timestamptz
      AND id <> $1),
  marker AS (
    INSERT INTO anomaly_detection_run (pipeline_execution_id, end_version) VALUES ($1, $5)
    ON CONFLICT (pipeline_execution_id) DO UPDATE SET end_version = EXCLUDED.end_version,
      evaluated_at = now())
  SELECT * FROM baseline`;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const isId = (value) => Number.isSafeInteger(value) && value > 0;
const isCount = (value) =>
  value === undefined || value === null || (Number.isSafeInteger(value) && value >= 0);
const isName = (value) => typeof value === 'string' && value.length >= 1 && value.length <= 150;

function timestamp(value, field) {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new HttpError(422, `${field} must be an ISO-8601 timestamp`);
  }
  return date;
}

async function syncPipeline(body) {
  const { name, pipeline_type_name: typeName, next_watermark: next } = body;
  if (
    !isName(name) ||
    !isName(typeName) ||
    !['string', 'number', 'undefined'].includes(typeof next)
  ) {
    throw new HttpError(422, 'name, pipeline_type_name: 1-150 characters; next_watermark: string');
  }
  const params = [name, typeName, next === undefined ? null : String(next)];
  let { rows } = await pool.query(SYNC_PIPELINE, params);
  if (rows.length === 0) {
    ({ rows } = await pool.query(SYNC_PIPELINE, params));
  }
  const { id, active, load_lineage, watermark, created } = rows[0];
  return [
    created ? 201 : 200,
    { id, active, load_lineage, watermark: created || next === undefined ? null : watermark },
  ];
}

async function startExecution(body) {
  if (!isId(body.pipeline_id)) {
    throw new HttpError(422, 'pipeline_id must be a positive integer');
  }
  const start =
    body.start_date === undefined ? new Date() : timestamp(body.start_date, 'start_date');
  const iso = start.toISOString();
  const params = [body.pipeline_id, iso, start.getUTCHours(), iso.slice(0, 10)];
  const { rows } = await pool.query(START_EXECUTION, params);
  return [201, { id: Number(rows[0].id) }];
}

async function endExecution(body) {
  const { id, inserts, updates, soft_deletes: softDeletes, total_rows: totalRows } = body;
  if (!isId(id) || ![inserts, updates, softDeletes, totalRows].every(isCount)) {
    throw new HttpError(422, 'id: positive integer; counts: non-negative integers');
  }
  const end = timestamp(body.end_date, 'end_date');
  const isSuccess = body.completed_successfully === true;
  const counts = [inserts, updates, softDeletes, totalRows].map((value) => value ?? null);
  const { rows } = await pool.query(END_EXECUTION, [id, end.toISOString(), isSuccess, ...counts]);
  if (rows.length === 0) {
    throw new HttpError(404, `execution ${id} not found`);
  }
  const row = rows[0];
  // After the 204, like Watcher's worker (which runs in the same process in WATCHER_ROLE=all).
  const after = isSuccess
    ? () =>
        pool.query(ANOMALY_AGGREGATE, [
          row.id,
          row.pipeline_id,
          row.hour_recorded,
          row.start_date,
          row.end_version,
        ])
    : undefined;
  return [204, undefined, after];
}

const routes = {
  '/pipeline': syncPipeline,
  '/start_pipeline_execution': startExecution,
  '/end_pipeline_execution': endExecution,
};

// pg error codes that are the client's fault: FK violation (unknown pipeline), check violation
// (end before start), invalid text representation / out of range.
const CLIENT_ERRORS = { 23503: 404, 23514: 422, '22P02': 422, 22003: 422, 22007: 422, 22008: 422 };

function send(response, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    return send(response, 200, { status: 'ok' });
  }
  const handler = request.method === 'POST' ? routes[request.url] : undefined;
  if (!handler) {
    request.resume();
    return send(response, 404, { message: 'not found' });
  }
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  request.on('end', async () => {
    try {
      if (size > MAX_BODY) throw new HttpError(413, 'body too large');
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        throw new HttpError(400, 'malformed JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(422, 'body must be a JSON object');
      }
      const [status, result, after] = await handler(body);
      send(response, status, result);
      after?.().catch((error) => console.error(`anomaly aggregate failed: ${error.message}`));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : (CLIENT_ERRORS[error.code] ?? 500);
      if (status === 500) console.error(error);
      send(response, status, { message: error.message });
    }
  });
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(
    signal,
    () =>
      server.close(() => pool.end().then(() => process.exit(0))) && server.closeAllConnections(),
  );
}

// Crash test of the transactional job outbox: every successful end that was committed must have
// its execution-ended job (enqueued in Redis, or still in job_outbox) after `kill -9`s under load.
//
//   npm run build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throwaway db> REDIS_URL=redis://127.0.0.1:6379 \
//     KILLS=5 CLIENTS=16 node bench/kill9-execution-ended.mjs
//
// Starts `node dist/main.js` in the api role (no job workers: jobs stay countable in Redis), runs
// CLIENTS loops of POST /pipeline + start + end, kills the server with SIGKILL every ~3 s and
// restarts it, KILLS times. Then compares, per execution id: acknowledged ends (HTTP 204),
// committed successful ends (database) and execution-ended jobs (Redis wait list + job_outbox).
// Prints one JSON line. Only loopback targets; the server runs on PORT (default 3917).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import pg from 'pg';

const databaseUrl = required('DATABASE_URL');
const redisUrl = required('REDIS_URL');
const kills = Number(process.env.KILLS ?? 5);
const clients = Number(process.env.CLIENTS ?? 16);
const port = Number(process.env.PORT ?? 3917);
const prefix = `kill9-${randomBytes(3).toString('hex')}`;
const baseUrl = `http://127.0.0.1:${port}`;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is required`);
  }
  return value;
}

let server;
function startServer() {
  server = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      WATCHER_ROLE: 'api',
      WATCHER_SCHEDULER: 'false',
      WATCHER_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitUntilUp() {
  for (let i = 0; i < 300; i += 1) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('server did not come up');
}

async function post(path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const acknowledged = new Set();
let running = true;
let attempts = 0;
let failures = 0;

async function client(n) {
  while (running) {
    attempts += 1;
    try {
      const pipeline = await post('/pipeline', {
        name: `${prefix} ${n % 64}`,
        pipeline_type_name: 'kill9',
      });
      if (pipeline.status >= 300) {
        throw new Error(`pipeline ${pipeline.status}`);
      }
      const started = await post('/start_pipeline_execution', {
        pipeline_id: pipeline.body.id,
        start_date: new Date(Date.now() - 1000).toISOString(),
      });
      if (started.status !== 201) {
        throw new Error(`start ${started.status}`);
      }
      const ended = await post('/end_pipeline_execution', {
        id: started.body.id,
        end_date: new Date().toISOString(),
        completed_successfully: true,
        total_rows: 5,
      });
      if (ended.status === 204) {
        acknowledged.add(started.body.id);
      }
    } catch {
      failures += 1;
      await sleep(50);
    }
  }
}

startServer();
await waitUntilUp();
const loops = Array.from({ length: clients }, (_, n) => client(n));
for (let k = 0; k < kills; k += 1) {
  await sleep(2000 + Math.random() * 2000);
  server.kill('SIGKILL');
  await new Promise((resolve) => server.once('exit', resolve));
  startServer();
  await waitUntilUp();
}
await sleep(2000);
running = false;
await Promise.all(loops);

// Let the relay hand parked rows to Redis, then stop the server.
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
for (let i = 0; i < 100; i += 1) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM job_outbox WHERE name = 'execution-ended' AND state IN ('pending', 'relaying')`,
  );
  if (rows[0].n === 0) {
    break;
  }
  await sleep(300);
}
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

const committed = new Set(
  (
    await db.query(
      `SELECT e.id FROM pipeline_execution e JOIN pipeline p ON p.id = e.pipeline_id
       WHERE p.name LIKE $1 AND e.completed_successfully`,
      [`${prefix} %`],
    )
  ).rows.map((row) => Number(row.id)),
);
const parked = new Set(
  (
    await db.query(
      `SELECT (payload->>'executionId')::bigint AS id FROM job_outbox
       WHERE name = 'execution-ended' AND state IN ('pending', 'relaying')`,
    )
  ).rows.map((row) => Number(row.id)),
);
await db.end();

const redis = new Redis(redisUrl);
const waitingIds = await redis.lrange(`${prefix}:system:wait`, 0, -1);
const inRedis = new Set();
for (const jobId of waitingIds) {
  const [name, data] = await redis.hmget(`${prefix}:system:${jobId}`, 'name', 'data');
  if (name === 'execution-ended' && data) {
    inRedis.add(Number(JSON.parse(data).executionId));
  }
}
const keys = await redis.keys(`${prefix}:*`);
if (keys.length > 0) {
  await redis.del(...keys);
}
await redis.quit();

const missingJobs = [...committed].filter((id) => !inRedis.has(id) && !parked.has(id));
const lostAcknowledged = [...acknowledged].filter((id) => !committed.has(id));
console.log(
  JSON.stringify({
    kills,
    clients,
    attempts,
    failedRequests: failures,
    acknowledgedEnds: acknowledged.size,
    committedSuccessfulEnds: committed.size,
    committedNotAcknowledged:
      committed.size - [...committed].filter((id) => acknowledged.has(id)).length,
    jobsInRedis: inRedis.size,
    jobsInOutbox: parked.size,
    missingJobs: missingJobs.length,
    lostAcknowledgedEnds: lostAcknowledged.length,
  }),
);
process.exit(missingJobs.length === 0 && lostAcknowledged.length === 0 ? 0 : 1);

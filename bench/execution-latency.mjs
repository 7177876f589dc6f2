// Latency and throughput of POST /start_pipeline_execution and POST /end_pipeline_execution.
//
//   WATCHER_URL=http://127.0.0.1:3000 node bench/execution-latency.mjs
//
// Creates one pipeline, then runs CLIENTS concurrent clients (default 16) until REQUESTS
// executions (default 2000) have been started, then ends all of them the same way (successful
// ends with counts, so the pipeline update and the anomaly job are part of the measurement).
// Prints p50/p95/p99/max latency and requests per second for each endpoint. No dependencies:
// Node's global fetch (undici) keeps connections alive. Only loopback targets are accepted.
import { performance } from 'node:perf_hooks';

const MAX_REQUESTS = 20_000;
const MAX_CLIENTS = 64;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const requests = boundedInt('REQUESTS', 2000, MAX_REQUESTS);
const clients = boundedInt('CLIENTS', 16, MAX_CLIENTS);

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

async function post(path, body, expectedStatus) {
  const started = performance.now();
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== expectedStatus) {
    throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return { elapsed, body: text ? JSON.parse(text) : undefined };
}

/** Runs `total` tasks on `clients` concurrent loops; returns latencies and wall time. */
async function phase(total, task) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, total) }, async () => {
      while (next < total) {
        const index = next;
        next += 1;
        latencies.push(await task(index));
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(name, { latencies, seconds }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (value) => `${value.toFixed(2)} ms`;
  console.log(
    `${name.padEnd(6)} n=${sorted.length}  p50=${ms(percentile(sorted, 50))}  ` +
      `p95=${ms(percentile(sorted, 95))}  p99=${ms(percentile(sorted, 99))}  ` +
      `max=${ms(sorted[sorted.length - 1])}  ${(sorted.length / seconds).toFixed(0)} req/s`,
  );
}

async function main() {
  const runId = `${Date.now()}-${process.pid}`;
  const pipeline = await post(
    '/pipeline',
    { name: `bench execution latency ${runId}`, pipeline_type_name: 'bench' },
    201,
  );
  const pipelineId = pipeline.body.id;
  const base = Date.now();
  const ids = new Array(requests);
  console.log(
    `${baseUrl.origin}: pipeline ${pipelineId}, ${requests} starts then ${requests} ends, ` +
      `${clients} concurrent clients`,
  );

  // Warm-up (not measured): connections, prepared plans, JIT.
  for (let index = 0; index < Math.min(50, requests); index += 1) {
    const { body } = await post('/start_pipeline_execution', { pipeline_id: pipelineId }, 201);
    await post('/end_pipeline_execution', { id: body.id, end_date: new Date(base + 60_000) }, 204);
  }

  const starts = await phase(requests, async (index) => {
    const { elapsed, body } = await post(
      '/start_pipeline_execution',
      {
        pipeline_id: pipelineId,
        start_date: new Date(base + index * 1000).toISOString(),
        watermark: String(index),
        next_watermark: String(index + 1),
      },
      201,
    );
    ids[index] = body.id;
    return elapsed;
  });
  const ends = await phase(requests, async (index) => {
    const { elapsed } = await post(
      '/end_pipeline_execution',
      {
        id: ids[index],
        end_date: new Date(base + index * 1000 + 7000).toISOString(),
        completed_successfully: true,
        total_rows: 1000 + index,
        inserts: 800,
        updates: 200,
        soft_deletes: 0,
        execution_metadata: { bench: runId },
      },
      204,
    );
    return elapsed;
  });
  report('start', starts);
  report('end', ends);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

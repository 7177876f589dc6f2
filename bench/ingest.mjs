// Ingest throughput: what every orchestrator task does — POST /pipeline (sync, with a
// next_watermark), POST /start_pipeline_execution, POST /end_pipeline_execution (successful,
// with counts, so the pipeline update and the execution-ended job are part of the measurement).
//
//   WATCHER_URL=http://127.0.0.1:3000 CLIENTS=16 PIPELINES=64 SECONDS=20 node bench/ingest.mjs
//
// CLIENTS concurrent loops run iterations for SECONDS (after a 2 s warm-up) over PIPELINES
// pipelines. Prints iterations per second and p50/p95/p99 of one iteration, as one JSON line
// (so runs can be compared by a script). Only loopback targets are accepted.
import { performance } from 'node:perf_hooks';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const clients = boundedInt('CLIENTS', 16, 256);
const pipelines = boundedInt('PIPELINES', 64, 10_000);
const seconds = boundedInt('SECONDS', 20, 600);
const warmupMs = 2000;

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

async function post(path, body, expected) {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

const run = Date.now().toString(36);
let counter = 0;

async function iteration() {
  const n = counter++;
  const name = `ingest ${run} ${n % pipelines}`;
  const { id: pipelineId } = await post(
    '/pipeline',
    { name, pipeline_type_name: 'ingest bench', next_watermark: String(n) },
    [200, 201],
  );
  const start = new Date(Date.now() - 60_000);
  const { id } = await post(
    '/start_pipeline_execution',
    { pipeline_id: pipelineId, start_date: start.toISOString() },
    [201],
  );
  await post(
    '/end_pipeline_execution',
    {
      id,
      end_date: new Date().toISOString(),
      completed_successfully: true,
      inserts: 10,
      updates: 2,
      soft_deletes: 0,
      total_rows: 12,
    },
    [204],
  );
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const latencies = [];
const started = performance.now();
const measureFrom = started + warmupMs;
const stopAt = measureFrom + seconds * 1000;
let measured = 0;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      await iteration();
      const t1 = performance.now();
      if (t0 >= measureFrom) {
        latencies.push(t1 - t0);
        measured += 1;
      }
    }
  }),
);
latencies.sort((a, b) => a - b);
const result = {
  clients,
  pipelines,
  seconds,
  iterations: measured,
  itPerSec: Number((measured / seconds).toFixed(1)),
  p50ms: Number(percentile(latencies, 0.5).toFixed(1)),
  p95ms: Number(percentile(latencies, 0.95).toFixed(1)),
  p99ms: Number(percentile(latencies, 0.99).toFixed(1)),
};
console.log(JSON.stringify(result));

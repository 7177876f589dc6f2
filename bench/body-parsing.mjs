// Cost of reading request bodies, and whether hostile ones stall the event loop.
//
//   WATCHER_URL=http://127.0.0.1:3000 node bench/body-parsing.mjs
//
// For each kind of body (a ~240 KiB pipeline body with 4,000 metadata keys, the same with \u
// escapes and a long integer so that the full parser runs, 1 MiB of nested arrays, a 1,700-level
// metadata object), sends ROUNDS rounds (default 20) of CLIENTS concurrent requests (default 8)
// to POST /pipeline while one client probes GET /health, and prints p50/p95/max latency of both.
// The deep bodies are refused (400 JSON_TOO_DEEP); the others update one pipeline. Only loopback
// targets are accepted; the loops are bounded.
import { performance } from 'node:perf_hooks';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const baseUrl = new URL(process.env.WATCHER_URL ?? 'http://127.0.0.1:3000');
const rounds = boundedInt('ROUNDS', 20, 200);
const clients = boundedInt('CLIENTS', 8, 32);

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

function metadata(escaped) {
  const entries = Array.from({ length: 4000 }, (_, index) => [
    `key_${index}`,
    { text: escaped ? `caf\\u00e9 ${index}` : `cafe ${index}`, values: [index, 2.5, true, null] },
  ]);
  return Object.fromEntries(entries);
}

function pipelineBody(escaped) {
  let text = JSON.stringify({
    name: 'bench body parsing',
    pipeline_type_name: 'bench',
    pipeline_metadata: metadata(escaped),
  });
  if (escaped) {
    text = text
      .replaceAll('\\\\u00e9', '\\u00e9')
      .replace('"values":[0,', '"values":[12345678901234567890,');
  }
  return text;
}

const BODIES = {
  'plain metadata (4,000 keys)': pipelineBody(false),
  'same with \\u escapes and a bigint': pipelineBody(true),
  '1 MiB nested arrays': `${'['.repeat(512 * 1024)}${']'.repeat(512 * 1024)}`,
  '1,700-level metadata': `{"name":"x","pipeline_type_name":"y","pipeline_metadata":${'{"a":'.repeat(1700)}1${'}'.repeat(1700)}}`,
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const fmt = (value) => value.toFixed(1).padStart(7);
  return `p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  max ${fmt(sorted.at(-1))} ms`;
}

async function timed(url, init) {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

for (const [label, body] of Object.entries(BODIES)) {
  const postLatencies = [];
  const healthLatencies = [];
  const statuses = new Map();
  let isRunning = true;
  const probe = (async () => {
    while (isRunning) {
      healthLatencies.push((await timed(new URL('/health', baseUrl))).ms);
    }
  })();
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.all(
      Array.from({ length: clients }, () =>
        timed(new URL('/pipeline', baseUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    for (const { status, ms } of results) {
      postLatencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  isRunning = false;
  await probe;
  const kb = (Buffer.byteLength(body) / 1024).toFixed(0);
  console.log(`${label} (${kb} KiB), statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`  POST /pipeline  ${summary(postLatencies)}`);
  console.log(`  GET /health     ${summary(healthLatencies)}`);
}

// Embedded durability soak: starts a real `node dist/main.js` on a fresh data directory, puts it
// under write load (pipelines created, executions started and ended), kills it with SIGKILL
// mid-load, restarts it, and checks that every write the server acknowledged is still there.
// Every other restart also finds the lock naming a live, unrelated process (pid reuse).
//
//   npm run build && node scripts/embedded-crash-soak.mjs [--cycles 5] [--writers 6] [--json]
//
// Only talks to the server it starts (127.0.0.1, a free port). Exits 1 when a write was lost.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'main.js');
const argValue = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const cycles = argValue('--cycles', 5);
const writers = argValue('--writers', 6);
const asJson = process.argv.includes('--json');
const log = (line) => {
  if (!asJson) {
    console.log(line);
  }
};

const dataDir = join(mkdtempSync(join(tmpdir(), 'watcher-soak-')), 'data');
const pipelines = new Map(); // id -> name, acknowledged 201/200
const endedExecutions = new Set(); // execution ids whose end was acknowledged
let startedExecutions = 0;
const restartsMs = [];
const sleepers = [];

function startServer() {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      WATCHER_ENV_FILE: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      WATCHER_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'log',
      WATCHER_SCHEDULER: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve({ child, url: match[1], exited, ms: Date.now() - startedAt });
      }
      if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited (${child.exitCode}): ${output}`));
      }
      if (Date.now() - startedAt > 120_000) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error(`server did not start: ${output}`));
      }
    }, 50);
  }).then((server) => ({ ...server, output: () => output }));
}

async function post(url, path, body) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function writer(url, cycle, index, isStopped) {
  for (let n = 0; !isStopped(); n += 1) {
    try {
      const name = `soak-${cycle}-${index}-${n}`;
      const created = await post(url, '/pipeline', { name, pipeline_type_name: 'soak' });
      if (created.status !== 201 && created.status !== 200) {
        continue;
      }
      pipelines.set(created.body.id, name);
      const started = await post(url, '/start_pipeline_execution', {
        pipeline_id: created.body.id,
      });
      if (started.status !== 201) {
        continue;
      }
      startedExecutions += 1;
      const ended = await post(url, '/end_pipeline_execution', {
        id: started.body.id,
        end_date: new Date(Date.now() + 5000).toISOString(),
        completed_successfully: true,
        inserts: n,
        total_rows: n,
      });
      if (ended.status >= 200 && ended.status < 300) {
        endedExecutions.add(started.body.id);
      }
    } catch {
      return; // The server was killed.
    }
  }
}

async function verify(url) {
  let lost = 0;
  for (const [id, name] of pipelines) {
    const response = await fetch(`${url}/pipeline/${id}`);
    const body = response.status === 200 ? await response.json() : undefined;
    if (body?.name !== name) {
      lost += 1;
      log(`  LOST pipeline ${id} (${name}): ${response.status}`);
    }
  }
  for (const id of endedExecutions) {
    const response = await fetch(`${url}/pipeline_execution/${id}`);
    const body = response.status === 200 ? await response.json() : undefined;
    if (!body?.end_date || body.completed_successfully !== true) {
      lost += 1;
      log(`  LOST end of execution ${id}: ${response.status}`);
    }
  }
  return lost;
}

/** After a crash, the lock's pid is handed to a live, unrelated process (pid reuse). */
function reuseLockPid() {
  const lockPath = join(dataDir, 'watcher.lock');
  const owner = JSON.parse(readFileSync(lockPath, 'utf8'));
  const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(sleeper);
  writeFileSync(lockPath, JSON.stringify({ ...owner, pid: sleeper.pid }));
}

let totalLost = 0;
let exitCode = 0;
try {
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    const server = await startServer();
    if (cycle > 1) {
      restartsMs.push(server.ms);
    }
    const lost = await verify(server.url);
    totalLost += lost;
    log(
      `cycle ${cycle}: started in ${server.ms} ms; ${pipelines.size} pipelines and ` +
        `${endedExecutions.size} ended executions acknowledged so far, ${lost} lost`,
    );
    let isStopped = false;
    const load = [...Array(writers).keys()].map((index) =>
      writer(server.url, cycle, index, () => isStopped),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500 + Math.random() * 2500));
    server.child.kill('SIGKILL');
    isStopped = true;
    await server.exited;
    await Promise.all(load);
    if (cycle % 2 === 1) {
      reuseLockPid();
    }
  }
  const final = await startServer();
  restartsMs.push(final.ms);
  const lost = await verify(final.url);
  totalLost += lost;
  final.child.kill('SIGTERM');
  await final.exited;
  const summary = {
    cycles,
    kills: cycles,
    pipelinesAcknowledged: pipelines.size,
    executionsStarted: startedExecutions,
    executionsEndedAcknowledged: endedExecutions.size,
    lost: totalLost,
    restartMs: { min: Math.min(...restartsMs), max: Math.max(...restartsMs) },
  };
  if (asJson) {
    console.log(JSON.stringify(summary));
  } else {
    log(`after ${cycles} × kill -9: ${JSON.stringify(summary)}`);
  }
  exitCode = totalLost === 0 ? 0 : 1;
} catch (error) {
  console.error(`soak failed: ${error.stack ?? error}`);
  exitCode = 2;
} finally {
  for (const sleeper of sleepers) {
    sleeper.kill('SIGKILL');
  }
  rmSync(dirname(dataDir), { recursive: true, force: true });
}
process.exit(exitCode);

// `npm test`: unit tests, integration tests and the e2e suite in both modes — PostgreSQL + Redis
// and embedded (PGlite + in-process queue). `npm run test:e2e` runs only the e2e part.
//
// Groups that need PostgreSQL or Redis run when DATABASE_URL (and REDIS_URL) are set; otherwise
// each prints one `SKIPPED: <group> — …` line. With WATCHER_REQUIRE_POSTGRES=1 (.ci/run sets it)
// a skipped group counts as failed and the run exits non-zero.
//
// The browser group (test/browser, Chromium via playwright-core, embedded mode) runs when
// /usr/bin/chromium (or WATCHER_CHROMIUM) exists; otherwise it prints one SKIPPED line, which
// counts as failed with WATCHER_REQUIRE_BROWSER=1 (.ci/run sets it).
//
// Groups run as separate jest processes, WATCHER_TEST_JOBS at a time (default: 2, or 1 on a
// single-CPU machine); each group's output is printed in one block when it ends. Extra arguments
// go to every jest run. The last line is always `total: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const onlyE2e = process.argv.includes('--e2e-only');
const extraArgs = process.argv.slice(2).filter((arg) => arg !== '--e2e-only');
const hasPostgres = Boolean(process.env.DATABASE_URL);
const hasRedis = Boolean(process.env.REDIS_URL);
const requirePostgres = process.env.WATCHER_REQUIRE_POSTGRES === '1';
const chromiumPath = process.env.WATCHER_CHROMIUM ?? '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
const requireBrowser = process.env.WATCHER_REQUIRE_BROWSER === '1';
const jobs = Math.max(
  1,
  Number.parseInt(process.env.WATCHER_TEST_JOBS ?? '', 10) || Math.min(2, availableParallelism()),
);

/** In start order: the longest groups first, so that the last one to finish is a short one. */
const groups = [];
const skipped = [];
if (!onlyE2e) {
  groups.push({ name: 'integration', config: 'test/jest-int.json', env: {} });
  if (!hasPostgres) {
    skipped.push(
      'integration-postgres — set DATABASE_URL to run the PostgreSQL part of the integration tests',
    );
  }
}
groups.push({
  name: 'e2e-embedded',
  config: 'test/jest-e2e.json',
  env: { WATCHER_TEST_MODE: 'embedded' },
});
if (hasPostgres && hasRedis) {
  groups.push({
    name: 'e2e-postgres',
    config: 'test/jest-e2e.json',
    env: { WATCHER_TEST_MODE: 'postgres' },
  });
} else {
  skipped.push('e2e-postgres — set DATABASE_URL and REDIS_URL to run it (.ci/run does)');
}
let skippedBrowser = null;
if (hasBrowser) {
  groups.push({
    name: 'browser',
    config: 'test/jest-browser.json',
    env: { WATCHER_TEST_MODE: 'embedded' },
  });
} else {
  skippedBrowser = `browser — no Chromium at ${chromiumPath} (apt-get install -y chromium)`;
}
if (!onlyE2e) {
  groups.push({ name: 'unit', config: 'test/jest-unit.json', env: {} });
}

// Several e2e and integration files run the real `node dist/main.js`. Build it once, before the
// groups start in parallel: two groups building dist/ at the same moment would each see the
// other's half-written output (imports not yet rewritten by tsc-alias).
if (groups.some((group) => group.name !== 'unit')) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('npm run build failed');
    console.log('total: 0 passed, 1 failed');
    process.exit(1);
  }
}

/** Runs one jest process; resolves with its counts and its captured output. */
function runGroup(group) {
  const outputFile = join(resultsDir, `${group.name}.json`);
  rmSync(outputFile, { force: true });
  const started = Date.now();
  const args = [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    '-c',
    group.config,
    '--runInBand',
    '--json',
    `--outputFile=${outputFile}`,
    ...extraArgs,
  ];
  const color = process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {};
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...color, ...group.env },
  });
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.stderr.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      let passed = 0;
      let failed = 0;
      try {
        const result = JSON.parse(readFileSync(outputFile, 'utf8'));
        passed = result.numPassedTests;
        failed = result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
      } catch {
        failed = 1;
      }
      const ok = code === 0;
      if (!ok && failed === 0) {
        failed = 1;
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const status = ok ? '' : ` (exit ${code ?? signal})`;
      process.stdout.write(`\n=== ${group.name} (${seconds} s)${status} ===\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve({ name: group.name, passed, failed, ok, seconds });
    });
  });
}

const started = Date.now();
const results = new Map();
const queue = [...groups];
console.log(
  `Running ${groups.map((group) => group.name).join(', ')} (${jobs} at a time); ` +
    'each prints its output when it ends.',
);
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      results.set(group.name, await runGroup(group));
    }
  }),
);

let totalPassed = 0;
let totalFailed = 0;
let isFailed = false;
console.log('');
for (const name of ['unit', 'integration', 'e2e-postgres', 'e2e-embedded', 'browser']) {
  const result = results.get(name);
  if (result) {
    console.log(`${name}: ${result.passed} passed, ${result.failed} failed (${result.seconds} s)`);
    totalPassed += result.passed;
    totalFailed += result.failed;
    isFailed ||= !result.ok;
  }
}
for (const line of skipped) {
  if (requirePostgres) {
    console.log(`SKIPPED: ${line}; counted as failed (WATCHER_REQUIRE_POSTGRES=1)`);
    totalFailed += 1;
    isFailed = true;
  } else {
    console.log(`SKIPPED: ${line}`);
  }
}
if (skippedBrowser && requireBrowser) {
  console.log(`SKIPPED: ${skippedBrowser}; counted as failed (WATCHER_REQUIRE_BROWSER=1)`);
  totalFailed += 1;
  isFailed = true;
} else if (skippedBrowser) {
  console.log(`SKIPPED: ${skippedBrowser}`);
}
console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`total: ${totalPassed} passed, ${totalFailed} failed`);
process.exit(isFailed ? 1 : 0);

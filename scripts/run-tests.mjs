// `npm test`: unit tests, integration tests, then the e2e suite in both modes — PostgreSQL + Redis
// (when DATABASE_URL and REDIS_URL are set) and embedded (PGlite + in-process queue, always).
// `npm run test:e2e` runs only the e2e part. Prints one summary line per run and a total.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const onlyE2e = process.argv.includes('--e2e-only');
const extraArgs = process.argv.slice(2).filter((arg) => arg !== '--e2e-only');

const runs = [];
if (!onlyE2e) {
  runs.push({ name: 'unit', config: 'test/jest-unit.json', env: {} });
  runs.push({ name: 'integration', config: 'test/jest-int.json', env: {} });
}
if (process.env.DATABASE_URL && process.env.REDIS_URL) {
  runs.push({
    name: 'e2e-postgres',
    config: 'test/jest-e2e.json',
    env: { WATCHER_TEST_MODE: 'postgres' },
  });
} else {
  console.log('e2e (postgres): skipped — set DATABASE_URL and REDIS_URL to run it (.ci/run does).');
}
runs.push({
  name: 'e2e-embedded',
  config: 'test/jest-e2e.json',
  env: { WATCHER_TEST_MODE: 'embedded' },
});

let isFailed = false;
const summaries = [];
let totalPassed = 0;
let totalFailed = 0;
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  const outputFile = join(resultsDir, `${run.name}.json`);
  rmSync(outputFile, { force: true });
  const child = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules/jest/bin/jest.js'),
      '-c',
      run.config,
      '--runInBand',
      '--json',
      `--outputFile=${outputFile}`,
      ...extraArgs,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...run.env } },
  );
  let passed = 0;
  let failed = 0;
  try {
    const result = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed = result.numPassedTests;
    failed = result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
  } catch {
    failed = 1;
  }
  if (child.status !== 0 && failed === 0) {
    failed = 1;
  }
  totalPassed += passed;
  totalFailed += failed;
  summaries.push(`${run.name}: ${passed} passed, ${failed} failed`);
  isFailed ||= child.status !== 0;
}
console.log('');
for (const line of summaries) {
  console.log(line);
}
console.log(`total: ${totalPassed} passed, ${totalFailed} failed`);
process.exit(isFailed ? 1 : 0);

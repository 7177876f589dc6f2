// Runs the e2e suite in both modes: PostgreSQL + Redis (when DATABASE_URL and REDIS_URL are set)
// and embedded (PGlite + in-process queue, always). Prints one summary line per mode.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const extraArgs = process.argv.slice(2);

const modes = [];
if (process.env.DATABASE_URL && process.env.REDIS_URL) {
  modes.push('postgres');
} else {
  console.log('e2e (postgres): skipped — set DATABASE_URL and REDIS_URL to run it (.ci/run does).');
}
modes.push('embedded');

let failed = false;
const summaries = [];
for (const mode of modes) {
  console.log(`\n=== e2e suite, ${mode} mode ===`);
  const outputFile = join(resultsDir, `e2e-${mode}.json`);
  const run = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules/jest/bin/jest.js'),
      '-c',
      'test/jest-e2e.json',
      '--runInBand',
      '--json',
      `--outputFile=${outputFile}`,
      ...extraArgs,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, WATCHER_TEST_MODE: mode } },
  );
  let passed = 0;
  let failedCount = 0;
  try {
    const result = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed = result.numPassedTests;
    failedCount = result.numFailedTests;
  } catch {
    failedCount = 1;
  }
  summaries.push(`e2e-${mode}: ${passed} passed, ${failedCount} failed`);
  if (run.status !== 0) {
    failed = true;
  }
}
console.log('');
for (const line of summaries) {
  console.log(line);
}
process.exit(failed ? 1 : 0);

// `npm run screenshots`: PNGs of every dashboard page under docs/screenshots/, taken by the
// browser tests (test/browser) at 1366×768 against seeded demo data. Needs /usr/bin/chromium
// (or WATCHER_CHROMIUM) and a built app (npm run build).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    '-c',
    'test/jest-browser.json',
    '--runInBand',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WATCHER_TEST_MODE: 'embedded', WATCHER_SCREENSHOTS: '1' },
  },
);
console.log(`screenshots in ${join(root, 'docs', 'screenshots')}`);
process.exit(result.status ?? 1);

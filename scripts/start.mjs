// `npm start`: builds dist/ when it is missing or older than src/ or web/ (the dashboard), then
// runs the service.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    const mtime = item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

const sources = [
  join(root, 'src'),
  join(root, 'web'),
  join(root, 'package.json'),
  join(root, 'tsconfig.json'),
];
const sourceTime = Math.max(
  ...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)),
);
const isBuilt = existsSync(entry) && existsSync(join(root, 'dist', 'web', 'index.html'));
if (!isBuilt || statSync(entry).mtimeMs < sourceTime) {
  console.log('Building Watcher (dist/ is missing or older than src/ or web/)…');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('Build failed; see the errors above.');
    process.exit(build.status ?? 1);
  }
}
await import(pathToFileURL(entry).href);

// `npm run bench -- <name> [args]` runs bench/<name>.mjs with the remaining arguments;
// `npm run bench` lists the benchmarks (the first comment line of each file).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Not benchmarks: this dispatcher and the baseline server that bench/ingest.mjs starts.
const NOT_BENCHMARKS = new Set(['run', 'baseline']);

function benchmarks() {
  return readdirSync(here)
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.slice(0, -'.mjs'.length))
    .filter((name) => !NOT_BENCHMARKS.has(name))
    .sort();
}

function summary(name) {
  const first = readFileSync(join(here, `${name}.mjs`), 'utf8').split('\n')[0] ?? '';
  return first.replace(/^\/\/\s?/, '');
}

const [name, ...args] = process.argv.slice(2);
const names = benchmarks();
if (!name || name === '--help' || name === '-h') {
  console.log('usage: npm run bench -- <name> [args]   (see bench/README.md)\n');
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) {
    console.log(`  ${n.padEnd(width)}  ${summary(n)}`);
  }
  process.exit(0);
}
if (!names.includes(name)) {
  console.error(`unknown benchmark "${name}"; known: ${names.join(', ')}`);
  process.exit(2);
}
const child = spawn(process.execPath, [join(here, `${name}.mjs`), ...args], { stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group (forwarding it too would be a
// second Ctrl-C, which forces): wait for the child to clean up. SIGTERM is forwarded.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

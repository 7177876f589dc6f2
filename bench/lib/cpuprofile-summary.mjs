// Self time of a V8 .cpuprofile (node --cpu-prof) grouped by package: node_modules/<pkg>,
// Watcher's own code (dist/ or src/), node core, and V8's pseudo-frames (GC, idle, native
// calls such as writev). Percentages are of the busy time (idle excluded).
//
//   node bench/lib/cpuprofile-summary.mjs /tmp/prof/CPU.….cpuprofile [top=20]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function groupOf(callFrame) {
  const url = callFrame.url ?? '';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (/\/(dist|src)\//.test(url)) return 'watcher (own code)';
  if (url.startsWith('node:')) return 'node core';
  return callFrame.functionName
    ? `(${callFrame.functionName.replace(/^\(|\)$/g, '')})`
    : '(native)';
}

/** [{ group, ms, percent }] by self time, largest first, and the busy total in ms. */
export function summarizeProfile(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byGroup = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const group = groupOf(nodes.get(id).callFrame);
    byGroup.set(group, (byGroup.get(group) ?? 0) + delta);
    if (group !== '(idle)' && group !== '(program)') busy += delta;
  });
  const rows = [...byGroup]
    .filter(([group]) => group !== '(idle)')
    .map(([group, us]) => ({ group, ms: Math.round(us / 1000), percent: (100 * us) / busy }))
    .sort((a, b) => b.ms - a.ms);
  return { busyMs: Math.round(busy / 1000), rows };
}

export function formatSummary({ busyMs, rows }, top = 20) {
  const lines = [`busy ${busyMs} ms (idle excluded); self time by package:`];
  for (const row of rows.slice(0, top)) {
    lines.push(
      `  ${row.group.padEnd(32)} ${String(row.ms).padStart(7)} ms  ${row.percent.toFixed(1).padStart(5)} %`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/lib/cpuprofile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(
    formatSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8'))), Number(top ?? 20)),
  );
}

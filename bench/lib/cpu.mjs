// CPU time of processes from /proc/<pid>/stat (Linux only): utime + stime, in milliseconds.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond;

function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** { comm, ticks } of a pid, or null when it is gone. */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may contain spaces: split after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU ms (user + system) one process has used so far; NaN when it is gone. */
export function processCpuMs(pid) {
  const stat = readStat(pid);
  return stat ? (stat.ticks * 1000) / clockTicks() : Number.NaN;
}

/**
 * A snapshot of the CPU ticks of every process whose comm is `postgres`, by pid. Compare two
 * snapshots with cpuDeltaMs: processes that exist in both count their difference, new ones
 * count in full (a backend that exited in between is lost, which is why the benchmarks keep
 * their pools open). Every postgres process of the machine counts, whoever's load it is.
 */
export function postgresSnapshot() {
  const snapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const stat = readStat(entry);
    if (stat && stat.comm === 'postgres') {
      snapshot.set(entry, stat.ticks);
    }
  }
  return snapshot;
}

export function cpuDeltaMs(before, after) {
  let ticks = 0;
  for (const [pid, value] of after) {
    ticks += value - (before.get(pid) ?? 0);
  }
  return (ticks * 1000) / clockTicks();
}

// Child servers for the benchmarks: free ports, spawn, wait for /health, and stop them always
// (normal end, error, Ctrl-C): every child is registered and stopped by pid on the way out.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();
const cleanups = [];
let isExiting = false;

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <args>` with `env` added to the environment. stdout is dropped, stderr is kept
 * (the last lines are printed if the child dies early). Returns { child, pid, name, url, stderr }.
 */
export function spawnNode(name, args, env, port) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const server = { name, child, pid: child.pid, url: `http://127.0.0.1:${port}`, stderr: '' };
  child.stderr.on('data', (chunk) => {
    server.stderr = (server.stderr + chunk.toString()).slice(-4000);
  });
  children.add(server);
  child.once('exit', (code, signal) => {
    children.delete(server);
    server.exited = { code, signal };
  });
  return server;
}

/** Resolves once GET /health answers 2xx; throws when the child exits or after timeoutMs. */
export async function waitHealthy(server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) {
      throw new Error(
        `${server.name} exited (${JSON.stringify(server.exited)}) before it was healthy:\n${server.stderr}`,
      );
    }
    try {
      const response = await fetch(`${server.url}/health`);
      await response.arrayBuffer();
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${server.name} was not healthy after ${timeoutMs} ms:\n${server.stderr}`);
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the child has exited. */
export async function stopServer(server, graceMs = 5000) {
  if (server.exited) {
    return;
  }
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Registers an async cleanup (run once, last registered first, by runCleanups). */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let cleaning;

/** Stops every child still running, then runs the registered cleanups (once; callers share it). */
export function runCleanups() {
  cleaning ??= cleanUp();
  return cleaning;
}

async function cleanUp() {
  await Promise.all([...children].map((server) => stopServer(server)));
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}

/** True once Ctrl-C / SIGTERM arrived: loops stop, and errors of the shutdown are expected. */
export function isAborting() {
  return isExiting;
}

/** Ctrl-C / SIGTERM: stop the children and clean up before exiting (a second Ctrl-C forces). */
export function installSignalHandlers() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (isExiting) {
        for (const server of children) {
          server.child.kill('SIGKILL');
        }
        process.exit(130);
      }
      isExiting = true;
      console.error(`\n${signal}: stopping servers and cleaning up…`);
      runCleanups().finally(() => process.exit(130));
    });
  }
  // Whatever still runs while the cleanup stops servers and pools fails: expected, not a crash.
  process.on('unhandledRejection', (error) => {
    if (!isExiting) {
      console.error(error);
      process.exit(1);
    }
  });
  // Last resort if the process exits some other way: never leave a child running.
  process.on('exit', () => {
    for (const server of children) {
      server.child.kill('SIGKILL');
    }
  });
}

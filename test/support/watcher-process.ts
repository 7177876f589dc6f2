import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'main.js');
/** The last line of the start-up banner. */
export const READY = /Mode (embedded|production): .*\n/;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds dist/ when it is missing or older than src/ (what `npm start` does). */
export function ensureBuilt(): void {
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= newestMtime(join(ROOT, 'src'))) {
    return;
  }
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  }
}

export interface WatcherProcessOptions {
  /** Variables on top of a quiet, embedded, in-memory, any-port base. */
  env?: Record<string, string>;
  cwd?: string;
  /** Run as this user (through runuser; we are root). */
  user?: string;
}

/**
 * A real `node dist/main.js` the test starts, reads and stops (never the machine's services).
 * Call ensureBuilt() first.
 */
export class WatcherProcess {
  output = '';
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static spawn(options: WatcherProcessOptions = {}): WatcherProcess {
    const env: Record<string, string | undefined> = {
      ...process.env,
      WATCHER_ENV_FILE: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      WATCHER_DATA_DIR: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'text',
      WATCHER_SCHEDULER: 'false',
      NODE_OPTIONS: '',
      ...options.env,
    };
    const [command, args] = options.user
      ? ['runuser', ['-u', options.user, '--', process.execPath, ENTRY]]
      : [process.execPath, [ENTRY]];
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WatcherProcess(child);
  }

  /** Starts and waits for the banner; returns the base URL it printed. */
  static async start(
    options: WatcherProcessOptions = {},
    timeoutMs = 60_000,
  ): Promise<WatcherProcess> {
    const watcher = WatcherProcess.spawn(options);
    await watcher.waitForOutput(READY, timeoutMs);
    return watcher;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The base URL of the banner (`http://localhost:<port>`). */
  get url(): string {
    const match = /Watcher listening on (http:\/\/[^\s—]+)/.exec(this.output);
    if (!match) {
      throw new Error(`no banner yet; output: ${this.output}`);
    }
    return match[1];
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `exited (${this.child.exitCode ?? this.child.signalCode}) before ${pattern}: ${this.output}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern}; output: ${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Resolves with how it ended; kills it (SIGKILL) when it takes longer than timeoutMs. */
  async exited(
    timeoutMs = 30_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops it with `signal` and waits; safe to call when it already exited. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
    }
    return this.exited();
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createServer } from 'node:net';
import { waitFor } from 'test/support/private-redis';

const POSTGRES_BIN_DIRS = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];
const SERVER_USER = 'postgres';

/**
 * A throwaway PostgreSQL cluster of the test's own (initdb in a temp dir, a free port, trust auth)
 * that the test may stop, restart, freeze and thaw — never the machine's shared server.
 * As root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
 * Call `PrivatePostgres.unavailableReason()` first and skip the test when it returns a reason.
 */
export class PrivatePostgres {
  private readonly binDir = POSTGRES_BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
  private dataDir: string | undefined;
  private port = 0;
  private readonly exitGuard = (): void => this.killSync();

  /** Why a private cluster cannot be started here, or undefined when it can. */
  static unavailableReason(): string | undefined {
    const binDir = POSTGRES_BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
    if (!binDir) {
      return `no initdb/pg_ctl in ${POSTGRES_BIN_DIRS.join(', ')} (install postgresql-15)`;
    }
    if (userInfo().uid === 0 && spawnSync('id', ['-u', SERVER_USER]).status !== 0) {
      return `running as root and there is no "${SERVER_USER}" user to run the server as`;
    }
    return undefined;
  }

  /** Connection URL of a database on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** The first call runs initdb on a new temp dir and picks a free port; later calls restart. */
  async start(): Promise<void> {
    if (!this.dataDir) {
      this.port = await freePort();
      const parent = mkdtempSync(join(tmpdir(), 'watcher-pg-'));
      this.dataDir = join(parent, 'data');
      this.asServerUserPrepare(parent);
      this.run('initdb', [
        '-D',
        this.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      process.once('exit', this.exitGuard);
    }
    const options = [
      `-p ${this.port}`,
      `-k ${this.dataDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c shared_buffers=16MB',
      '-c max_connections=40',
    ].join(' ');
    this.run('pg_ctl', [
      '-D',
      this.requireDataDir(),
      '-o',
      options,
      '-l',
      this.logFile(),
      '-w',
      '-t',
      '30',
      'start',
    ]);
    await waitFor(() => this.isAccepting(), 15_000, `private PostgreSQL on ${this.port}`);
  }

  /** Stops the server (`fast`: clients are disconnected; `immediate`: like a crash). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    if (!this.dataDir || !this.postmasterPid()) {
      return;
    }
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  /** SIGSTOP the postmaster and every backend: the server accepts TCP but never answers. */
  freeze(): void {
    for (const pid of this.serverPids()) {
      process.kill(pid, 'SIGSTOP');
    }
  }

  /** SIGCONT everything `freeze()` stopped. Safe to call at any time (call it in `finally`). */
  thaw(): void {
    for (const pid of this.serverPids()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Exited meanwhile.
      }
    }
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }

  /** Stops the server and deletes the cluster. */
  destroy(): void {
    try {
      this.thaw();
      this.stop('immediate');
    } finally {
      process.removeListener('exit', this.exitGuard);
      if (this.dataDir) {
        rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
        this.dataDir = undefined;
      }
    }
  }

  /** The server's log (for failure messages). */
  log(): string {
    try {
      return readFileSync(this.logFile(), 'utf8').slice(-3000);
    } catch {
      return '';
    }
  }

  private postmasterPid(): number | undefined {
    try {
      const pid = Number.parseInt(
        readFileSync(join(this.requireDataDir(), 'postmaster.pid'), 'utf8'),
        10,
      );
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** The postmaster and its children (backends and auxiliary processes), from /proc. */
  private serverPids(): number[] {
    const postmaster = this.postmasterPid();
    if (!postmaster) {
      return [];
    }
    const children: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (parentPid === postmaster) {
          children.push(Number(entry));
        }
      } catch {
        // Gone.
      }
    }
    return [postmaster, ...children];
  }

  private killSync(): void {
    for (const pid of this.serverPids().reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, pid === this.postmasterPid() ? 'SIGQUIT' : 'SIGKILL');
      } catch {
        // Gone.
      }
    }
  }

  private async isAccepting(): Promise<boolean> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  }

  private logFile(): string {
    return join(this.requireDataDir(), '..', 'server.log');
  }

  private requireDataDir(): string {
    if (!this.dataDir) {
      throw new Error('PrivatePostgres: start() first');
    }
    return this.dataDir;
  }

  private asServerUserPrepare(parent: string): void {
    if (userInfo().uid !== 0) {
      return;
    }
    const uid = Number(execFileSync('id', ['-u', SERVER_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', SERVER_USER]).toString().trim());
    chownSync(parent, uid, gid);
  }

  /** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
  private run(binary: string, args: string[]): void {
    const path = join(this.binDir as string, binary);
    const [command, commandArgs] =
      userInfo().uid === 0 ? ['runuser', ['-u', SERVER_USER, '--', path, ...args]] : [path, args];
    const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const said = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-2000);
      throw new Error(
        `${binary} ${args.join(' ')} failed (${result.status}): ${said}\n${this.safeLog()}`,
      );
    }
  }

  private safeLog(): string {
    return this.dataDir ? `server log: ${this.log()}` : '';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

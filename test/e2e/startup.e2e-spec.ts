import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, READY, WatcherProcess } from 'test/support/watcher-process';

// A real `node dist/main.js` (built first when stale): what an operator sees at start-up and
// shutdown. Independent of the database mode, so it runs in the embedded suite only.
const isEmbeddedSuite = !process.env.DATABASE_URL;
const describeEmbedded = isEmbeddedSuite ? describe : describe.skip;

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describeEmbedded('Start-up and shutdown of node dist/main.js', () => {
  const dirs: string[] = [];
  const started: WatcherProcess[] = [];

  function tempDir(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `watcher-startup-${name}-`));
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return dir;
  }

  async function start(env: Record<string, string> = {}): Promise<WatcherProcess> {
    const watcher = WatcherProcess.spawn({ env });
    started.push(watcher);
    await watcher.waitForOutput(READY, 60_000);
    return watcher;
  }

  beforeAll(() => {
    ensureBuilt();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((watcher) => watcher.stop('SIGKILL')));
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should print the real URL and the configuration, no route lines or colours, and a stop line', async () => {
    const watcher = await start();
    const { url } = watcher;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(url).not.toBe('http://localhost:0');
    expect(watcher.output).toContain(`Watcher listening on ${url} — API docs at ${url}/docs`);
    expect(watcher.output).toContain(
      'Mode embedded: database embedded, in memory (lost on exit); queue in-process; role all; ' +
        'scheduler off; migrations at start-up on; config environment (no .env file)',
    );
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
    expect(watcher.output).not.toMatch(/Mapped \{|RoutesResolver|InstanceLoader/);
    // eslint-disable-next-line no-control-regex
    expect(watcher.output).not.toMatch(/\x1b\[/);

    const { code } = await watcher.stop('SIGTERM');
    expect(code).toBe(0);
    expect(watcher.output).toMatch(/Stopping Watcher \(SIGTERM\)…[\s\S]*Watcher stopped\n?$/);
  });

  it('should log one JSON object per line with LOG_FORMAT=json, request logs included', async () => {
    const watcher = await start({ LOG_FORMAT: 'json' });
    await fetch(`${watcher.url}/health`);
    await watcher.waitForOutput(/GET \/health 200/, 10_000);
    await watcher.stop('SIGTERM');
    const lines = watcher.output.trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThanOrEqual(5);
    for (const record of records) {
      expect(record).toMatchObject({ level: expect.any(String), time: expect.any(String) });
    }
    expect(records).toContainEqual(
      expect.objectContaining({
        context: 'HTTP',
        msg: expect.stringMatching(/^GET \/health 200 /),
      }),
    );
    expect(records[records.length - 1]).toMatchObject({
      context: 'Watcher',
      msg: 'Watcher stopped',
    });
  });

  it('should refuse a busy port in one line before opening the database', async () => {
    const busy = await listen();
    const dataDir = join(tempDir('port'), 'data');
    try {
      const watcher = WatcherProcess.spawn({
        env: { PORT: String(portOf(busy)), WATCHER_DATA_DIR: dataDir },
      });
      const startedAt = Date.now();
      const { code } = await watcher.exited(30_000);
      expect(code).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(watcher.output.trim()).toBe(
        `Watcher failed to start: Port ${portOf(busy)} is already in use (another Watcher, or ` +
          'another program); stop it or set PORT to a free port',
      );
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('should retry an unreachable database one line at a time and give up naming it, without its password', async () => {
    const closed = await listen();
    const port = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    const watcher = WatcherProcess.spawn({
      env: {
        DATABASE_URL: `postgres://watcher:s3cret@127.0.0.1:${port}/watcher`,
        DATABASE_STARTUP_TIMEOUT_MS: '2500',
      },
    });
    const { code } = await watcher.exited(30_000);
    expect(code).toBe(1);
    const lines = watcher.output.trim().split('\n');
    const retries = lines.filter((line) => line.includes('not reachable yet'));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries[0]).toContain(
      `Database postgres://watcher@127.0.0.1:${port}/watcher not reachable yet (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 0.5 s (attempt 1)`,
    );
    expect(lines[lines.length - 1]).toMatch(
      new RegExp(
        `^Watcher failed to start: The database postgres://watcher@127\\.0\\.0\\.1:${port}/watcher is unreachable \\(\\d attempt\\(s\\) over \\d+\\.\\d s\\): connect ECONNREFUSED`,
      ),
    );
    expect(watcher.output).not.toContain('s3cret');
    expect(watcher.output).not.toMatch(/^\s+at /m);
  });

  it('should announce the first start, keep the files private, and start over a stale lock of a live unrelated process', async () => {
    const dataDir = join(tempDir('embedded'), 'data');
    const first = await start({ WATCHER_DATA_DIR: dataDir });
    expect(first.output).toContain(
      `Initialising the embedded database in ${dataDir} (first start only)…`,
    );
    expect(first.output).toMatch(/Embedded database initialised in \d+\.\d s/);
    await first.stop('SIGKILL');
    expect(execFileSync('find', [dataDir, '-perm', '/077'], { encoding: 'utf8' })).toBe('');

    // The crashed process's pid now belongs to an unrelated live process.
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(
        join(dataDir, 'watcher.lock'),
        JSON.stringify({ pid: sleeper.pid, startTime: '1', hostname: 'vm' }),
      );
      const second = await start({ WATCHER_DATA_DIR: dataDir });
      expect(second.output).not.toContain('Initialising');
      await second.stop('SIGTERM');
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('should refuse read-only data files with a message naming the directory', async () => {
    const dataDir = join(tempDir('readonly'), 'data');
    const first = await start({ WATCHER_DATA_DIR: dataDir });
    await first.stop('SIGTERM');
    const isRoot = userInfo().uid === 0;
    if (isRoot) {
      execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
      chownSync(join(dataDir, '..'), 0, 0);
    }
    execFileSync('chmod', ['-R', 'a-w', dataDir]);
    chmodSync(dataDir, 0o700);
    const watcher = WatcherProcess.spawn({
      env: { WATCHER_DATA_DIR: dataDir },
      user: isRoot ? 'postgres' : undefined,
    });
    const { code } = await watcher.exited(60_000);
    expect(code).toBe(1);
    expect(watcher.output).toContain(
      `Watcher failed to start: Embedded data directory ${dataDir} is not writable by this process`,
    );
    expect(watcher.output).toContain('is read-only (EACCES)');
    expect(watcher.output).not.toContain('Aborted()');
  });
});

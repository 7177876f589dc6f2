import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

// `npm run migration:*` loads src/database/data-source (its build). It must honour .env like
// `npm start` does: a .env naming PostgreSQL must never migrate the embedded directory instead.
describe('Migration CLI data source', () => {
  const saved = { ...process.env };
  const cwd = process.cwd();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watcher-cli-env-'));
    process.chdir(dir);
    delete process.env.DATABASE_URL;
    delete process.env.WATCHER_ENV_FILE;
    delete process.env.WATCHER_DATA_DIR;
  });

  afterEach(() => {
    process.chdir(cwd);
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  async function loadDataSource(): Promise<DataSource> {
    let promise: Promise<DataSource> | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      promise = (require('src/database/data-source') as { dataSource: Promise<DataSource> })
        .dataSource;
    });
    return promise as Promise<DataSource>;
  }

  it('should use the DATABASE_URL of .env in the working directory', async () => {
    writeFileSync(
      join(dir, '.env'),
      'DATABASE_URL=postgres://watcher:secret@127.0.0.1:5432/watcher_from_dotenv\n',
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const dataSource = await loadDataSource();
      expect(dataSource.options).toMatchObject({
        type: 'postgres',
        url: 'postgres://watcher:secret@127.0.0.1:5432/watcher_from_dotenv',
      });
      expect(dataSource.isInitialized).toBe(false);
      const said = stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(said).toContain('PostgreSQL postgres://watcher@127.0.0.1:5432/watcher_from_dotenv');
      expect(said).not.toContain('secret');
    } finally {
      stderr.mockRestore();
    }
  });
});

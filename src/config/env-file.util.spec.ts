import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from 'src/config/env-file.util';

describe('loadEnvFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watcher-envfile-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should load .env from the working directory without overriding the environment', () => {
    writeFileSync(
      join(dir, '.env'),
      '# comment\nDATABASE_URL=postgres://u:p@db/w\nPORT=8080\nREDIS_URL=redis://r\nLOG_LEVEL="debug"\n',
    );
    const env: NodeJS.ProcessEnv = { PORT: '9090', REDIS_URL: '' };
    expect(loadEnvFile(env, dir)).toBe(join(dir, '.env'));
    expect(env).toEqual({
      PORT: '9090',
      REDIS_URL: '',
      DATABASE_URL: 'postgres://u:p@db/w',
      LOG_LEVEL: 'debug',
    });
  });

  it('should do nothing without a .env file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, dir)).toBeUndefined();
    expect(env).toEqual({});
  });

  it('should load the file named by WATCHER_ENV_FILE, and fail clearly when it is missing', () => {
    writeFileSync(join(dir, 'prod.env'), 'PORT=1234\n');
    const env: NodeJS.ProcessEnv = { WATCHER_ENV_FILE: 'prod.env' };
    expect(loadEnvFile(env, dir)).toBe(join(dir, 'prod.env'));
    expect(env.PORT).toBe('1234');
    expect(() => loadEnvFile({ WATCHER_ENV_FILE: 'nope.env' }, dir)).toThrow(
      /WATCHER_ENV_FILE=nope.env: no such file/,
    );
  });

  it('should load nothing when WATCHER_ENV_FILE is empty (the test setup)', () => {
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://dev/db\n');
    const env: NodeJS.ProcessEnv = { WATCHER_ENV_FILE: '' };
    expect(loadEnvFile(env, dir)).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

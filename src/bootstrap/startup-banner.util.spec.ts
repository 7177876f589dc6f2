import { serverUrl, startupBanner } from 'src/bootstrap/startup-banner.util';
import { validateEnv } from 'src/config/env.schema';

describe('serverUrl', () => {
  it('should show localhost for a wildcard address and keep the real port', () => {
    expect(serverUrl({ address: '::', family: 'IPv6', port: 41234 })).toBe(
      'http://localhost:41234',
    );
    expect(serverUrl({ address: '0.0.0.0', family: 'IPv4', port: 3000 })).toBe(
      'http://localhost:3000',
    );
  });

  it('should show a specific address, bracketing IPv6', () => {
    expect(serverUrl({ address: '127.0.0.1', family: 'IPv4', port: 80 })).toBe(
      'http://127.0.0.1:80',
    );
    expect(serverUrl({ address: '::1', family: 'IPv6', port: 80 })).toBe('http://[::1]:80');
  });
});

describe('startupBanner', () => {
  const address = { address: '::', family: 'IPv6', port: 3000 };

  it('should describe embedded mode with the absolute data directory', () => {
    const lines = startupBanner({
      env: validateEnv({}),
      address,
      envFile: undefined,
      cwd: '/srv/w',
    });
    expect(lines).toEqual([
      'Watcher listening on http://localhost:3000 — API docs at http://localhost:3000/docs',
      'Mode embedded: database embedded, data in /srv/w/.watcher-data; queue in-process; role all; ' +
        'scheduler on; migrations at start-up on; config environment (no .env file)',
    ]);
  });

  it('should describe production mode without passwords', () => {
    const env = validateEnv({
      DATABASE_URL: 'postgres://watcher:secret@db:5432/watcher',
      REDIS_URL: 'redis://:hush@redis:6379',
      WATCHER_ROLE: 'api',
      WATCHER_SCHEDULER: 'false',
    });
    const [, config] = startupBanner({ env, address, envFile: '/srv/w/.env' });
    expect(config).toBe(
      'Mode production: database PostgreSQL postgres://watcher@db:5432/watcher; ' +
        'queue BullMQ redis://redis:6379 (prefix watcher); role api; scheduler off; ' +
        'migrations at start-up on; config environment + /srv/w/.env',
    );
    expect(config).not.toMatch(/secret|hush/);
  });
});

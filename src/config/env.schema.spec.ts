import { InvalidEnvironmentError, validateEnv } from 'src/config/env.schema';

describe('validateEnv', () => {
  it('should apply every default on an empty environment (embedded mode)', () => {
    expect({ ...validateEnv({}) }).toEqual({
      PORT: 3000,
      WATCHER_DATA_DIR: './.watcher-data',
      WATCHER_ROLE: 'all',
      WATCHER_MIGRATE: true,
      WATCHER_SCHEDULER: true,
      WATCHER_QUEUE_PREFIX: 'watcher',
      WATCHER_WORKER_CONCURRENCY: 16,
      WATCHER_PGLITE_LEASE_TIMEOUT_MS: 30_000,
      WATCHER_FRESHNESS_CRON: '0 * * * *',
      WATCHER_TIMELINESS_CRON: '*/15 * * * *',
      WATCHER_TIMELINESS_LOOKBACK_MINUTES: 60,
      WATCHER_QUEUE_MONITOR_CRON: '*/5 * * * *',
      WATCHER_QUEUE_WARNING_THRESHOLD: 50,
      WATCHER_QUEUE_CRITICAL_THRESHOLD: 100,
      WATCHER_LOG_CLEANUP_CRON: '0 3 * * *',
      WATCHER_RETENTION_DAYS: 365,
      WATCHER_ALERT_RETRY_BASE_MS: 2000,
      LOG_LEVEL: 'log',
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
      HTTP_MAX_CONNECTIONS: 1_000,
      WATCHER_DOCS: true,
      LOG_FORMAT: 'text',
      DATABASE_CONNECT_TIMEOUT_MS: 5000,
      DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
      DATABASE_STARTUP_TIMEOUT_MS: 30_000,
      DATABASE_PREPARED_STATEMENTS: true,
    });
  });

  it('should read WATCHER_WORKER_CONCURRENCY from 1 to 64 and refuse anything else', () => {
    expect(validateEnv({ WATCHER_WORKER_CONCURRENCY: '32' }).WATCHER_WORKER_CONCURRENCY).toBe(32);
    for (const value of ['0', '65', '2.5', 'many']) {
      expect(() => validateEnv({ WATCHER_WORKER_CONCURRENCY: value })).toThrow(
        InvalidEnvironmentError,
      );
    }
  });

  it('should read monitoring schedules, thresholds and retention', () => {
    const env = validateEnv({
      WATCHER_FRESHNESS_CRON: ' 30 */2 * * * ',
      WATCHER_TIMELINESS_CRON: '0 */10 * * * *',
      WATCHER_TIMELINESS_LOOKBACK_MINUTES: '120',
      WATCHER_QUEUE_WARNING_THRESHOLD: '10',
      WATCHER_QUEUE_CRITICAL_THRESHOLD: '10',
      WATCHER_RETENTION_DAYS: '0',
    });
    expect(env).toMatchObject({
      WATCHER_FRESHNESS_CRON: '30 */2 * * *',
      WATCHER_TIMELINESS_CRON: '0 */10 * * * *',
      WATCHER_TIMELINESS_LOOKBACK_MINUTES: 120,
      WATCHER_QUEUE_WARNING_THRESHOLD: 10,
      WATCHER_QUEUE_CRITICAL_THRESHOLD: 10,
      WATCHER_RETENTION_DAYS: 0,
    });
  });

  it('should reject bad cron expressions, a short retention and inverted queue thresholds', () => {
    const attempt = (): unknown =>
      validateEnv({
        WATCHER_FRESHNESS_CRON: 'hourly',
        WATCHER_LOG_CLEANUP_CRON: '0 0 30 2 *',
        WATCHER_TIMELINESS_LOOKBACK_MINUTES: '4',
        WATCHER_RETENTION_DAYS: '89',
        WATCHER_QUEUE_WARNING_THRESHOLD: '60',
        WATCHER_QUEUE_CRITICAL_THRESHOLD: '50',
      });
    expect(attempt).toThrow(/WATCHER_FRESHNESS_CRON="hourly": .*cron expression/);
    expect(attempt).toThrow(/WATCHER_LOG_CLEANUP_CRON="0 0 30 2 \*": .*never fires/);
    expect(attempt).toThrow(/WATCHER_TIMELINESS_LOOKBACK_MINUTES="4"/);
    expect(attempt).toThrow(/WATCHER_RETENTION_DAYS="89": .*0 \(off\) or at least 90/);
    expect(attempt).toThrow(/WATCHER_QUEUE_CRITICAL_THRESHOLD="50": .*not be below/);
  });

  it('should read the HTTP limits, the docs switch and the commit id', () => {
    expect(
      validateEnv({
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '4000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
        HTTP_MAX_CONNECTIONS: '50',
        WATCHER_DOCS: 'false',
        WATCHER_COMMIT: '1fc25e5',
      }),
    ).toMatchObject({
      HTTP_HEADERS_TIMEOUT_MS: 2000,
      HTTP_REQUEST_TIMEOUT_MS: 4000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 65000,
      HTTP_MAX_CONNECTIONS: 50,
      WATCHER_DOCS: false,
      WATCHER_COMMIT: '1fc25e5',
    });
  });

  it('should refuse odd HTTP limits and a headers timeout longer than the request timeout', () => {
    expect(() => validateEnv({ HTTP_REQUEST_TIMEOUT_MS: '1e4' })).toThrow(
      /HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(() => validateEnv({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
    expect(() => validateEnv({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '-5' })).toThrow(/KEEP_ALIVE/);
    expect(() =>
      validateEnv({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' }),
    ).toThrow(/must not exceed HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => validateEnv({ WATCHER_COMMIT: 'a b' })).toThrow(/WATCHER_COMMIT/);
  });

  it('should read production settings and normalise case and booleans', () => {
    const env = validateEnv({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/w',
      REDIS_URL: 'redis://redis:6379/1',
      WATCHER_ROLE: ' API ',
      WATCHER_MIGRATE: 'false',
      WATCHER_SCHEDULER: '0',
      LOG_LEVEL: 'WARN',
      LOG_FORMAT: ' JSON',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_STARTUP_TIMEOUT_MS: '0',
      DATABASE_PREPARED_STATEMENTS: 'false',
      UNRELATED: 'ignored',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgresql://u:p@db:5432/w',
      REDIS_URL: 'redis://redis:6379/1',
      WATCHER_ROLE: 'api',
      WATCHER_MIGRATE: false,
      WATCHER_SCHEDULER: false,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DATABASE_CONNECT_TIMEOUT_MS: 1000,
      DATABASE_STATEMENT_TIMEOUT_MS: 2000,
      DATABASE_STARTUP_TIMEOUT_MS: 0,
      DATABASE_PREPARED_STATEMENTS: false,
    });
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it('should treat empty URLs as unset', () => {
    const env = validateEnv({ DATABASE_URL: '', REDIS_URL: '  ' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('should list every bad variable in one error', () => {
    const attempt = (): unknown =>
      validateEnv({
        PORT: 'abc',
        WATCHER_ROLE: 'boss',
        WATCHER_MIGRATE: 'maybe',
        REDIS_URL: 'http://x',
        LOG_FORMAT: 'xml',
        DATABASE_STATEMENT_TIMEOUT_MS: '30s',
      });
    expect(attempt).toThrow(InvalidEnvironmentError);
    expect(attempt).toThrow(/PORT="abc".*integer/);
    expect(attempt).toThrow(/WATCHER_ROLE="boss": WATCHER_ROLE must be one of all, api, worker/);
    expect(attempt).toThrow(/WATCHER_MIGRATE="maybe"/);
    expect(attempt).toThrow(/REDIS_URL="http:\/\/x"/);
    expect(attempt).toThrow(/LOG_FORMAT="xml": LOG_FORMAT must be one of text, json/);
    expect(attempt).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS="30s"/);
  });

  it('should read the alert channels, loopback and IP hosts included', () => {
    const env = validateEnv({
      WATCHER_SLACK_WEBHOOK_URL: ' https://hooks.slack.com/services/T000/B000/XXXX ',
      WATCHER_ALERT_WEBHOOK_URL: 'http://127.0.0.1:8080/hooks/watcher',
      WATCHER_ALERT_WEBHOOK_SECRET: 's3cret value',
      WATCHER_PUBLIC_URL: 'http://watcher:3000',
      WATCHER_ALERT_RETRY_BASE_MS: '50',
    });
    expect(env).toMatchObject({
      WATCHER_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
      WATCHER_ALERT_WEBHOOK_URL: 'http://127.0.0.1:8080/hooks/watcher',
      WATCHER_ALERT_WEBHOOK_SECRET: 's3cret value',
      WATCHER_PUBLIC_URL: 'http://watcher:3000',
      WATCHER_ALERT_RETRY_BASE_MS: 50,
    });
    expect(
      validateEnv({ WATCHER_SLACK_WEBHOOK_URL: '' }).WATCHER_SLACK_WEBHOOK_URL,
    ).toBeUndefined();
  });

  it('should reject a channel URL that is not http(s) without printing it', () => {
    const attempt = (): unknown =>
      validateEnv({
        WATCHER_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T000/B000/TOKEN',
        WATCHER_ALERT_WEBHOOK_URL: 'ftp://example.com/TOKEN',
        WATCHER_PUBLIC_URL: 'not a url',
        WATCHER_ALERT_RETRY_BASE_MS: '0',
      });
    expect(attempt).toThrow(/WATCHER_SLACK_WEBHOOK_URL=<redacted>: .*http\(s\) URL/);
    expect(attempt).toThrow(/WATCHER_ALERT_WEBHOOK_URL=<redacted>/);
    expect(attempt).toThrow(/WATCHER_PUBLIC_URL="not a url"/);
    expect(attempt).toThrow(/WATCHER_ALERT_RETRY_BASE_MS="0"/);
    expect(attempt).not.toThrow(/TOKEN/);
  });
});

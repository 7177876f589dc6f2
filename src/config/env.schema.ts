import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { cronExpressionProblem } from 'src/queue/scheduling/check-schedule.util';

export const WATCHER_ROLES = ['all', 'api', 'worker'] as const;
export type WatcherRole = (typeof WATCHER_ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(normalized)) {
    return false;
  }
  return value;
};

/** A non-negative integer number of milliseconds, `fallback` when unset or empty. */
const toMilliseconds =
  (fallback: number) =>
  ({ value }: { value: unknown }): unknown =>
    value === undefined || (typeof value === 'string' && value.trim() === '')
      ? fallback
      : Number(value);

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A cron expression (trimmed; unset or empty means `fallback`). */
const toCron =
  (fallback: string) =>
  ({ value }: { value: unknown }): unknown =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;

/** A cron expression that the scheduler can use (5 fields, or 6 with seconds; UTC). */
function IsCronExpression(): PropertyDecorator {
  return ValidateBy({
    name: 'isCronExpression',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && cronExpressionProblem(value) === null,
      defaultMessage: (args) =>
        `${args?.property} must be a cron expression such as "0 * * * *" ` +
        `(${typeof args?.value === 'string' ? cronExpressionProblem(args.value) : 'not a string'})`,
    },
  });
}

export const DEFAULT_FRESHNESS_CRON = '0 * * * *';
export const DEFAULT_TIMELINESS_CRON = '*/15 * * * *';
export const DEFAULT_QUEUE_MONITOR_CRON = '*/5 * * * *';
export const DEFAULT_LOG_CLEANUP_CRON = '0 3 * * *';
/** The API's lower bound for retention_days; the scheduled cleanup keeps to it too. */
export const MIN_RETENTION_DAYS = 90;

const trimmedOrUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? emptyToUndefined({ value: value.trim() }) : value;

/** http(s) URLs with a host; IP addresses and single-label hosts (localhost, a service name) too. */
const HTTP_URL = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  allow_underscores: true,
};

/** Never printed, not even in a validation error: they carry credentials (Slack's URL does). */
export const SECRET_ENV_VARS: ReadonlySet<string> = new Set([
  'WATCHER_SLACK_WEBHOOK_URL',
  'WATCHER_ALERT_WEBHOOK_URL',
  'WATCHER_ALERT_WEBHOOK_SECRET',
]);

/** Plain digits become a number; anything else stays as it is (and fails IsInt). */
const toIntOr =
  (fallback: number) =>
  ({ value }: { value: unknown }): unknown => {
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      return fallback;
    }
    return typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : value;
  };

/** Every environment variable Watcher reads, with its default. Mirrored in .env.example. */
export class EnvVars {
  @IsInt()
  @Min(0)
  @Max(65535)
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 3000 : Number(value)))
  PORT = 3000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must start with postgres:// or postgresql://',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  @IsString()
  @Transform(({ value }: { value: unknown }) => emptyToUndefined({ value }) ?? './.watcher-data')
  WATCHER_DATA_DIR = './.watcher-data';

  @IsIn(WATCHER_ROLES, { message: `WATCHER_ROLE must be one of ${WATCHER_ROLES.join(', ')}` })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : 'all',
  )
  WATCHER_ROLE: WatcherRole = 'all';

  @IsBoolean({ message: 'WATCHER_MIGRATE must be true or false' })
  @Transform(({ value }: { value: unknown }) => (value === undefined ? true : toBoolean({ value })))
  WATCHER_MIGRATE = true;

  @IsBoolean({ message: 'WATCHER_SCHEDULER must be true or false' })
  @Transform(({ value }: { value: unknown }) => (value === undefined ? true : toBoolean({ value })))
  WATCHER_SCHEDULER = true;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]+$/, {
    message: 'WATCHER_QUEUE_PREFIX may only contain letters, digits, _ and -',
  })
  @Transform(({ value }: { value: unknown }) => emptyToUndefined({ value }) ?? 'watcher')
  WATCHER_QUEUE_PREFIX = 'watcher';

  @IsInt({ message: 'WATCHER_WORKER_CONCURRENCY must be an integer (jobs per queue at once)' })
  @Min(1)
  @Max(64)
  @Transform(({ value }: { value: unknown }) =>
    emptyToUndefined({ value }) === undefined ? 16 : Number(value),
  )
  WATCHER_WORKER_CONCURRENCY = 16;

  @IsInt({ message: 'WATCHER_PGLITE_LEASE_TIMEOUT_MS must be an integer (milliseconds, 0 = none)' })
  @Min(0)
  @Transform(({ value }: { value: unknown }) =>
    emptyToUndefined({ value }) === undefined ? 30_000 : Number(value),
  )
  WATCHER_PGLITE_LEASE_TIMEOUT_MS = 30_000;

  @IsCronExpression()
  @Transform(toCron(DEFAULT_FRESHNESS_CRON))
  WATCHER_FRESHNESS_CRON = DEFAULT_FRESHNESS_CRON;

  @IsCronExpression()
  @Transform(toCron(DEFAULT_TIMELINESS_CRON))
  WATCHER_TIMELINESS_CRON = DEFAULT_TIMELINESS_CRON;

  @IsInt({ message: 'WATCHER_TIMELINESS_LOOKBACK_MINUTES must be an integer (minutes)' })
  @Min(5)
  @Max(525_600)
  @Transform(toIntOr(60))
  WATCHER_TIMELINESS_LOOKBACK_MINUTES = 60;

  @IsCronExpression()
  @Transform(toCron(DEFAULT_QUEUE_MONITOR_CRON))
  WATCHER_QUEUE_MONITOR_CRON = DEFAULT_QUEUE_MONITOR_CRON;

  @IsInt({ message: 'WATCHER_QUEUE_WARNING_THRESHOLD must be an integer (pending jobs)' })
  @Min(1)
  @Transform(toIntOr(50))
  WATCHER_QUEUE_WARNING_THRESHOLD = 50;

  @IsInt({ message: 'WATCHER_QUEUE_CRITICAL_THRESHOLD must be an integer (pending jobs)' })
  @Min(1)
  @ValidateBy({
    name: 'isAtLeastWarning',
    validator: {
      validate: (value: unknown, args) =>
        typeof value === 'number' &&
        value >= (args?.object as EnvVars).WATCHER_QUEUE_WARNING_THRESHOLD,
      defaultMessage: () =>
        'WATCHER_QUEUE_CRITICAL_THRESHOLD must not be below WATCHER_QUEUE_WARNING_THRESHOLD',
    },
  })
  @Transform(toIntOr(100))
  WATCHER_QUEUE_CRITICAL_THRESHOLD = 100;

  @IsCronExpression()
  @Transform(toCron(DEFAULT_LOG_CLEANUP_CRON))
  WATCHER_LOG_CLEANUP_CRON = DEFAULT_LOG_CLEANUP_CRON;

  @IsInt({ message: 'WATCHER_RETENTION_DAYS must be an integer (days; 0 = no scheduled cleanup)' })
  @ValidateIf((env: EnvVars) => env.WATCHER_RETENTION_DAYS !== 0)
  @Min(MIN_RETENTION_DAYS, {
    message: `WATCHER_RETENTION_DAYS must be 0 (off) or at least ${MIN_RETENTION_DAYS}`,
  })
  @Max(36_500)
  @Transform(toIntOr(365))
  WATCHER_RETENTION_DAYS = 365;
  /** Slack incoming webhook for alerts (unset: no Slack channel). */
  @IsOptional()
  @Transform(trimmedOrUndefined)
  @IsUrl(HTTP_URL, { message: 'WATCHER_SLACK_WEBHOOK_URL must be an http(s) URL' })
  WATCHER_SLACK_WEBHOOK_URL?: string;

  /** Generic JSON webhook for alerts (unset: no webhook channel). */
  @IsOptional()
  @Transform(trimmedOrUndefined)
  @IsUrl(HTTP_URL, { message: 'WATCHER_ALERT_WEBHOOK_URL must be an http(s) URL' })
  WATCHER_ALERT_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key of the webhook's X-Watcher-Signature header (unset: unsigned). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WATCHER_ALERT_WEBHOOK_SECRET?: string;

  /** Where users reach this Watcher (links in alert messages); unset: no links. */
  @IsOptional()
  @Transform(trimmedOrUndefined)
  @IsUrl(HTTP_URL, { message: 'WATCHER_PUBLIC_URL must be an http(s) URL' })
  WATCHER_PUBLIC_URL?: string;

  /** First retry delay of an alert delivery; doubled on each of the (up to 5) retries. */
  @IsInt({ message: 'WATCHER_ALERT_RETRY_BASE_MS must be an integer (milliseconds)' })
  @Min(1)
  @Max(3_600_000)
  @Transform(({ value }: { value: unknown }) =>
    emptyToUndefined({ value }) === undefined ? 2000 : Number(value),
  )
  WATCHER_ALERT_RETRY_BASE_MS = 2000;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : 'log',
  )
  LOG_LEVEL: LogLevel = 'log';

  @IsInt({ message: 'HTTP_HEADERS_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  @Transform(toIntOr(10_000))
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @IsInt({ message: 'HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  @Transform(toIntOr(30_000))
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @IsInt({ message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  @Transform(toIntOr(5_000))
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  @IsInt({ message: 'HTTP_MAX_CONNECTIONS must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  @Transform(toIntOr(1_000))
  HTTP_MAX_CONNECTIONS = 1_000;

  @IsBoolean({ message: 'WATCHER_DOCS must be true or false' })
  @Transform(({ value }: { value: unknown }) => (value === undefined ? true : toBoolean({ value })))
  WATCHER_DOCS = true;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'WATCHER_COMMIT must be 1-64 letters, digits, ".", "_" or "-" (a commit id)',
  })
  WATCHER_COMMIT?: string;
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : 'text',
  )
  LOG_FORMAT: LogFormat = 'text';

  @IsInt({ message: 'DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Transform(toMilliseconds(5000))
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  @IsInt({ message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Transform(toMilliseconds(30_000))
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  @IsInt({ message: 'DATABASE_STARTUP_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0)
  @Transform(toMilliseconds(30_000))
  DATABASE_STARTUP_TIMEOUT_MS = 30_000;

  @IsBoolean({ message: 'DATABASE_PREPARED_STATEMENTS must be true or false' })
  @Transform(({ value }: { value: unknown }) => (value === undefined ? true : toBoolean({ value })))
  DATABASE_PREPARED_STATEMENTS = true;
}

export class InvalidEnvironmentError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Validates process.env at boot; throws one error listing every bad variable. */
export const ENV_VAR_NAMES = [
  'PORT',
  'DATABASE_URL',
  'REDIS_URL',
  'WATCHER_DATA_DIR',
  'WATCHER_ROLE',
  'WATCHER_MIGRATE',
  'WATCHER_SCHEDULER',
  'WATCHER_QUEUE_PREFIX',
  'WATCHER_WORKER_CONCURRENCY',
  'WATCHER_PGLITE_LEASE_TIMEOUT_MS',
  'WATCHER_FRESHNESS_CRON',
  'WATCHER_TIMELINESS_CRON',
  'WATCHER_TIMELINESS_LOOKBACK_MINUTES',
  'WATCHER_QUEUE_MONITOR_CRON',
  'WATCHER_QUEUE_WARNING_THRESHOLD',
  'WATCHER_QUEUE_CRITICAL_THRESHOLD',
  'WATCHER_LOG_CLEANUP_CRON',
  'WATCHER_RETENTION_DAYS',
  'WATCHER_SLACK_WEBHOOK_URL',
  'WATCHER_ALERT_WEBHOOK_URL',
  'WATCHER_ALERT_WEBHOOK_SECRET',
  'WATCHER_PUBLIC_URL',
  'WATCHER_ALERT_RETRY_BASE_MS',
  'LOG_LEVEL',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'HTTP_MAX_CONNECTIONS',
  'WATCHER_DOCS',
  'WATCHER_COMMIT',
  'LOG_FORMAT',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_STARTUP_TIMEOUT_MS',
  'DATABASE_PREPARED_STATEMENTS',
] as const;

export function validateEnv(source: Record<string, unknown>): EnvVars {
  const raw: Record<string, unknown> = {};
  for (const name of ENV_VAR_NAMES) {
    if (source[name] !== undefined) {
      raw[name] = source[name];
    }
  }
  const env = plainToInstance(EnvVars, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).reverse();
    const shown = SECRET_ENV_VARS.has(error.property)
      ? '<redacted>'
      : JSON.stringify(raw[error.property]);
    return `${error.property}=${shown}: ${messages.join('; ')}`;
  });
  if (errors.length === 0 && env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS=${env.HTTP_HEADERS_TIMEOUT_MS}: must not exceed ` +
        `HTTP_REQUEST_TIMEOUT_MS=${env.HTTP_REQUEST_TIMEOUT_MS} (the whole request includes its headers)`,
    );
  }
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(problems);
  }
  return env;
}

/**
 * Whether an error means "the database cannot be reached or did not answer in time" (answered
 * 503 DATABASE_UNAVAILABLE with Retry-After) as opposed to a bug or bad input (500 / 4xx).
 * Pure: looks at the error, the driver error TypeORM wraps (`driverError`) and `cause`.
 */

/** Seconds a client should wait before retrying (the Retry-After header). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket and DNS errors of a connection that cannot be made or was lost. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unavailable or overloaded server. Class 08 (connection exception) is matched
 * as a class. 57014 is a cancelled statement: with `statement_timeout` set, a statement that ran
 * out of time.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '57P05', // idle_session_timeout
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
  '53000', // insufficient_resources
  '58000', // system_error
  '58030', // io_error
]);

/** Messages of pg, pg-pool and TypeORM for lost connections and timeouts (no code attached). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i, // 'Connection terminated unexpectedly', '... due to connection timeout'
  /timeout exceeded when trying to connect/i, // pg-pool: no free connection in time
  /^timeout expired$/i,
  /^Query read timeout$/i, // pg query_timeout (src/database/pg-pool-options.util.ts)
  /Connection destroyed after a query timeout/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /^Cannot use a pool after calling end on the pool$/i,
  /^the database system is (starting up|shutting down|in recovery mode)/i,
  /^terminating connection due to administrator command/i,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function isUnavailableCode(code: unknown): boolean {
  if (typeof code !== 'string') {
    return false;
  }
  return (
    NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)
  );
}

function isUnavailableMessage(message: unknown): boolean {
  return (
    typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))
  );
}

/** True when `error` (or what it wraps) says the database is unreachable or timed out. */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) {
    return false;
  }
  const candidate = error as ErrorLike;
  if ((error as { name?: unknown }).name === 'PgliteLeaseTimeoutError') {
    return true; // The embedded session stayed busy past WATCHER_PGLITE_LEASE_TIMEOUT_MS.
  }
  if (isUnavailableCode(candidate.code) || isUnavailableMessage(candidate.message)) {
    return true;
  }
  // ECONNREFUSED on a host with several addresses arrives as an AggregateError.
  if (
    Array.isArray(candidate.errors) &&
    candidate.errors.some((inner) => isDatabaseUnavailableError(inner, depth + 1))
  ) {
    return true;
  }
  return (
    isDatabaseUnavailableError(candidate.driverError, depth + 1) ||
    isDatabaseUnavailableError(candidate.cause, depth + 1)
  );
}

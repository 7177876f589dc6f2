import type { Socket } from 'node:net';
import pg from 'pg';

/**
 * Timeouts for the PostgreSQL pool, so that no request waits unboundedly on the database:
 * - `connectionTimeoutMillis`: a new connection, and the wait for a free pooled one;
 * - `statement_timeout`: the server cancels a statement that runs too long (SQLSTATE 57014);
 * - `query_timeout`: the client gives up on a server that does not answer at all (frozen, or a
 *   network partition), shortly after the statement timeout;
 * - `idle_in_transaction_session_timeout`: the server ends a session left idle inside a
 *   transaction (its locks are released);
 * - TCP keep-alive, so a dead peer is noticed on idle connections.
 */
export interface PgTimeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** How much later than the server's statement_timeout the client stops waiting. */
export const QUERY_TIMEOUT_MARGIN_MS = 500;
/** The message of the error pg raises when query_timeout fires. */
export const QUERY_READ_TIMEOUT_MESSAGE = 'Query read timeout';

export function isQueryReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === QUERY_READ_TIMEOUT_MESSAGE;
}

type QueryFunction = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * pg keeps using a connection whose query timed out on the client side: the next query on it
 * queues behind the unanswered one (a ROLLBACK after the failure, or the next request once the
 * connection is back in the pool) and times out again. This client destroys its socket instead,
 * so every query queued on it fails at once and the pool drops it.
 */
export class TimeoutSafePgClient extends pg.Client {
  destroyAfterTimeout(): void {
    const { connection } = this as unknown as { connection?: { stream?: Socket } };
    connection?.stream?.destroy(new Error('Connection destroyed after a query timeout'));
  }
}

const baseQuery = Reflect.get(pg.Client.prototype, 'query') as QueryFunction;
const timeoutSafeQuery: QueryFunction = function (this: pg.Client, ...args: unknown[]) {
  const client = this as TimeoutSafePgClient;
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    const callback = last as (error: unknown, result?: unknown) => void;
    args[args.length - 1] = (error: unknown, result?: unknown) => {
      if (isQueryReadTimeout(error)) {
        client.destroyAfterTimeout();
      }
      callback(error, result);
    };
  }
  const result = baseQuery.apply(this, args);
  if (result instanceof Promise) {
    result.catch((error: unknown) => {
      if (isQueryReadTimeout(error)) {
        client.destroyAfterTimeout();
      }
    });
  }
  return result;
};
Object.defineProperty(TimeoutSafePgClient.prototype, 'query', {
  value: timeoutSafeQuery,
  writable: true,
  configurable: true,
});

/** `extra` for TypeORM's postgres driver (passed on to `new pg.Pool(...)`). */
export function pgPoolOptions(timeouts: PgTimeouts): Record<string, unknown> {
  return {
    application_name: 'watcher',
    Client: TimeoutSafePgClient,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
    idle_in_transaction_session_timeout: timeouts.statementTimeoutMs,
    keepAlive: true,
  };
}

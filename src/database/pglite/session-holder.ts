import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks the async context of a code path that holds the single embedded-database session (the
 * body of a transaction). A new lease requested from inside it can never be granted — the holder
 * is the one waiting — so the PGlite pool fails it at once instead of hanging.
 */
export interface SessionHolderMark {
  isOpen: boolean;
  /** Where the holder started its transaction (a stack excerpt), for the error message. */
  acquiredAt: string;
}

export const sessionHolderContext = new AsyncLocalStorage<SessionHolderMark>();

/** Runs `fn` outside any holder's context (jobs started from inside a request's transaction). */
export function runOutsideSessionHolder<T>(fn: () => T): T {
  return sessionHolderContext.exit(fn);
}

export class PgliteSessionDeadlockError extends Error {
  constructor(acquiredAt: string) {
    super(
      'A query was issued outside the current transaction while that transaction holds the only ' +
        'embedded-database (PGlite) session; it would wait for ever. Run it through the ambient ' +
        'transaction (TransactionHost.tx / a repository) instead. The transaction was started at:\n' +
        acquiredAt,
    );
    this.name = 'PgliteSessionDeadlockError';
  }
}

export class PgliteLeaseTimeoutError extends Error {
  constructor(timeoutMs: number, holderAcquiredAt: string) {
    super(
      `Timed out after ${timeoutMs} ms waiting for the embedded-database (PGlite) session ` +
        `(WATCHER_PGLITE_LEASE_TIMEOUT_MS). It is held by a lease acquired at:\n${holderAcquiredAt}`,
    );
    this.name = 'PgliteLeaseTimeoutError';
  }
}

/** The caller's stack without this module's frames, trimmed for log messages. */
export function callerStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = stack
    .split('\n')
    .slice(1)
    .filter((line) => !/database\/pglite\/|node_modules|node:internal/.test(line));
  return frames.slice(0, 6).join('\n') || '(no application frames)';
}

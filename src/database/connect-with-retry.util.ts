import { isDatabaseUnavailableError } from 'src/common/errors/database-unavailable.util';

export interface ConnectRetryOptions {
  /** Where we connect, for messages (a URL without its password). */
  target: string;
  /** Give up once the next attempt would start later than this after the first (0: one try). */
  timeoutMs: number;
  /** One line per failed attempt that will be retried. */
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class DatabaseStartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseStartupError';
  }
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

/** A short reason: the message, the SQLSTATE, or the inner errors of an AggregateError. */
export function describeConnectError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const code = (error as { code?: unknown }).code;
  let message = error.message;
  if (!message && error instanceof AggregateError) {
    message = error.errors.map((inner: unknown) => describeConnectError(inner)).join('; ');
  }
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Runs `connect` until it succeeds, retrying only transient failures (refused, reset, DNS,
 * timeouts, "starting up": see isDatabaseUnavailableError) with a growing delay, for at most
 * `timeoutMs`. A database that does not exist, a wrong password or any other error fails at once.
 * Either way the final error names the database.
 */
export async function connectWithRetry<T>(
  connect: () => Promise<T>,
  options: ConnectRetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const startedAt = now();
  let delayMs = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect();
    } catch (error: unknown) {
      const reason = describeConnectError(error);
      if (!isDatabaseUnavailableError(error)) {
        throw new DatabaseStartupError(`Cannot use the database ${options.target}: ${reason}`, {
          cause: error,
        });
      }
      const elapsedMs = now() - startedAt;
      if (elapsedMs + delayMs > options.timeoutMs) {
        const seconds = (elapsedMs / 1000).toFixed(1);
        throw new DatabaseStartupError(
          `The database ${options.target} is unreachable (${attempt} attempt(s) over ${seconds} s): ${reason}`,
          { cause: error },
        );
      }
      options.log(
        `Database ${options.target} not reachable yet (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})`,
      );
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, MAX_DELAY_MS);
    }
  }
}

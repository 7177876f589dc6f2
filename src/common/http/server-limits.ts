import type { Server } from 'node:http';
import type { EnvVars } from 'src/config/env.schema';

export interface HttpServerLimits {
  /** Time to receive a request's headers (slow-header clients are cut off). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (an endless chunked body is cut off). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused. */
  maxConnections: number;
}

export function httpServerLimitsFrom(env: EnvVars): HttpServerLimits {
  return {
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: env.HTTP_MAX_CONNECTIONS,
  };
}

/**
 * Applies the limits to the HTTP server. Call it before listen(): Node checks the headers and
 * request timeouts on a timer (every 30 s by default) that it starts when the server begins to
 * listen, so the check interval set here (a quarter of the shorter timeout, 50 ms to 1 s) only
 * takes effect then. The timeouts themselves are read per connection.
 */
export function applyHttpServerLimits(server: Server, limits: HttpServerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(1000, Math.max(50, Math.floor(shortest / 4)));
}

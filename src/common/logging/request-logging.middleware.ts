import { Logger, type LogLevel } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from 'src/common/http/request-id.middleware';

const logger = new Logger('HTTP');

/**
 * The calls every orchestrator task makes, several times per task: their successful answers are
 * logged at debug level only (a line each would be most of the log, and a measurable share of the
 * CPU of ingest). Their errors are logged like any other request's.
 */
const INGEST_ROUTES = new Set([
  '/pipeline',
  '/start_pipeline_execution',
  '/end_pipeline_execution',
]);

/**
 * Logs method, path, status, duration and request id of every request (never bodies), at the
 * levels in `enabled` (the app's LOG_LEVEL and above); nothing is built for a disabled level.
 */
export function requestLoggingMiddleware(enabled: readonly LogLevel[]) {
  const isEnabled = new Set(enabled);
  return (request: Request, response: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    response.on('finish', () => {
      const route = request.originalUrl.split('?')[0];
      const status = response.statusCode;
      const isQuiet = status < 400 && request.method === 'POST' && INGEST_ROUTES.has(route);
      const level = status >= 500 ? 'error' : isQuiet ? 'debug' : 'log';
      if (!isEnabled.has(level)) {
        return;
      }
      const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      const line = `${request.method} ${route} ${status} ${elapsedMs.toFixed(1)}ms requestId=${requestIdOf(request)}`;
      logger[level](line);
    });
    next();
  };
}

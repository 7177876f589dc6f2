import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from 'src/common/http/request-id.middleware';

const logger = new Logger('HTTP');

/** Logs method, path, status, duration and request id of every request (never bodies). */
export function requestLoggingMiddleware(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const startedAt = process.hrtime.bigint();
  response.on('finish', () => {
    const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    const route = request.originalUrl.split('?')[0];
    const line = `${request.method} ${route} ${response.statusCode} ${elapsedMs.toFixed(1)}ms requestId=${requestIdOf(request)}`;
    if (response.statusCode >= 500) {
      logger.error(line);
    } else {
      logger.log(line);
    }
  });
  next();
}

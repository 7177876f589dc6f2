import type { NextFunction, Request, Response } from 'express';
import { sendError } from 'src/common/errors/error-response.util';

/** What a `worker`-role process answers over HTTP: probes and status, nothing else. */
const WORKER_PATHS = /^\/(health(\/ready)?|version|metrics)?\/?$/;

/**
 * In the `worker` role the API is not served (the `api` replicas serve it): any other path is a
 * 404 that says why, so a load balancer pointed at a worker by mistake is easy to spot.
 */
export function workerRoutesMiddleware(request: Request, response: Response, next: NextFunction) {
  if (WORKER_PATHS.test(request.path)) {
    next();
    return;
  }
  sendError(
    request,
    response,
    404,
    'NOT_SERVED_BY_WORKER',
    'This Watcher process runs in the worker role (WATCHER_ROLE=worker): it serves only /, ' +
      '/health, /health/ready, /version and /metrics. Send API requests to an api or all replica.',
  );
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs middlewares one after the other as ONE Express middleware, as Express would run them in
 * sequence: `next()` goes on to the following one, `next(error)` (or a synchronous throw) skips
 * the rest and hands the error to Express. The router then matches one layer per request instead
 * of one per middleware (its per-layer work was ~3 % of the CPU and ~12 % of the allocations of
 * ingest; see bench/README.md). For app-wide middlewares mounted at `/` only.
 */
export function composeMiddleware(handlers: readonly RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, done: NextFunction): void => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined && error !== null && error !== 'route') {
        done(error);
        return;
      }
      const handler = handlers[index];
      index += 1;
      if (handler === undefined) {
        done();
        return;
      }
      try {
        void handler(request, response, next);
      } catch (thrown: unknown) {
        done(thrown);
      }
    };
    next();
  };
}

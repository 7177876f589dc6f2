import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { composeMiddleware } from 'src/common/http/compose-middleware.util';

describe('composeMiddleware', () => {
  const request = {} as Request;
  const response = {} as Response;

  function run(handlers: RequestHandler[]): { calls: string[]; outcome: unknown[] } {
    const calls: string[] = [];
    const outcome: unknown[] = [];
    const tracked = handlers.map((handler, index): RequestHandler => (req, res, next) => {
      calls.push(`h${index}`);
      return handler(req, res, next);
    });
    composeMiddleware(tracked)(request, response, ((error?: unknown) => {
      outcome.push(error);
    }) as NextFunction);
    return { calls, outcome };
  }

  const passes: RequestHandler = (_req, _res, next) => next();

  it('should run every middleware in order, then go on', () => {
    expect(run([passes, passes, passes])).toEqual({
      calls: ['h0', 'h1', 'h2'],
      outcome: [undefined],
    });
  });

  it('should stop where a middleware answers without calling next', () => {
    const answers: RequestHandler = () => undefined;
    expect(run([passes, answers, passes])).toEqual({ calls: ['h0', 'h1'], outcome: [] });
  });

  it('should hand an error passed to next, or thrown, to Express and skip the rest', () => {
    const failure = new Error('bad');
    const fails: RequestHandler = (_req, _res, next) => next(failure);
    const throws: RequestHandler = () => {
      throw failure;
    };
    expect(run([passes, fails, passes])).toEqual({ calls: ['h0', 'h1'], outcome: [failure] });
    expect(run([throws, passes])).toEqual({ calls: ['h0'], outcome: [failure] });
  });

  it('should go on after an asynchronous next', async () => {
    let resume: () => void = () => undefined;
    const waits: RequestHandler = (_req, _res, next) => {
      resume = () => next();
    };
    const result = run([waits, passes]);
    expect(result.calls).toEqual(['h0']);
    await Promise.resolve();
    resume();
    expect(result).toEqual({ calls: ['h0', 'h1'], outcome: [undefined] });
  });
});

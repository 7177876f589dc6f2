import type { ArgumentsHost, ExceptionFilter, PipeTransform, Type } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { stringifyJsonLossless } from 'src/common/http/lossless-json.util';

/** What a direct route answers: a status and a JSON body (none: an empty answer, e.g. 204). */
export interface DirectAnswer {
  status: number;
  body?: unknown;
}

export interface DirectRoute<D extends object> {
  path: string;
  /** The route's body DTO: validated by the app's global validation pipe, as in Nest. */
  dto: Type<D>;
  /** One service call, as a controller handler would make. */
  handle(dto: D, request: Request): Promise<DirectAnswer>;
}

/**
 * Serves POST routes straight from Express, ahead of Nest's router: the body goes through the
 * same validation pipe, the handler calls the same service, and errors go through the same
 * exception filter, so the answers are the Nest controller's (whose decorators stay the route's
 * Swagger documentation). What is skipped is Nest's per-request machinery — guards,
 * interceptors and their observables, parameter resolution — which cost 0.28 of 0.65 ms of CPU
 * per request on the ingest calls (measured on this route set; see bench/README.md). Only for
 * the few calls every orchestrator task makes; everything else stays a plain Nest route.
 */
export function directPostRoutes(
  routes: ReadonlyArray<DirectRoute<object>>,
  pipe: PipeTransform,
  filter: ExceptionFilter,
): RequestHandler {
  // Exact paths only: any other spelling Express would accept (`/Pipeline`, `/pipeline/`) goes on
  // to the Nest controller, which answers the same.
  const byPath = new Map(routes.map((route) => [route.path, route]));
  return (request: Request, response: Response, next: NextFunction): void => {
    const route = request.method === 'POST' ? byPath.get(request.path) : undefined;
    if (route === undefined) {
      next();
      return;
    }
    answer(route, request, response).catch((error: unknown) => {
      filter.catch(error, httpHost(request, response, next));
    });
  };

  async function answer(
    route: DirectRoute<object>,
    request: Request,
    response: Response,
  ): Promise<void> {
    const dto = (await pipe.transform(request.body, {
      type: 'body',
      metatype: route.dto,
    })) as object;
    const { status, body } = await route.handle(dto, request);
    writeAnswer(response, status, body);
  }
}

/**
 * What res.json / res.send would write for a POST, without their per-response work (a SHA-1 ETag
 * of every body — meaningless on a POST answer — content negotiation, charset juggling): the
 * status, the JSON with bigints as numbers, its type and length; no body for a 204.
 */
function writeAnswer(response: Response, status: number, body: unknown): void {
  response.statusCode = status;
  if (body === undefined) {
    response.end();
    return;
  }
  const json = stringifyJsonLossless(body);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(json));
  response.end(json);
}

/** The ArgumentsHost an exception filter reads (HTTP only). */
function httpHost(request: Request, response: Response, next: NextFunction): ArgumentsHost {
  const args = [request, response, next];
  const http = {
    getRequest: <T>() => request as T,
    getResponse: <T>() => response as T,
    getNext: <T>() => next as T,
  };
  return {
    getArgs: <T extends unknown[]>() => args as T,
    getArgByIndex: <T>(index: number) => args[index] as T,
    getType: <T extends string>() => 'http' as T,
    switchToHttp: () => http,
    switchToRpc: () => {
      throw new Error('Not an RPC context');
    },
    switchToWs: () => {
      throw new Error('Not a WebSocket context');
    },
  };
}

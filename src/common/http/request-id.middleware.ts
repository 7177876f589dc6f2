import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HiddenProperty } from 'src/common/util/hidden-property.util';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIds = new HiddenProperty<string>('watcher.requestId');

/** Accepts a caller's X-Request-Id when it is sane, otherwise makes one; echoes it back. */
export function requestIdMiddleware(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const incoming = request.header(REQUEST_ID_HEADER);
  const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  requestIds.set(request, requestId);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  next();
}

export function requestIdOf(request: Request): string {
  return requestIds.get(request) ?? 'unknown';
}

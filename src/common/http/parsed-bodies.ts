import type { Request, Response } from 'express';
import { HiddenProperty } from 'src/common/util/hidden-property.util';

export interface BodyOwner {
  request: Request;
  response: Response;
}

const owners = new HiddenProperty<BodyOwner>('watcher.bodyOwner');

/** Records which exchange a parsed JSON body belongs to (the validation pipe looks it up). */
export function rememberBody(body: unknown, request: Request, response: Response): void {
  if (typeof body === 'object' && body !== null) {
    owners.set(body, { request, response });
  }
}

/** The request and response of a body parsed by jsonBodyMiddleware, if this is one. */
export function ownerOfBody(body: unknown): BodyOwner | undefined {
  return typeof body === 'object' && body !== null ? owners.get(body) : undefined;
}

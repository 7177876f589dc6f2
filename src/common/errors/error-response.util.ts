import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { ErrorDetail } from 'src/common/errors/app-error';
import { requestIdOf } from 'src/common/http/request-id.middleware';
import type { Request } from 'express';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: ErrorDetail[] | null;
  requestId: string;
}

export function buildErrorBody(
  request: Request,
  statusCode: number,
  code: string,
  message: string,
  details: ErrorDetail[] | null = null,
): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    code,
    message,
    details,
    requestId: requestIdOf(request),
  };
}

export function sendError(
  request: Request,
  response: Response,
  statusCode: number,
  code: string,
  message: string,
  details: ErrorDetail[] | null = null,
): void {
  response.status(statusCode).json(buildErrorBody(request, statusCode, code, message, details));
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, type ErrorDetail } from 'src/common/errors/app-error';
import { sendError } from 'src/common/errors/error-response.util';

interface MappedError {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[] | null;
}

interface PgDriverError {
  code?: string;
  detail?: string;
  constraint?: string;
}

const PG_ERRORS: Record<string, { status: number; code: string }> = {
  '23505': { status: 409, code: 'CONFLICT' },
  '23503': { status: 409, code: 'REFERENCE_CONFLICT' },
  '22003': { status: 422, code: 'VALUE_OUT_OF_RANGE' },
  '22P02': { status: 422, code: 'INVALID_VALUE' },
  '22001': { status: 422, code: 'VALUE_TOO_LONG' },
  '23514': { status: 422, code: 'CHECK_VIOLATION' },
  // statement_timeout (e.g. the lineage-graph read): the database did not answer in time.
  '57014': { status: 503, code: 'QUERY_TIMEOUT' },
};

function mapHttpException(exception: HttpException): MappedError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const raw =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : exception.message;
  const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
  const code = status === 404 ? 'NOT_FOUND' : `HTTP_${status}`;
  return { status, code, message, details: null };
}

function mapQueryFailed(exception: QueryFailedError<Error>): MappedError | null {
  const driverError = exception.driverError as PgDriverError | undefined;
  const mapping = driverError?.code ? PG_ERRORS[driverError.code] : undefined;
  if (!mapping) {
    return null;
  }
  const message = driverError?.detail ?? exception.message;
  return { ...mapping, message, details: null };
}

function isFailedHealthCheck(exception: unknown): exception is ServiceUnavailableException {
  if (!(exception instanceof ServiceUnavailableException)) {
    return false;
  }
  const body = exception.getResponse();
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}

/** Maps every error to the one ErrorResponse shape; unexpected errors become a generic 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    if (isFailedHealthCheck(exception)) {
      // Readiness keeps terminus' own body ({status, info, error, details}) with its 503.
      response.status(503).json(exception.getResponse());
      return;
    }
    const mapped = this.map(exception);
    if (mapped.status >= 500) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${request.method} ${request.originalUrl} failed: ${stack}`);
    }
    if (response.headersSent) {
      return;
    }
    sendError(request, response, mapped.status, mapped.code, mapped.message, mapped.details);
  }

  private map(exception: unknown): MappedError {
    if (exception instanceof AppError) {
      const { httpStatus: status, code, message, details } = exception;
      return { status, code, message, details };
    }
    if (exception instanceof HttpException) {
      return mapHttpException(exception);
    }
    if (exception instanceof QueryFailedError) {
      const mapped = mapQueryFailed(exception as QueryFailedError<Error>);
      if (mapped) {
        return mapped;
      }
    }
    return {
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      details: null,
    };
  }
}

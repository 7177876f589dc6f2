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
import { errorForConstraint } from 'src/common/errors/constraint-errors';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailableError,
} from 'src/common/errors/database-unavailable.util';
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

interface PgErrorMapping {
  status: number;
  code: string;
  /** Our own words: PostgreSQL's message and detail quote the values sent, and are never shown. */
  message: string;
}

/** SQLSTATEs that mean "bad client input": a safety net behind validation, never a 500. */
const PG_ERRORS: Record<string, PgErrorMapping> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'A row with the same unique value exists' },
  '23503': {
    status: 409,
    code: 'REFERENCE_CONFLICT',
    message: 'A referenced row does not exist or is still referenced',
  },
  '22003': { status: 422, code: 'VALUE_OUT_OF_RANGE', message: 'A number is out of range' },
  '22P02': { status: 422, code: 'INVALID_VALUE', message: 'A value has the wrong format' },
  '22001': { status: 422, code: 'VALUE_TOO_LONG', message: 'A value is too long' },
  '23514': { status: 422, code: 'CHECK_VIOLATION', message: 'A value breaks a rule of the data' },
  '22021': {
    status: 422,
    code: 'UNSUPPORTED_CHARACTER',
    message: 'A value holds a character that cannot be stored (such as NUL)',
  },
  '22P05': {
    status: 422,
    code: 'UNSUPPORTED_CHARACTER',
    message: 'A value holds a character that cannot be stored (such as \\u0000)',
  },
  '54001': { status: 422, code: 'VALUE_TOO_COMPLEX', message: 'A value is nested too deeply' },
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
  const domainError = errorForConstraint(driverError?.constraint);
  if (domainError) {
    return mapAppError(domainError);
  }
  const mapping = driverError?.code ? PG_ERRORS[driverError.code] : undefined;
  return mapping ? { ...mapping, details: null } : null;
}

function mapAppError({ httpStatus: status, code, message, details }: AppError): MappedError {
  return { status, code, message, details };
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
    if (isDatabaseUnavailableError(exception) && !response.headersSent) {
      // An outage, not a bug: one line (no stack), 503 and when to retry.
      const reason = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn(`${request.method} ${request.originalUrl}: database unavailable: ${reason}`);
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      const message = 'The database is unavailable or did not answer in time; retry later';
      sendError(request, response, 503, 'DATABASE_UNAVAILABLE', message);
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
      return mapAppError(exception);
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

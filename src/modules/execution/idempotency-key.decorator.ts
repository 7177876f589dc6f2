import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationFailedError } from 'src/common/errors/app-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** 1–255 printable ASCII characters (spaces allowed inside, as HTTP trims the ends). */
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * The Idempotency-Key header: undefined when absent, the key when valid; anything else
 * (empty, too long, control or non-ASCII characters) is a 422.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (value.length >= 1 && value.length <= IDEMPOTENCY_KEY_MAX_LENGTH && PRINTABLE.test(value)) {
    return value;
  }
  throw new ValidationFailedError([
    {
      field: IDEMPOTENCY_KEY_HEADER,
      messages: [
        `${IDEMPOTENCY_KEY_HEADER} must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters`,
      ],
    },
  ]);
}

/** Injects the validated Idempotency-Key request header (undefined when not sent). */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    parseIdempotencyKey(
      context.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()],
    ),
);

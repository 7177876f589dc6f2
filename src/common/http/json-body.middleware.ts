import express, { type NextFunction, type Request, type Response } from 'express';
import { sendError } from 'src/common/errors/error-response.util';
import { parseJsonLossless, stringifyJsonLossless } from 'src/common/http/lossless-json.util';

export const BODY_LIMIT = '1mb';

const readText = express.text({
  type: ['application/json', 'application/*+json'],
  limit: BODY_LIMIT,
});

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Reads JSON bodies (1 MiB limit) losslessly and answers malformed JSON with 400 BAD_JSON and an
 * oversized body with 413, in the same error shape as every other error.
 */
export function jsonBodyMiddleware(request: Request, response: Response, next: NextFunction): void {
  readText(request, response, (error?: unknown) => {
    if (error) {
      const parserError = error as BodyParserError;
      if (parserError.type === 'entity.too.large') {
        sendError(
          request,
          response,
          413,
          'PAYLOAD_TOO_LARGE',
          `Request body exceeds ${BODY_LIMIT}`,
        );
        return;
      }
      const status = parserError.status && parserError.status < 500 ? parserError.status : 400;
      sendError(request, response, status, 'BAD_REQUEST_BODY', parserError.message ?? 'Bad body');
      return;
    }
    const body: unknown = request.body;
    if (typeof body !== 'string') {
      next();
      return;
    }
    if (body.trim() === '') {
      request.body = undefined;
      next();
      return;
    }
    try {
      request.body = parseJsonLossless(body);
    } catch (parseError) {
      const reason = parseError instanceof Error ? parseError.message : 'unparseable';
      sendError(request, response, 400, 'BAD_JSON', `Request body is not valid JSON: ${reason}`);
      return;
    }
    next();
  });
}

/** Makes res.json() write bigint values as JSON numbers (ids and counts are bigint columns). */
export function losslessJsonResponseMiddleware(
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  response.json = (body: unknown): Response => {
    if (!response.get('Content-Type')) {
      response.type('application/json');
    }
    return response.send(stringifyJsonLossless(body));
  };
  next();
}

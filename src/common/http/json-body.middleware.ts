import express, { type NextFunction, type Request, type Response } from 'express';
import { ValidationFailedError } from 'src/common/errors/app-error';
import { sendError } from 'src/common/errors/error-response.util';
import { rememberBody } from 'src/common/http/parsed-bodies';
import {
  JsonSyntaxError,
  MAX_JSON_DEPTH,
  parseJsonBody,
  stringifyJsonLossless,
} from 'src/common/http/lossless-json.util';

export const BODY_LIMIT = '1mb';

/** Read as JSON: JSON types, text/plain, and bodies sent without a Content-Type. */
const JSON_TYPES = ['application/json', 'application/*+json', 'text/plain'];
const UTF8_CHARSETS = new Set(['utf-8', 'utf8']);

const readRaw = express.raw({ type: () => true, limit: BODY_LIMIT });
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/** Why the Content-Type is refused (415), or null when the body is to be read as JSON. */
function unsupportedTypeReason(request: Request): string | null {
  const header = request.headers['content-type'];
  if (header === undefined || header.trim() === '') {
    return null;
  }
  if (!request.is(JSON_TYPES)) {
    return `Content-Type ${header.split(';')[0].trim()} is not supported: send application/json`;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1]?.toLowerCase();
  if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
    return `charset ${charset} is not supported: send application/json in UTF-8`;
  }
  return null;
}

/**
 * Reads JSON bodies (1 MiB limit) with the rules of lossless-json.util (depth ≤ 64, strict UTF-8,
 * no lone surrogates, exact numbers, prototype-free objects) and answers, in the shared error
 * shape: 415 for a non-JSON Content-Type, 413 for a body over 1 MiB, 400 BAD_ENCODING for bytes
 * that are not UTF-8, 400 JSON_TOO_DEEP, 400 BAD_JSON, and 422 for a NUL character (naming the
 * field).
 */
export function jsonBodyMiddleware(request: Request, response: Response, next: NextFunction): void {
  if (!hasBody(request)) {
    next();
    return;
  }
  const refusal = unsupportedTypeReason(request);
  if (refusal !== null) {
    // Node discards the unread body once the response is sent.
    sendError(request, response, 415, 'UNSUPPORTED_MEDIA_TYPE', refusal);
    return;
  }
  readRaw(request, response, (error?: BodyParserError) => {
    if (error) {
      sendBodyReadError(request, response, error);
      return;
    }
    const raw: unknown = request.body;
    if (!Buffer.isBuffer(raw)) {
      next();
      return;
    }
    parseInto(request, response, raw, next);
  });
}

function sendBodyReadError(request: Request, response: Response, error: BodyParserError): void {
  if (error.type === 'entity.too.large') {
    sendError(request, response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${BODY_LIMIT}`);
    return;
  }
  const status = error.status && error.status < 500 ? error.status : 400;
  sendError(request, response, status, 'BAD_REQUEST_BODY', error.message ?? 'Bad body');
}

function parseInto(request: Request, response: Response, raw: Buffer, next: NextFunction): void {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    sendError(request, response, 400, 'BAD_ENCODING', 'Request body is not valid UTF-8');
    return;
  }
  if (text.trim() === '') {
    request.body = undefined;
    next();
    return;
  }
  try {
    const parsed = parseJsonBody(text, { maxDepth: MAX_JSON_DEPTH });
    if (parsed.nulPath !== null) {
      const field = parsed.nulPath;
      const { code, message, details } = new ValidationFailedError([
        { field, messages: [`${field} must not contain NUL characters (\\u0000)`] },
      ]);
      sendError(request, response, 422, code, message, details);
      return;
    }
    request.body = parsed.value;
    rememberBody(parsed.value, request, response);
  } catch (parseError) {
    if (parseError instanceof JsonSyntaxError) {
      const message =
        parseError.code === 'BAD_JSON'
          ? `Request body is not valid JSON: ${parseError.message}`
          : parseError.message;
      sendError(request, response, 400, parseError.code, message);
      return;
    }
    throw parseError;
  }
  next();
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

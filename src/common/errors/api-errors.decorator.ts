import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from 'src/common/errors/error-response.dto';

interface ErrorExample {
  description: string;
  code: string;
  message: string;
  details?: Array<{ field: string; messages: string[] }>;
}

const ERRORS: Record<number, ErrorExample> = {
  400: {
    description:
      'Malformed JSON (BAD_JSON), nesting over 64 levels (JSON_TOO_DEEP), bytes that ' +
      'are not UTF-8 or lone surrogates (BAD_ENCODING), or a rule of the request was broken',
    code: 'BAD_JSON',
    message: "Request body is not valid JSON: Expected ',' or '}' at position 17",
  },
  404: {
    description: 'A referenced id does not exist',
    code: 'PIPELINE_NOT_FOUND',
    message: 'Pipeline with id 42 not found',
  },
  409: {
    description: 'The name is already taken',
    code: 'PIPELINE_NAME_TAKEN',
    message: 'Another pipeline is already named "daily sales"',
  },
  413: {
    description: 'Request body larger than 1 MiB',
    code: 'PAYLOAD_TOO_LARGE',
    message: 'Request body exceeds 1mb',
  },
  415: {
    description: 'A Content-Type other than JSON (application/json, text/plain or none)',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Content-Type application/xml is not supported: send application/json',
  },
  422: {
    description: 'Validation failed (also NUL or control characters); `details` lists each field',
    code: 'VALIDATION_FAILED',
    message: 'Validation failed: freshness_number: freshness_number must be greater than 0',
    details: [{ field: 'freshness_number', messages: ['freshness_number must be greater than 0'] }],
  },
};

function example(status: number, error: ErrorExample): Record<string, unknown> {
  return {
    statusCode: status,
    error: STATUS_CODES[status],
    code: error.code,
    message: error.message,
    details: error.details ?? null,
    requestId: '5f0c8a56-2f0a-4a47-9d1e-6a8b0f1f2c3d',
  };
}

/** Documents the error responses of an endpoint with the shared ErrorResponse schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([400, 422, ...statuses])].sort();
  return applyDecorators(
    ...all.map((status) => {
      const error = ERRORS[status] ?? { description: 'Error', code: 'ERROR', message: 'Error' };
      return ApiResponse({
        status,
        description: error.description,
        type: ErrorResponse,
        example: example(status, error),
      });
    }),
  );
}

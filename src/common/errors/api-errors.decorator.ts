import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from 'src/common/errors/error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON or a rule of the request was broken',
  404: 'A referenced id does not exist',
  409: 'The name is already taken',
  413: 'Request body larger than 1 MiB',
  422: 'Validation failed; `details` lists each field',
};

/** Documents the error responses of an endpoint with the shared ErrorResponse schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([400, 422, ...statuses])].sort();
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponse }),
    ),
  );
}

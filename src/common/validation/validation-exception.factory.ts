import type { ValidationError } from 'class-validator';
import { type ErrorDetail, ValidationFailedError } from 'src/common/errors/app-error';

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', messages }` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const isIndex = /^\d+$/.test(error.property);
    const field = prefix
      ? isIndex
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const own: ErrorDetail[] = error.constraints
      ? [{ field: field || 'body', messages: Object.values(error.constraints) }]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): ValidationFailedError {
  const details = flattenValidationErrors(errors);
  return new ValidationFailedError(
    details.length > 0 ? details : [{ field: 'body', messages: ['request body is invalid'] }],
  );
}

import { applyDecorators } from '@nestjs/common';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** The largest value of a PostgreSQL bigint: the upper bound of every row count. */
export const MAX_COUNT = 9223372036854775807n;

/**
 * A row count: a JSON integer from 0 to 2^63 - 1. The JSON body parser hands integers beyond
 * 2^53 over as native bigint, so both a safe-integer number and a bigint in range are accepted.
 */
export function isCount(value: unknown): value is number | bigint {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0;
  }
  if (typeof value === 'bigint') {
    return value >= 0n && value <= MAX_COUNT;
  }
  return false;
}

function countMessage({ property, value }: ValidationArguments): string {
  const range = `an integer from 0 to ${MAX_COUNT}`;
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
    return `${property} must be ${range} (got a fraction)`;
  }
  if ((typeof value === 'number' || typeof value === 'bigint') && value < 0) {
    return `${property} must be ${range} (got a negative number)`;
  }
  if (typeof value === 'number' && value <= Number(MAX_COUNT)) {
    return `${property} must be ${range} (write values above 2^53 as plain digits)`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return `${property} must be ${range} (too large)`;
  }
  return `${property} must be ${range} (a JSON number, not ${describe(value)})`;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `a ${typeof value}`;
}

/**
 * Validates a bigint count column: a non-negative integer that fits PostgreSQL's bigint
 * (number or bigint). Strings, fractions, negatives and larger values are rejected.
 * Combine with `ValidateIf` / `IsOptional` for optional counts.
 */
export function IsCount(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isCount',
        validator: {
          validate: (value: unknown) => isCount(value),
          defaultMessage: countMessage,
        },
      },
      options,
    ),
  );
}

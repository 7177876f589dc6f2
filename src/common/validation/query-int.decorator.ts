import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** A non-negative integer in a query string: plain digits, no sign, exponent, hex or spaces. */
const QUERY_INTEGER = /^(0|[1-9][0-9]{0,18})$/;

export interface QueryIntOptions {
  min: number;
  max: number;
}

/**
 * An integer query parameter (limit, offset, before_id, a filter id). Only plain digits are
 * read (`1e20`, `0x10`, ` 1`, `1.0` and repeated parameters are 422, never passed on to the
 * database), and the value must lie in [min, max].
 */
export function IsQueryInt({ min, max }: QueryIntOptions): PropertyDecorator {
  const message = `$property must be an integer from ${min} to ${max}, in plain digits`;
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && QUERY_INTEGER.test(value) ? Number(value) : value,
    ),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}

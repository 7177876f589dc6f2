import { type PipeTransform, Injectable } from '@nestjs/common';
import { ValidationFailedError } from 'src/common/errors/app-error';

/** An id as written in a path or a query string: 1 to 19 digits, no sign, no leading zero. */
export const ID_PATTERN = /^[1-9][0-9]{0,18}$/;
const MAX_BIGINT = 9223372036854775807n;

export interface IdParamOptions {
  /** The largest id the column holds (2147483647 for an integer column); default 2^53 - 1. */
  max?: number;
}

/**
 * Parses a positive integer id from a path parameter: exactly `^[1-9][0-9]{0,18}$` (no `0x1`,
 * `1.0`, `+1`, `1e0`, spaces or leading zeros) and at most the column's maximum; anything else
 * is a 422 naming the parameter.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  private readonly max: number;

  constructor(
    private readonly field = 'id',
    options: IdParamOptions = {},
  ) {
    this.max = options.max ?? Number.MAX_SAFE_INTEGER;
  }

  transform(value: string): number {
    if (typeof value !== 'string' || !ID_PATTERN.test(value) || BigInt(value) > MAX_BIGINT) {
      throw new ValidationFailedError([
        {
          field: this.field,
          messages: [`${this.field} must be a positive integer written in plain digits`],
        },
      ]);
    }
    const id = Number(value);
    if (id > this.max) {
      throw new ValidationFailedError([
        { field: this.field, messages: [`${this.field} must not exceed ${this.max}`] },
      ]);
    }
    return id;
  }
}

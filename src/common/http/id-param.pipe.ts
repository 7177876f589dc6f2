import { type PipeTransform, Injectable } from '@nestjs/common';
import { ValidationFailedError } from 'src/common/errors/app-error';

const MAX_BIGINT = 9223372036854775807n;

/** Parses a positive integer id from a path parameter; anything else is a 422. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  constructor(private readonly field = 'id') {}

  transform(value: string): number {
    if (!/^\d{1,19}$/.test(value) || BigInt(value) < 1n || BigInt(value) > MAX_BIGINT) {
      throw new ValidationFailedError([
        { field: this.field, messages: [`${this.field} must be a positive integer`] },
      ]);
    }
    const id = Number(value);
    if (!Number.isSafeInteger(id)) {
      throw new ValidationFailedError([
        { field: this.field, messages: [`${this.field} is beyond the supported id range`] },
      ]);
    }
    return id;
  }
}

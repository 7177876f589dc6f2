import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { parseIsoTimestamp } from 'src/common/util/iso-timestamp.util';

/** An ISO-8601 date-time (or date) turned into a Date; without an offset it means UTC. */
export function IsIsoTimestampQuery(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseIsoTimestamp(value) ?? value) : value,
    ),
    ValidateBy({
      name: 'isIsoTimestamp',
      validator: {
        validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
        defaultMessage: () =>
          '$property must be an ISO-8601 date-time such as 2024-01-01T10:00:00Z ' +
          '(no offset means UTC)',
      },
    }),
  );
}

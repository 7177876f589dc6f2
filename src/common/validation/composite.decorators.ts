import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { parseIsoTimestamp } from 'src/common/util/iso-timestamp.util';

/** Optional and nullable: validators run only when a non-null value was sent. */
export const isPresent = (_object: object, value: unknown): boolean =>
  value !== undefined && value !== null;

/**
 * An ISO-8601 date-time (or date) turned into a Date; without an offset it means UTC.
 * Anything else, including numbers and impossible dates, is a validation failure.
 */
export function IsIsoTimestamp(): PropertyDecorator {
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

/** For an alias of another field: when both are sent (non-null), they must be equal. */
export function MatchesField(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'matchesField',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const otherValue = (args?.object as Record<string, unknown>)[other];
        return otherValue === undefined || otherValue === null || otherValue === value;
      },
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} is an alias of ${other}; send one of them, or the same value in both`,
    },
  });
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { bigintsToNumbers } from 'src/common/http/lossless-json.util';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

export const NAME_MAX_LENGTH = 150;
export const WATERMARK_MAX_LENGTH = 255;
export const INT4_MAX = 2147483647;
export const DATEPARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type Datepart = (typeof DATEPARTS)[number];

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** Identity names (pipelines, types): trimmed, lower-cased, 1–150 characters. */
export function IsEntityName(): PropertyDecorator {
  return applyDecorators(
    Transform(trimLower),
    IsString(),
    Length(1, NAME_MAX_LENGTH, {
      message: `$property must be 1-${NAME_MAX_LENGTH} characters after trimming`,
    }),
  );
}

/** A datepart (minute…year), case-insensitive, returned lower-case. */
export function IsDatepart(): PropertyDecorator {
  return applyDecorators(
    Transform(trimLower),
    IsIn(DATEPARTS, { message: `$property must be one of ${DATEPARTS.join(', ')}` }),
  );
}

/** An integer > 0 that fits a PostgreSQL integer. */
export function IsPositiveInt(): PropertyDecorator {
  return applyDecorators(
    IsInt({ message: '$property must be an integer' }),
    Min(1, { message: '$property must be greater than 0' }),
    Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` }),
  );
}

export function IsStrictBoolean(): PropertyDecorator {
  return IsBoolean({ message: '$property must be true or false' });
}

/**
 * A watermark: string, integer, date or date-time (JSON string or number). Stored and returned as
 * a string, unaltered (numbers keep their JSON spelling).
 */
export function IsWatermark(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint'
        ? String(value)
        : value,
    ),
    IsString({ message: '$property must be a string, a number, a date or a date-time' }),
    Length(0, WATERMARK_MAX_LENGTH, {
      message: `$property must be at most ${WATERMARK_MAX_LENGTH} characters`,
    }),
  );
}

/**
 * Free-form metadata: a JSON object whose numbers are doubles (integers beyond 2^53 that the
 * lossless body parser kept as bigint are turned back into numbers, as any JSON reader would).
 */
export function IsMetadataObject(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => bigintsToNumbers(value)),
    IsJsonObject(),
  );
}

/** A JSON object (not an array, not a scalar). */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonObject',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: () => '$property must be a JSON object',
      },
    },
    options,
  );
}

/** Optional (may be omitted), but when present must not be null. */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

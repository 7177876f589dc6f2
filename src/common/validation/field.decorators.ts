import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { copyJsonValue, jsonNumberSource } from 'src/common/http/lossless-json.util';
import { originalOf, sentJson } from 'src/common/validation/body-view.util';

export const NAME_MAX_LENGTH = 150;
export const WATERMARK_MAX_LENGTH = 255;
export const INT4_MAX = 2147483647;
export const DATEPARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type Datepart = (typeof DATEPARTS)[number];

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** C0 controls (tab and newline included), DEL and C1 controls: never in a name. */
// eslint-disable-next-line no-control-regex
export const NAME_FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** Free text may hold tab and newline, but no other control character. */
// eslint-disable-next-line no-control-regex
export const TEXT_FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const withoutCharacters = (pattern: RegExp): RegExp =>
  new RegExp(`^[^${pattern.source.slice(1, -1)}]*$`);

/** Matches a string with no character of NAME_FORBIDDEN_CHARACTERS. */
export const NAME_WITHOUT_CONTROLS = withoutCharacters(NAME_FORBIDDEN_CHARACTERS);

/** Identity names (pipelines, types): trimmed, lower-cased, 1–150 characters. */
export function IsEntityName(): PropertyDecorator {
  return applyDecorators(
    Transform(trimLower),
    IsString(),
    Length(1, NAME_MAX_LENGTH, {
      message: `$property must be 1-${NAME_MAX_LENGTH} characters after trimming`,
    }),
    Matches(NAME_WITHOUT_CONTROLS, {
      message: '$property must not contain control characters (names appear in alerts and logs)',
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
 * a string, unaltered: a number keeps the exact text it was sent as (`4.0`, `1e2`, `-0`).
 */
export function IsWatermark(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value, obj, key }: { value: unknown; obj: unknown; key: string }) =>
      typeof value === 'number' || typeof value === 'bigint'
        ? (jsonNumberSource(originalOf(obj), key) ?? String(value))
        : value,
    ),
    IsString({ message: '$property must be a string, a number, a date or a date-time' }),
    Length(0, WATERMARK_MAX_LENGTH, {
      message: `$property must be at most ${WATERMARK_MAX_LENGTH} characters`,
    }),
    Matches(withoutCharacters(TEXT_FORBIDDEN_CHARACTERS), {
      message: '$property must not contain control characters other than tab and newline',
    }),
  );
}

/**
 * Free-form metadata: a JSON object kept exactly as sent, every key included (`constructor`,
 * `__proto__`, `toString` …: the copy has no prototype, so they are plain data). Read from the
 * body itself (body-view.util), not from a class-transformer copy. With `keepBigints`
 * false, integers beyond 2^53 become doubles, as any JSON reader would see them.
 */
export function IsMetadataObject(keepBigints = false): PropertyDecorator {
  return applyDecorators(
    Transform(({ obj, key }: { obj: unknown; key: string }) =>
      copyJsonValue(sentJson(obj, key), keepBigints),
    ),
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

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, MaxLength, ValidateBy } from 'class-validator';
import { IsEntityName, NAME_MAX_LENGTH } from 'src/common/validation/field.decorators';

/** The document's limit for database_name, schema_name, table_name and primary_key. */
export const ADDRESS_PART_MAX_LENGTH = 50;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Rejects NUL and other control characters (PostgreSQL cannot store NUL in text). */
export function HasNoControlCharacters(): PropertyDecorator {
  return ValidateBy({
    name: 'hasNoControlCharacters',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value),
      defaultMessage: () => '$property must not contain control characters',
    },
  });
}

/**
 * An address name: trimmed but case kept (paths, buckets and URLs are case-sensitive),
 * 1–150 characters, no control characters.
 */
export function IsAddressName(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    Length(1, NAME_MAX_LENGTH, {
      message: `$property must be 1-${NAME_MAX_LENGTH} characters after trimming`,
    }),
    HasNoControlCharacters(),
  );
}

/** Address type and group names: trimmed, lower-cased, 1–150 characters, no control characters. */
export function IsAddressTypeName(): PropertyDecorator {
  return applyDecorators(IsEntityName(), HasNoControlCharacters());
}

/** database_name, schema_name, table_name, primary_key: trimmed, at most 50 characters. */
export function IsAddressPart(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MaxLength(ADDRESS_PART_MAX_LENGTH, {
      message: `$property must be at most ${ADDRESS_PART_MAX_LENGTH} characters`,
    }),
    HasNoControlCharacters(),
  );
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (depth > 64 || value === null || typeof value !== 'object') {
    return false;
  }
  const entries = Array.isArray(value) ? value : Object.entries(value).flat();
  return entries.some((item: unknown) => containsNul(item, depth + 1));
}

/** JSON that PostgreSQL's jsonb can store: no NUL character in any key or string. */
export function IsStorableJson(): PropertyDecorator {
  return ValidateBy({
    name: 'isStorableJson',
    validator: {
      validate: (value: unknown) => !containsNul(value),
      defaultMessage: () => '$property must not contain NUL characters (\\u0000)',
    },
  });
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { RULE_DIRECTIONS } from 'src/modules/anomaly/anomaly-detection.util';
import { EXECUTION_METRICS } from 'src/modules/execution/execution.service';

/** Limits of the rule settings (DESIGN §5.4) and their defaults. */
export const RULE_LIMITS = {
  zThreshold: { min: 1, max: 10, default: 3 },
  lookbackDays: { min: 1, max: 365, default: 30 },
  minimumExecutions: { min: 5, max: 1000, default: 30 },
  minChangePercent: { min: 0, max: 1000, default: 0 },
} as const;

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** One of the watched execution metrics; case-insensitive, stored lower-case. */
export function IsMetricField(options: { each?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      options.each && Array.isArray(value)
        ? value.map((item) => trimLower({ value: item }))
        : trimLower({ value }),
    ),
    IsIn(EXECUTION_METRICS, {
      each: options.each,
      message: `$property must be one of ${EXECUTION_METRICS.join(', ')}`,
    }),
  );
}

export function IsRuleDirection(): PropertyDecorator {
  return applyDecorators(
    Transform(trimLower),
    IsIn(RULE_DIRECTIONS, { message: `$property must be one of ${RULE_DIRECTIONS.join(', ')}` }),
  );
}

/** A JSON number (not a string) within [min, max]. */
export function IsNumberBetween(min: number, max: number): PropertyDecorator {
  const message = `$property must be a number from ${min} to ${max}`;
  return applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}

/** A JSON integer within [min, max]. */
export function IsIntBetween(min: number, max: number): PropertyDecorator {
  const message = `$property must be an integer from ${min} to ${max}`;
  return applyDecorators(IsInt({ message }), Min(min, { message }), Max(max, { message }));
}

/** A bigint id (executions): a positive integer the API can hand out as a JSON number. */
export function IsBigintId(): PropertyDecorator {
  const message = '$property must be a positive integer';
  return applyDecorators(
    IsInt({ message }),
    Min(1, { message }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property is beyond the supported id range' }),
  );
}

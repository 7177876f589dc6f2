import type { ErrorDetail } from 'src/common/errors/app-error';
import { ValidationFailedError } from 'src/common/errors/app-error';

export interface ThresholdFields {
  freshness_number?: number | null;
  freshness_datepart?: string | null;
  timeliness_number?: number | null;
  timeliness_datepart?: string | null;
}

const PAIRS = [
  ['freshness_number', 'freshness_datepart'],
  ['timeliness_number', 'timeliness_datepart'],
] as const;

/** A check interval needs both its number and its datepart (or neither). */
export function thresholdPairErrors(fields: ThresholdFields): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  for (const [numberKey, datepartKey] of PAIRS) {
    const hasNumber = fields[numberKey] !== undefined && fields[numberKey] !== null;
    const hasDatepart = fields[datepartKey] !== undefined && fields[datepartKey] !== null;
    if (hasNumber && !hasDatepart) {
      errors.push({
        field: datepartKey,
        messages: [`${datepartKey} is required with ${numberKey}`],
      });
    }
    if (hasDatepart && !hasNumber) {
      errors.push({ field: numberKey, messages: [`${numberKey} is required with ${datepartKey}`] });
    }
  }
  return errors;
}

export function assertThresholdPairs(fields: ThresholdFields): void {
  const errors = thresholdPairErrors(fields);
  if (errors.length > 0) {
    throw new ValidationFailedError(errors);
  }
}

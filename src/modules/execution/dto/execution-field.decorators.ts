import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/** A pipeline execution id: a positive integer. */
export function IsExecutionId(): PropertyDecorator {
  const message = '$property must be a positive integer';
  return applyDecorators(
    IsInt({ message }),
    Min(1, { message }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property is beyond the supported id range' }),
  );
}

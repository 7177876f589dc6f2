import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from 'src/common/dto/page.query';

export const EXECUTION_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const DEFAULT_EXECUTION_LIMIT = 100;

/** Keyset paging, newest first: pass the last id of a page as `before_id` for the next one. */
export class ListExecutionsQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_EXECUTION_LIMIT,
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 1, example: 250, description: 'Only executions with id < this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: '$property is beyond the supported id range' })
  before_id?: number;

  @ApiPropertyOptional({
    enum: EXECUTION_STATUSES,
    enumName: 'ExecutionStatus',
    description: 'running: not ended yet; succeeded / failed: ended with that outcome',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsIn(EXECUTION_STATUSES, {
    message: `$property must be one of ${EXECUTION_STATUSES.join(', ')}`,
  })
  status?: ExecutionStatus;
}

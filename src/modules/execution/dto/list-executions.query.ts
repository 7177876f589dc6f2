import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { MAX_PAGE_LIMIT } from 'src/common/dto/page.query';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const EXECUTION_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const DEFAULT_EXECUTION_LIMIT = 100;

/** Keyset paging, newest first: pass the last id of a page as `before_id` for the next one. */
export class ListExecutionsQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_EXECUTION_LIMIT,
    example: 100,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_PAGE_LIMIT })
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 250,
    description: 'Only executions with id < this',
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: Number.MAX_SAFE_INTEGER })
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

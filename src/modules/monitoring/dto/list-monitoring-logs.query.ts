import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from 'src/common/dto/page.query';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { IsIsoTimestampQuery } from 'src/modules/monitoring/dto/monitoring-field.decorators';

export const DEFAULT_LOG_LIMIT = 100;

/** GET /freshness and GET /timeliness: newest first. */
export class ListMonitoringLogsQuery {
  @ApiPropertyOptional({ minimum: 1, example: 1, description: "Only this pipeline's rows" })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` })
  pipeline_id?: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2024-01-01T00:00:00Z',
    description: 'Only rows recorded at or after this instant (ISO-8601; no offset means UTC)',
  })
  @IsOptional()
  @IsIsoTimestampQuery()
  since?: Date;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_LOG_LIMIT,
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(MAX_PAGE_LIMIT, { message: `$property must not exceed ${MAX_PAGE_LIMIT}` })
  limit?: number;
}

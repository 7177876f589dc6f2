import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MAX_PAGE_LIMIT } from 'src/common/dto/page.query';
import { IsIsoTimestamp } from 'src/common/validation/composite.decorators';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const DEFAULT_LOG_LIMIT = 100;

/** GET /freshness and GET /timeliness: newest first. */
export class ListMonitoringLogsQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: "Only this pipeline's rows",
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: INT4_MAX })
  pipeline_id?: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2024-01-01T00:00:00Z',
    description: 'Only rows recorded at or after this instant (ISO-8601; no offset means UTC)',
  })
  @IsOptional()
  @IsIsoTimestamp()
  since?: Date;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_LOG_LIMIT,
    example: 100,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_PAGE_LIMIT })
  limit?: number;
}

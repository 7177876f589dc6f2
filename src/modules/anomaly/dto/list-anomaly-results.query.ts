import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MAX_PAGE_LIMIT } from 'src/common/dto/page.query';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const DEFAULT_RESULT_LIMIT = 100;

export class ListAnomalyResultsQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_RESULT_LIMIT,
    example: 100,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_PAGE_LIMIT })
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 0,
  })
  @IsOptional()
  @IsQueryInt({ min: 0, max: Number.MAX_SAFE_INTEGER })
  offset?: number;
}

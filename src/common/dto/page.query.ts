import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const MAX_PAGE_LIMIT = 10000;

/** Optional paging for list endpoints; without `limit` a list returns every row. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, example: 100 })
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

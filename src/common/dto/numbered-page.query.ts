import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** 1,000,000 pages of 200: beyond any table this serves, and the offset stays a safe integer. */
export const MAX_PAGE = 1_000_000;

/** `page` (1-based) and `page_size` of the dashboard and reporting lists. */
export class NumberedPageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_PAGE })
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    example: 50,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_PAGE_SIZE })
  page_size?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 365;

/** A window of whole days back from now: `days` 1–365, default 30. */
export class DaysQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_DAYS,
    default: DEFAULT_DAYS,
    example: 30,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_DAYS })
  days?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NAME_MAX_LENGTH, NAME_WITHOUT_CONTROLS } from 'src/common/validation/field.decorators';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';
import { NumberedPageQuery } from 'src/common/dto/numbered-page.query';

export { DEFAULT_PAGE_SIZE } from 'src/common/dto/numbered-page.query';

export const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** GET /reporting/daily-pipeline-metrics. */
export class DailyMetricsQuery extends NumberedPageQuery {
  @ApiPropertyOptional({ description: 'Only this pipeline (exact name)', example: 'daily sales' })
  @IsOptional()
  @Transform(trimLower)
  @IsString({ message: '$property must be a single string' })
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NAME_WITHOUT_CONTROLS, { message: '$property must not contain control characters' })
  pipeline_name?: string;

  @ApiPropertyOptional({ description: 'Only pipelines of this type (exact name)', example: 'etl' })
  @IsOptional()
  @Transform(trimLower)
  @IsString({ message: '$property must be a single string' })
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NAME_WITHOUT_CONTROLS, { message: '$property must not contain control characters' })
  pipeline_type_name?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_DAYS,
    default: DEFAULT_DAYS,
    description: 'UTC days back, today included (1 = today only)',
    example: 30,
  })
  @IsOptional()
  @IsQueryInt({ min: 1, max: MAX_DAYS })
  days?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NAME_MAX_LENGTH, NAME_WITHOUT_CONTROLS } from 'src/common/validation/field.decorators';
import { NumberedPageQuery } from 'src/common/dto/numbered-page.query';
import { PIPELINE_STATES, type PipelineState } from 'src/modules/dashboard/dashboard-state.util';

export const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** GET /dashboard/overview. */
export class OverviewQuery extends NumberedPageQuery {
  @ApiPropertyOptional({ description: 'Only pipelines of this type (exact name)', example: 'etl' })
  @IsOptional()
  @Transform(trimLower)
  @IsString({ message: '$property must be a single string' })
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NAME_WITHOUT_CONTROLS, { message: '$property must not contain control characters' })
  pipeline_type_name?: string;

  @ApiPropertyOptional({ enum: PIPELINE_STATES, enumName: 'PipelineState', example: 'failed' })
  @IsOptional()
  @Transform(trimLower)
  @IsIn(PIPELINE_STATES, { message: `$property must be one of ${PIPELINE_STATES.join(', ')}` })
  state?: PipelineState;

  @ApiPropertyOptional({
    description: 'Case-insensitive substring of the pipeline name',
    example: 'sales',
  })
  @IsOptional()
  @Transform(trimLower)
  @IsString({ message: '$property must be a single string' })
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NAME_WITHOUT_CONTROLS, { message: '$property must not contain control characters' })
  search?: string;
}

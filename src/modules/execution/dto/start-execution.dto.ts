import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { IsPositiveInt, IsWatermark } from 'src/common/validation/field.decorators';
import {
  IsIsoTimestamp,
  isPresent,
  MatchesField,
} from 'src/common/validation/composite.decorators';
import { IsExecutionId } from 'src/modules/execution/dto/execution-field.decorators';

const WATERMARK_SCHEMA = {
  oneOf: [{ type: 'string' }, { type: 'integer' }],
  nullable: true,
  description: 'String, integer, date or date-time; stored as a string, unaltered',
};

export class StartExecutionDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsPositiveInt()
  pipeline_id!: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2024-01-01T10:00:00Z',
    description:
      'ISO-8601; a value without an offset means UTC. Defaults to now. hour_recorded and ' +
      'date_recorded are derived from it in UTC.',
  })
  @ValidateIf(isPresent)
  @IsIsoTimestamp()
  start_date?: Date | null;

  @ApiPropertyOptional({ ...WATERMARK_SCHEMA, example: '2024-01-01T00:00:00Z' })
  @ValidateIf(isPresent)
  @IsWatermark()
  watermark?: string | null;

  @ApiPropertyOptional({
    ...WATERMARK_SCHEMA,
    example: '2024-01-01T23:59:59Z',
    description:
      WATERMARK_SCHEMA.description +
      '. On a successful end it becomes the pipeline watermark (else the pipeline next_watermark)',
  })
  @ValidateIf(isPresent)
  @IsWatermark()
  next_watermark?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    example: null,
    description: 'Parent execution id for hierarchical executions',
  })
  @ValidateIf(isPresent)
  @IsExecutionId()
  parent_id?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    deprecated: true,
    description: 'Alias of parent_id accepted for older clients',
  })
  @ValidateIf(isPresent)
  @IsExecutionId()
  @MatchesField('parent_id')
  parent_execution_id?: number | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { IsCount, MAX_COUNT } from 'src/common/validation/count.decorator';
import { IsMetadataObject, IsStrictBoolean } from 'src/common/validation/field.decorators';
import { IsIsoTimestamp, isPresent } from 'src/common/validation/composite.decorators';
import { IsExecutionId } from 'src/modules/execution/dto/execution-field.decorators';

const COUNT_SCHEMA = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  nullable: true,
  description: `0 to ${MAX_COUNT}; omitted = null (ending again replaces the stored value)`,
} as const;

export class EndExecutionDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsExecutionId()
  id!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2024-01-01T10:05:00Z',
    description: 'ISO-8601, must be after start_date; a value without an offset means UTC',
  })
  @IsIsoTimestamp()
  end_date!: Date;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    example: true,
    description:
      'Only true counts as success (advances the pipeline watermark and enqueues anomaly ' +
      'detection). Omitted or null is stored as false: a run that did not report success.',
  })
  @ValidateIf(isPresent)
  @IsStrictBoolean()
  completed_successfully?: boolean | null;

  @ApiPropertyOptional({ ...COUNT_SCHEMA, example: 1000 })
  @ValidateIf(isPresent)
  @IsCount()
  total_rows?: number | bigint | null;

  @ApiPropertyOptional({ ...COUNT_SCHEMA, example: 800 })
  @ValidateIf(isPresent)
  @IsCount()
  inserts?: number | bigint | null;

  @ApiPropertyOptional({ ...COUNT_SCHEMA, example: 200 })
  @ValidateIf(isPresent)
  @IsCount()
  updates?: number | bigint | null;

  @ApiPropertyOptional({ ...COUNT_SCHEMA, example: 0 })
  @ValidateIf(isPresent)
  @IsCount()
  soft_deletes?: number | bigint | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { partition: '2025-01-05' },
  })
  @ValidateIf(isPresent)
  @IsMetadataObject(true)
  execution_metadata?: Record<string, unknown> | null;
}

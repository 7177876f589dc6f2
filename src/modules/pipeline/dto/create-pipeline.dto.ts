import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsEntityName,
  IsMetadataObject,
  IsWatermark,
} from 'src/common/validation/field.decorators';
import { ThresholdFieldsDto } from 'src/modules/pipeline/dto/threshold-fields.dto';

export class CreatePipelineDto extends ThresholdFieldsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'my data pipeline',
    description: 'Trimmed and lower-cased',
  })
  @IsEntityName()
  name!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'extraction',
    description: 'Created if it does not exist',
  })
  @IsEntityName()
  pipeline_type_name!: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    example: '2024-01-02T00:00:00Z',
    description: 'String, integer, date or date-time; stored as a string, unaltered',
  })
  @IsOptional()
  @IsWatermark()
  next_watermark?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { description: 'Daily data extraction pipeline' },
  })
  @IsOptional()
  @IsMetadataObject()
  pipeline_metadata?: Record<string, unknown> | null;
}

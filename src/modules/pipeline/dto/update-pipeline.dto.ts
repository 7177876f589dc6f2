import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  INT4_MAX,
  IsEntityName,
  IsMetadataObject,
  IsOptionalNotNull,
  IsStrictBoolean,
  IsWatermark,
} from 'src/common/validation/field.decorators';
import { MuteFieldsDto } from 'src/modules/pipeline/dto/threshold-fields.dto';

/** Finds the pipeline by `id` (then `name` renames it) or by `name`; only keys present change. */
export class UpdatePipelineDto extends MuteFieldsDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptionalNotNull()
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` })
  id?: number;

  @ApiPropertyOptional({ example: 1, description: 'Alias of `id` (sent by the Python SDK)' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  pipeline_id?: number;

  @ApiPropertyOptional({
    example: 'updated pipeline name',
    description: 'Lookup key, or the new name when id is given',
  })
  @IsOptionalNotNull()
  @IsEntityName()
  name?: string;

  @ApiPropertyOptional({ example: 2 })
  @IsOptionalNotNull()
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` })
  pipeline_type_id?: number;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    nullable: true,
    example: '2024-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsWatermark()
  watermark?: string | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    nullable: true,
    example: '2024-01-02T00:00:00Z',
  })
  @IsOptional()
  @IsWatermark()
  next_watermark?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { environment: 'production' },
  })
  @IsOptional()
  @IsMetadataObject()
  pipeline_metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    example: true,
    description:
      'true to reload lineage: the next POST /address_lineage is stored again. It turns false ' +
      'by itself after the first successful run.',
  })
  @IsOptionalNotNull()
  @IsStrictBoolean()
  load_lineage?: boolean;

  @ApiPropertyOptional({ example: true, description: 'false stops monitoring the pipeline' })
  @IsOptionalNotNull()
  @IsStrictBoolean()
  active?: boolean;
}

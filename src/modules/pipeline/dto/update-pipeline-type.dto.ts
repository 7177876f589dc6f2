import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { INT4_MAX, IsEntityName, IsOptionalNotNull } from 'src/common/validation/field.decorators';
import { MuteFieldsDto } from 'src/modules/pipeline/dto/threshold-fields.dto';

/** Finds the type by `id` (then `name` renames it) or by `name`; only keys present change. */
export class UpdatePipelineTypeDto extends MuteFieldsDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptionalNotNull()
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` })
  id?: number;

  @ApiPropertyOptional({
    example: 'extraction',
    description: 'Lookup key, or the new name when id is given',
  })
  @IsOptionalNotNull()
  @IsEntityName()
  name?: string;
}

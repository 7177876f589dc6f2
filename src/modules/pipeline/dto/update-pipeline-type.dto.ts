import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { IsEntityName, IsOptionalNotNull } from 'src/common/validation/field.decorators';
import { MuteFieldsDto } from 'src/modules/pipeline/dto/threshold-fields.dto';

/** Finds the type by `id` (then `name` renames it) or by `name`; only keys present change. */
export class UpdatePipelineTypeDto extends MuteFieldsDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  id?: number;

  @ApiPropertyOptional({
    example: 'extraction',
    description: 'Lookup key, or the new name when id is given',
  })
  @IsOptionalNotNull()
  @IsEntityName()
  name?: string;
}

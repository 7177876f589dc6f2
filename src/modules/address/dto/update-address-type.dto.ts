import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsAddressTypeName } from 'src/common/validation/address-field.decorators';
import { INT4_MAX, IsOptionalNotNull } from 'src/common/validation/field.decorators';

/** Finds the type by `id` (then `name` renames it) or by `name`; only keys present change. */
export class UpdateAddressTypeDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  id?: number;

  @ApiPropertyOptional({
    example: 'postgres',
    description: 'Lookup key, or the new name when id is given',
  })
  @IsOptionalNotNull()
  @IsAddressTypeName()
  name?: string;

  @ApiPropertyOptional({ example: 'database' })
  @IsOptionalNotNull()
  @IsAddressTypeName()
  group_name?: string;
}

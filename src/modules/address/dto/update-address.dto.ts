import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  IsAddressName,
  IsAddressPart,
  IsStorableJson,
} from 'src/common/validation/address-field.decorators';
import {
  INT4_MAX,
  IsMetadataObject,
  IsOptionalNotNull,
} from 'src/common/validation/field.decorators';

/**
 * Finds the address by `id` (then `name` renames it) or by `name`; only keys present change,
 * and null clears an optional field.
 */
export class UpdateAddressDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  id?: number;

  @ApiPropertyOptional({
    example: 'updated_table_name',
    description: 'Lookup key, or the new name when id is given (case is kept)',
  })
  @IsOptionalNotNull()
  @IsAddressName()
  name?: string;

  @ApiPropertyOptional({ example: 2 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  address_type_id?: number;

  @ApiPropertyOptional({ maxLength: 50, example: 'updated_db', nullable: true })
  @IsOptional()
  @IsAddressPart()
  database_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'updated_schema', nullable: true })
  @IsOptional()
  @IsAddressPart()
  schema_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'updated_table', nullable: true })
  @IsOptional()
  @IsAddressPart()
  table_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'id', nullable: true })
  @IsOptional()
  @IsAddressPart()
  primary_key?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { owner: 'analytics' },
  })
  @IsOptional()
  @IsMetadataObject()
  @IsStorableJson()
  address_metadata?: Record<string, unknown> | null;
}

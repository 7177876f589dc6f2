import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsAddressName,
  IsAddressTypeName,
  IsAddressPart,
  IsStorableJson,
} from 'src/common/validation/address-field.decorators';
import { IsMetadataObject } from 'src/common/validation/field.decorators';

/** An address of POST /address_lineage: created (with its type) when it does not exist. */
export class LineageAddressDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'source_db.source_schema.source_table',
    description: 'Trimmed; case is kept',
  })
  @IsAddressName()
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: 150, example: 'postgres' })
  @IsAddressTypeName()
  address_type_name!: string;

  @ApiProperty({ minLength: 1, maxLength: 150, example: 'database' })
  @IsAddressTypeName()
  address_type_group_name!: string;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, description: 'Used on creation only' })
  @IsOptional()
  @IsAddressPart()
  database_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, description: 'Used on creation only' })
  @IsOptional()
  @IsAddressPart()
  schema_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, description: 'Used on creation only' })
  @IsOptional()
  @IsAddressPart()
  table_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, description: 'Used on creation only' })
  @IsOptional()
  @IsAddressPart()
  primary_key?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Used on creation only',
  })
  @IsOptional()
  @IsMetadataObject()
  @IsStorableJson()
  address_metadata?: Record<string, unknown> | null;
}

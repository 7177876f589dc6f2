import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsAddressName,
  IsAddressTypeName,
  IsAddressPart,
  IsStorableJson,
} from 'src/common/validation/address-field.decorators';
import { IsMetadataObject } from 'src/common/validation/field.decorators';

/** POST /address (and each item of POST /address_lineage has the same fields). */
export class CreateAddressDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'source_db.source_schema.source_table',
    description: 'Trimmed; case is kept (paths, buckets and URLs are case-sensitive)',
  })
  @IsAddressName()
  name!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'postgres',
    description: 'Created if it does not exist; trimmed and lower-cased',
  })
  @IsAddressTypeName()
  address_type_name!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'database',
    description:
      'Group of a new type; with `database`, a three-part name `db.schema.table` fills ' +
      'database_name, schema_name and table_name when they are not sent',
  })
  @IsAddressTypeName()
  address_type_group_name!: string;

  @ApiPropertyOptional({ maxLength: 50, example: 'source_db', nullable: true })
  @IsOptional()
  @IsAddressPart()
  database_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'source_schema', nullable: true })
  @IsOptional()
  @IsAddressPart()
  schema_name?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'source_table', nullable: true })
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
    example: { external_dependencies: [{ type: 'looker_dashboard', name: 'Sales Dashboard' }] },
  })
  @IsOptional()
  @IsMetadataObject()
  @IsStorableJson()
  address_metadata?: Record<string, unknown> | null;
}

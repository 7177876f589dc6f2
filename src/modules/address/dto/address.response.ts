import { ApiProperty } from '@nestjs/swagger';

export class AddressResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'source_db.source_schema.source_table' }) name!: string;
  @ApiProperty({ example: 1 }) address_type_id!: number;
  @ApiProperty({ type: String, nullable: true, example: 'source_db' })
  database_name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'source_schema' })
  schema_name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'source_table' })
  table_name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'id' })
  primary_key!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { external_dependencies: [{ type: 'looker_dashboard', name: 'Sales Dashboard' }] },
  })
  address_metadata!: Record<string, unknown> | null;
  @ApiProperty({ example: '2024-01-01T00:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T12:00:00.000Z' })
  updated_at!: string | null;
}

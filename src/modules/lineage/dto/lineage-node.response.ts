import { ApiProperty } from '@nestjs/swagger';

export class LineageNodeResponse {
  @ApiProperty({ example: 2 }) id!: number;
  @ApiProperty({ example: 'target_db.target_schema.target_table' }) name!: string;
  @ApiProperty({ example: 'postgres' }) address_type_name!: string;
  @ApiProperty({ example: 'database' }) address_type_group_name!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: null })
  address_metadata!: Record<string, unknown> | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: 'Fewest edges from this node to the source address; null if not upstream of it',
  })
  upstream_distance!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description: 'Fewest edges from the source address to this node; null if not downstream',
  })
  downstream_distance!: number | null;
}

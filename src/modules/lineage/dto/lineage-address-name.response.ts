import { ApiProperty } from '@nestjs/swagger';

export class LineageAddressNameResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'source_db.source_schema.source_table' }) name!: string;
}

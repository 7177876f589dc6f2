import { ApiProperty } from '@nestjs/swagger';

export class LineageEdgeResponse {
  @ApiProperty({ example: 1 }) source_address_id!: number;
  @ApiProperty({ example: 2 }) target_address_id!: number;
  @ApiProperty({ example: 1 }) pipeline_id!: number;
  @ApiProperty({ example: 'my data pipeline' }) pipeline_name!: string;
  @ApiProperty({ example: 'extraction' }) pipeline_type_name!: string;
  @ApiProperty({ example: true }) pipeline_active!: boolean;
}

import { ApiProperty } from '@nestjs/swagger';

export class AddressTypeResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'postgres' }) name!: string;
  @ApiProperty({ example: 'database' }) group_name!: string;
  @ApiProperty({ example: '2024-01-01T00:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) updated_at!: string | null;
}

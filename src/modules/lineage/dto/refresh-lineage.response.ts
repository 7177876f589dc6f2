import { ApiProperty } from '@nestjs/swagger';

export class RefreshLineageResponse {
  @ApiProperty({ example: 'success' }) status!: 'success';
  @ApiProperty({ example: 'The lineage graph is always current; nothing to refresh' })
  message!: string;
}

import { ApiProperty } from '@nestjs/swagger';

export class SyncPipelineResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: true }) load_lineage!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2024-01-01T00:00:00Z',
    description:
      'The current watermark when next_watermark was sent (null on creation); otherwise null',
  })
  watermark!: string | null;
}

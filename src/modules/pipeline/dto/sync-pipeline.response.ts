import { ApiProperty } from '@nestjs/swagger';

export class SyncPipelineResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({
    example: true,
    description:
      'Whether POST /address_lineage stores lineage for this pipeline. Turns false after its ' +
      'first successful run; PATCH /pipeline with load_lineage: true to reload lineage.',
  })
  load_lineage!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2024-01-01T00:00:00Z',
    description:
      'The current watermark when next_watermark was sent (null on creation); otherwise null',
  })
  watermark!: string | null;
}

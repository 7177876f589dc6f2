import { ApiProperty } from '@nestjs/swagger';
import { ThresholdSettingsResponse } from 'src/modules/pipeline/dto/threshold-settings.response';

export class PipelineResponse extends ThresholdSettingsResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'my data pipeline' }) name!: string;
  @ApiProperty({ example: 1 }) pipeline_type_id!: number;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T00:00:00Z' })
  watermark!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T23:59:59Z' })
  next_watermark!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { environment: 'production' },
  })
  pipeline_metadata!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:00:00.000Z' })
  last_target_insert!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:00:00.000Z' })
  last_target_update!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  last_target_soft_delete!: string | null;
  @ApiProperty({
    example: true,
    description:
      'Whether POST /address_lineage stores lineage for this pipeline. Turns false after its ' +
      'first successful run; PATCH /pipeline with load_lineage: true to reload lineage.',
  })
  load_lineage!: boolean;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: '2024-01-01T00:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T12:00:00.000Z' })
  updated_at!: string | null;
}

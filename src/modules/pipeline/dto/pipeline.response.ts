import { ApiProperty } from '@nestjs/swagger';
import { DATEPARTS } from 'src/common/validation/field.decorators';

export class PipelineResponse {
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
  @ApiProperty({ type: 'integer', nullable: true, example: 24 }) freshness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  freshness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_freshness_check!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, example: 2 }) timeliness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  timeliness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_timeliness_check!: boolean;
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

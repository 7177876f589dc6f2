import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreshnessResponse } from 'src/modules/dashboard/dto/overview.response';
import type { ThresholdSource } from 'src/modules/dashboard/threshold-resolution.util';

const SOURCES = ['pipeline', 'pipeline_type'] as const;

export class DashboardPipelineResponse {
  @ApiProperty({ type: 'integer', example: 1 }) id!: number;
  @ApiProperty({ example: 'daily sales' }) name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'pipeline_metadata.description when it is a string',
    example: 'Loads the sales mart',
  })
  description?: string | null;

  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: true }) load_lineage!: boolean;
  @ApiProperty({ type: 'integer', example: 1 }) pipeline_type_id!: number;
  @ApiProperty({ example: 'etl' }) pipeline_type_name!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01' }) watermark!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-02' })
  next_watermark!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: {} })
  pipeline_metadata!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:00.000Z' })
  last_target_insert!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  last_target_update!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  last_target_soft_delete!: string | null;

  @ApiProperty({ example: '2024-01-01T09:00:00.000Z' }) created_at!: string;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:00.000Z' })
  updated_at!: string | null;
}

export class EffectiveThresholdResponse {
  @ApiProperty({ type: 'integer', example: 24 }) number!: number;
  @ApiProperty({ example: 'hour' }) datepart!: string;

  @ApiProperty({ enum: SOURCES, enumName: 'ThresholdSource', example: 'pipeline' })
  source!: ThresholdSource;
}

export class EffectiveMuteResponse {
  @ApiProperty({ example: false }) value!: boolean;

  @ApiProperty({
    enum: SOURCES,
    enumName: 'ThresholdSource',
    nullable: true,
    description: 'Where the mute comes from; null when not muted',
    example: null,
  })
  source!: ThresholdSource | null;
}

export class EffectiveThresholdsResponse {
  @ApiProperty({ type: EffectiveThresholdResponse, nullable: true })
  freshness!: EffectiveThresholdResponse | null;

  @ApiProperty({ type: EffectiveThresholdResponse, nullable: true })
  timeliness!: EffectiveThresholdResponse | null;

  @ApiProperty({ type: EffectiveMuteResponse, description: 'The freshness check mute' })
  muted!: EffectiveMuteResponse;

  @ApiProperty({ type: EffectiveMuteResponse, description: 'The timeliness check mute' })
  timeliness_muted!: EffectiveMuteResponse;
}

export class WatermarkHistoryResponse {
  @ApiProperty({ type: 'integer', example: 1042 }) execution_id!: number;
  @ApiProperty({ example: '2024-01-01T10:05:00.000Z' }) end_date!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-02' }) watermark!: string | null;
}

export class DashboardRuleResponse {
  @ApiProperty({ type: 'integer', example: 3 }) id!: number;
  @ApiProperty({ example: 'total_rows' }) metric_field!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: 3 }) z_threshold!: number;
  @ApiProperty({ type: 'integer', example: 30 }) lookback_days!: number;
  @ApiProperty({ type: 'integer', example: 30 }) minimum_executions!: number;
  @ApiProperty({ example: 'both' }) direction!: string;
  @ApiProperty({ example: 0 }) min_change_percent!: number;

  @ApiProperty({
    enum: ['learning', 'ready', 'inactive'],
    enumName: 'AnomalyRuleState',
    example: 'learning',
  })
  state!: 'learning' | 'ready' | 'inactive';

  @ApiProperty({
    type: 'integer',
    description: 'Baseline values in the hour of the latest successful run ("learning 12 / 30")',
    example: 12,
  })
  baseline_size!: number;
}

export class RunCountsResponse {
  @ApiProperty({ type: 'integer', example: 120 }) total!: number;
  @ApiProperty({ type: 'integer', example: 115 }) succeeded!: number;
  @ApiProperty({ type: 'integer', example: 4 }) failed!: number;
  @ApiProperty({ type: 'integer', example: 1 }) running!: number;
}

export class PipelineDetailResponse {
  @ApiProperty({ type: DashboardPipelineResponse }) pipeline!: DashboardPipelineResponse;
  @ApiProperty({ type: EffectiveThresholdsResponse }) thresholds!: EffectiveThresholdsResponse;
  @ApiProperty({ type: FreshnessResponse }) freshness!: FreshnessResponse;

  @ApiProperty({
    type: [WatermarkHistoryResponse],
    description: 'next_watermark of successful executions, newest first (up to 50)',
  })
  watermark_history!: WatermarkHistoryResponse[];

  @ApiProperty({ type: [DashboardRuleResponse] }) rules!: DashboardRuleResponse[];
  @ApiProperty({ type: RunCountsResponse }) run_counts!: RunCountsResponse;
}

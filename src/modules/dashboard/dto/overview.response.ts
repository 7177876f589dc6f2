import { ApiProperty } from '@nestjs/swagger';
import {
  FRESHNESS_STATES,
  type FreshnessState,
  PIPELINE_STATES,
  type PipelineState,
  RUN_STATUSES,
  type RunStatus,
} from 'src/modules/dashboard/dashboard-state.util';

export class LastRunResponse {
  @ApiProperty({ type: 'integer', example: 1042 }) id!: number;

  @ApiProperty({ enum: RUN_STATUSES, enumName: 'RunStatus', example: 'succeeded' })
  status!: RunStatus;

  @ApiProperty({
    description:
      'Past its timeliness deadline: running after start + threshold, ended after it, or ' +
      'logged late by the timeliness check',
    example: false,
  })
  late!: boolean;

  @ApiProperty({ example: '2024-01-01T10:00:00.000Z' }) start_date!: string;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:00.000Z' })
  end_date!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 300 })
  duration_seconds!: number | null;
}

export class FreshnessResponse {
  @ApiProperty({
    enum: FRESHNESS_STATES,
    enumName: 'FreshnessState',
    description:
      'stale: the last DML + threshold is past; muted: the check is muted (pipeline or type) or ' +
      'the pipeline is inactive; no_threshold: neither the pipeline nor its type sets one',
    example: 'fresh',
  })
  state!: FreshnessState;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Latest of last_target_insert/update/soft_delete',
    example: '2024-01-01T10:05:00.000Z',
  })
  last_dml_at!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'last_dml_at + threshold (calendar-aware); null without a DML or a threshold',
    example: '2024-01-02T10:05:00.000Z',
  })
  due_at!: string | null;
}

export class OverviewItemResponse {
  @ApiProperty({ type: 'integer', example: 1 }) id!: number;
  @ApiProperty({ example: 'daily sales' }) name!: string;
  @ApiProperty({ type: 'integer', example: 1 }) pipeline_type_id!: number;
  @ApiProperty({ example: 'etl' }) pipeline_type_name!: string;
  @ApiProperty({ example: true }) active!: boolean;

  @ApiProperty({ type: LastRunResponse, nullable: true, description: 'null: never run' })
  last_run!: LastRunResponse | null;

  @ApiProperty({
    enum: PIPELINE_STATES,
    enumName: 'PipelineState',
    description:
      'The first that applies: failed (last run failed), late, stale (freshness), anomalous ' +
      '(the last run succeeded with an anomaly flag set), running, succeeded, never_run',
    example: 'succeeded',
  })
  state!: PipelineState;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'end_date of the latest successful run',
    example: '2024-01-01T10:05:00.000Z',
  })
  last_success_at!: string | null;

  @ApiProperty({ type: FreshnessResponse }) freshness!: FreshnessResponse;

  @ApiProperty({
    type: 'integer',
    description: 'Ended executions of the last 30 days with an anomaly flag set',
    example: 0,
  })
  open_anomalies!: number;

  @ApiProperty({
    type: [Number],
    description: 'duration_seconds of up to 20 latest ended successful runs, oldest first',
    example: [300, 310, 295],
  })
  recent_durations!: number[];
}

export class StateCountsResponse {
  @ApiProperty({ type: 'integer', example: 1 }) failed!: number;
  @ApiProperty({ type: 'integer', example: 0 }) late!: number;
  @ApiProperty({ type: 'integer', example: 2 }) stale!: number;
  @ApiProperty({ type: 'integer', example: 0 }) anomalous!: number;
  @ApiProperty({ type: 'integer', example: 3 }) running!: number;
  @ApiProperty({ type: 'integer', example: 40 }) succeeded!: number;
  @ApiProperty({ type: 'integer', example: 4 }) never_run!: number;
}

export class OverviewResponse {
  @ApiProperty({ type: [OverviewItemResponse] }) items!: OverviewItemResponse[];

  @ApiProperty({ type: 'integer', description: 'Pipelines matching every filter', example: 50 })
  total!: number;

  @ApiProperty({ type: 'integer', example: 1 }) page!: number;
  @ApiProperty({ type: 'integer', example: 50 }) page_size!: number;

  @ApiProperty({
    type: StateCountsResponse,
    description:
      'Pipelines per state over the type- and search-filtered set (state filter ignored)',
  })
  counts!: StateCountsResponse;

  @ApiProperty({ type: [String], description: 'Every pipeline type name', example: ['etl'] })
  pipeline_types!: string[];
}

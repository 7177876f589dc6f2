import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type {
  MetricPointRow,
  OverviewPage,
  OverviewRow,
  PipelineDetailRow,
  RunRow,
} from 'src/modules/dashboard/dashboard.repository';
import { PIPELINE_STATES } from 'src/modules/dashboard/dashboard-state.util';
import type { MetricPointResponse } from 'src/modules/dashboard/dto/metrics.response';
import type {
  OverviewItemResponse,
  OverviewResponse,
  StateCountsResponse,
} from 'src/modules/dashboard/dto/overview.response';
import type { DashboardPipelineResponse } from 'src/modules/dashboard/dto/pipeline-detail.response';
import type { RunResponse } from 'src/modules/dashboard/dto/run-page.response';

const iso = (value: Date | string): string => toIsoOrNull(value) as string;

const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

export function toOverviewItem(row: OverviewRow): OverviewItemResponse {
  return {
    id: row.id,
    name: row.name,
    pipeline_type_id: row.pipeline_type_id,
    pipeline_type_name: row.pipeline_type_name,
    active: row.active,
    last_run:
      row.run_id === null || row.run_status === null || row.run_start_date === null
        ? null
        : {
            id: row.run_id,
            status: row.run_status,
            late: row.is_run_late,
            start_date: iso(row.run_start_date),
            end_date: toIsoOrNull(row.run_end_date),
            duration_seconds: row.run_duration_seconds,
          },
    state: row.state,
    last_success_at: toIsoOrNull(row.last_success_at),
    freshness: {
      state: row.freshness_state,
      last_dml_at: toIsoOrNull(row.last_dml_at),
      due_at: toIsoOrNull(row.due_at),
    },
    open_anomalies: row.open_anomalies,
    recent_durations: row.recent_durations.map(Number),
  };
}

/** Every state is listed, 0 when no pipeline is in it. */
export function toStateCounts(counts: OverviewPage['counts']): StateCountsResponse {
  const all = {} as StateCountsResponse;
  for (const state of PIPELINE_STATES) {
    all[state] = counts[state] ?? 0;
  }
  return all;
}

export function toOverviewResponse(
  result: OverviewPage,
  page: number,
  pageSize: number,
): OverviewResponse {
  return {
    items: result.items.map(toOverviewItem),
    total: result.total,
    page,
    page_size: pageSize,
    counts: toStateCounts(result.counts),
    pipeline_types: result.pipelineTypes,
  };
}

export function toDashboardPipeline(row: PipelineDetailRow): DashboardPipelineResponse {
  const description = row.pipeline_metadata?.description;
  return {
    id: row.id,
    name: row.name,
    description: typeof description === 'string' ? description : null,
    active: row.active,
    load_lineage: row.load_lineage,
    pipeline_type_id: row.pipeline_type_id,
    pipeline_type_name: row.pipeline_type_name,
    watermark: row.watermark,
    next_watermark: row.next_watermark,
    pipeline_metadata: row.pipeline_metadata,
    last_target_insert: toIsoOrNull(row.last_target_insert),
    last_target_update: toIsoOrNull(row.last_target_update),
    last_target_soft_delete: toIsoOrNull(row.last_target_soft_delete),
    created_at: iso(row.created_at),
    updated_at: toIsoOrNull(row.updated_at),
  };
}

export function toRunResponse(row: RunRow): RunResponse {
  return {
    id: Number(row.id),
    parent_id: row.parent_id === null ? null : Number(row.parent_id),
    start_date: iso(row.start_date),
    end_date: toIsoOrNull(row.end_date),
    completed_successfully: row.completed_successfully,
    duration_seconds: row.duration_seconds,
    inserts: row.inserts,
    updates: row.updates,
    soft_deletes: row.soft_deletes,
    total_rows: row.total_rows,
    throughput: numberOrNull(row.throughput),
    anomaly_flags: row.anomaly_flags,
    next_watermark: row.next_watermark,
  };
}

/** Only the flags that are set (an unflagged metric is `false` in the column). */
export function setFlags(flags: Record<string, unknown>): Record<string, boolean> {
  const set: Record<string, boolean> = {};
  for (const [metric, value] of Object.entries(flags)) {
    if (value === true) {
      set[metric] = true;
    }
  }
  return set;
}

export function toMetricPoint(row: MetricPointRow): MetricPointResponse {
  return {
    execution_id: Number(row.execution_id),
    start_date: iso(row.start_date),
    total_rows: row.total_rows,
    duration_seconds: row.duration_seconds,
    throughput: numberOrNull(row.throughput),
    anomaly_flags: setFlags(row.anomaly_flags),
    anomalies: row.anomalies,
  };
}

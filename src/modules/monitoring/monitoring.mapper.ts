import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { FreshnessLogResponse } from 'src/modules/monitoring/dto/freshness-log.response';
import type { TimelinessLogResponse } from 'src/modules/monitoring/dto/timeliness-log.response';
import type { LateExecution, StalePipeline } from 'src/modules/monitoring/monitoring-alert.util';
import type {
  FreshnessLogRow,
  LateExecutionRow,
  StalePipelineRow,
  TimelinessLogRow,
} from 'src/modules/monitoring/monitoring.repository';

const iso = (value: Date | string): string => toIsoOrNull(value) as string;

export function toFreshnessLogResponse(row: FreshnessLogRow): FreshnessLogResponse {
  return {
    id: Number(row.id),
    pipeline_id: row.pipeline_id,
    pipeline_name: row.pipeline_name,
    last_dml_timestamp: iso(row.last_dml_timestamp),
    stale_since: iso(row.stale_since),
    evaluation_timestamp: iso(row.evaluation_timestamp),
    freshness_number: row.freshness_number,
    freshness_datepart: row.freshness_datepart,
    threshold_source: row.threshold_source,
  };
}

export function toTimelinessLogResponse(row: TimelinessLogRow): TimelinessLogResponse {
  return {
    pipeline_execution_id: Number(row.pipeline_execution_id),
    pipeline_id: row.pipeline_id,
    pipeline_name: row.pipeline_name,
    execution_status: row.execution_status,
    start_date: iso(row.start_date),
    end_date: toIsoOrNull(row.end_date),
    deadline: iso(row.deadline),
    duration_seconds: Number(row.duration_seconds),
    seconds_threshold: Number(row.seconds_threshold),
    timeliness_number: row.timeliness_number,
    timeliness_datepart: row.timeliness_datepart,
    threshold_source: row.threshold_source,
    created_at: iso(row.created_at),
  };
}

/** A row the freshness check inserted (log_id set). */
export function toStalePipeline(row: StalePipelineRow): StalePipeline {
  return {
    logId: Number(row.log_id),
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    lastDml: new Date(row.last_dml_timestamp),
    staleSince: new Date(row.stale_since),
    number: row.freshness_number,
    datepart: row.freshness_datepart,
    source: row.threshold_source,
  };
}

export function toLateExecution(row: LateExecutionRow): LateExecution {
  return {
    executionId: Number(row.pipeline_execution_id),
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    status: row.execution_status,
    startDate: new Date(row.start_date),
    endDate: row.end_date === null ? null : new Date(row.end_date),
    deadline: new Date(row.deadline),
    durationSeconds: Number(row.duration_seconds),
    number: row.timeliness_number,
    datepart: row.timeliness_datepart,
    source: row.threshold_source,
  };
}

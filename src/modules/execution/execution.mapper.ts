import type { PipelineExecutionTreeResponse } from 'src/modules/execution/dto/pipeline-execution-tree.response';
import type { PipelineExecutionResponse } from 'src/modules/execution/dto/pipeline-execution.response';
import {
  EXECUTION_METRICS,
  type ExecutionMetric,
} from 'src/modules/execution/execution-metrics.util';
import type {
  AnomalySubjectRow,
  ExecutionRow,
  ExecutionTreeRow,
} from 'src/modules/execution/execution.repository';

/** What anomaly detection needs of an execution (ExecutionService.lockForAnomalies). */
export interface AnomalySubject {
  id: number;
  pipelineId: number;
  startDate: Date;
  /** UTC hour of day of the start: the baseline bucket. */
  hourRecorded: number;
  /** Ended with completed_successfully = true. */
  isSuccessful: boolean;
  /**
   * Changes with every end (updated_at in microseconds since the epoch, exact): identifies the
   * end a detection evaluated.
   */
  endVersion: number;
  anomalyFlags: Record<string, boolean> | null;
  /** Metric values as doubles (null when not reported). */
  metrics: Record<ExecutionMetric, number | null>;
}

function toIsoOrNull(value: Date | string | null): string | null {
  if (value === null) {
    return null;
  }
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toExecutionResponse(row: ExecutionRow): PipelineExecutionResponse {
  return {
    id: row.id,
    parent_id: row.parent_id,
    pipeline_id: row.pipeline_id,
    start_date: toIsoOrNull(row.start_date) as string,
    end_date: toIsoOrNull(row.end_date),
    duration_seconds: row.duration_seconds,
    completed_successfully: row.completed_successfully,
    inserts: row.inserts,
    updates: row.updates,
    soft_deletes: row.soft_deletes,
    total_rows: row.total_rows,
    watermark: row.watermark,
    next_watermark: row.next_watermark,
    execution_metadata: row.execution_metadata,
    anomaly_flags: row.anomaly_flags,
    throughput: row.throughput,
  };
}

/**
 * Nests the rows of one subtree (the closure rows of the root joined to their executions) under
 * their parents: children in the order given (by id), `[]` for leaves. Returns null without a
 * depth-0 row, i.e. when the root does not exist.
 */
export function toExecutionTree(rows: ExecutionTreeRow[]): PipelineExecutionTreeResponse | null {
  const nodes = new Map<string, PipelineExecutionTreeResponse>();
  for (const row of rows) {
    nodes.set(String(row.id), { ...toExecutionResponse(row), child_executions: [] });
  }
  let root: PipelineExecutionTreeResponse | null = null;
  for (const row of rows) {
    const node = nodes.get(String(row.id)) as PipelineExecutionTreeResponse;
    if (row.depth === 0) {
      root = node;
      continue;
    }
    // Every descendant's parent is itself in the subtree (the closure table is transitive).
    nodes.get(String(row.parent_id))?.child_executions.push(node);
  }
  return root;
}

export function toAnomalySubject(row: AnomalySubjectRow): AnomalySubject {
  const metrics = {} as Record<ExecutionMetric, number | null>;
  for (const metric of EXECUTION_METRICS) {
    metrics[metric] = row[metric];
  }
  return {
    id: Number(row.id),
    pipelineId: row.pipeline_id,
    startDate: row.start_date,
    hourRecorded: row.hour_recorded,
    isSuccessful: row.completed_successfully === true && row.end_date !== null,
    endVersion: Number(row.end_version),
    anomalyFlags: row.anomaly_flags,
    metrics,
  };
}

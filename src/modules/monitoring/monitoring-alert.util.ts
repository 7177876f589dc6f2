import type { RaiseAlert } from 'src/modules/notification/notification.service';

/** A newly stale (pipeline, last DML), as the freshness check logged it. */
export interface StalePipeline {
  logId: number;
  pipelineId: number;
  pipelineName: string;
  lastDml: Date;
  staleSince: Date;
  number: number;
  datepart: string;
  source: 'pipeline' | 'pipeline_type';
}

/** A newly late execution, as the timeliness check logged it. */
export interface LateExecution {
  executionId: number;
  pipelineId: number;
  pipelineName: string;
  status: 'running' | 'completed';
  startDate: Date;
  endDate: Date | null;
  deadline: Date;
  durationSeconds: number;
  number: number;
  datepart: string;
  source: 'pipeline' | 'pipeline_type';
}

export type QueueAlertLevel = 'warning' | 'critical';

/** The late executions listed in one alert's details (the count is always complete). */
export const MAX_LISTED_EXECUTIONS = 100;

const SOURCE_TEXT = { pipeline: "the pipeline's setting", pipeline_type: "its type's setting" };

/** `1 hour`, `3 months`. */
export function describeThreshold(number: number, datepart: string): string {
  return `${number} ${datepart}${number === 1 ? '' : 's'}`;
}

/** One alert per stale (pipeline, last DML): the key is the pipeline and the DML instant. */
export function freshnessAlert(stale: StalePipeline): RaiseAlert {
  const threshold = describeThreshold(stale.number, stale.datepart);
  return {
    kind: 'freshness',
    severity: 'warning',
    dedupKey: `freshness:${stale.pipelineId}:${stale.lastDml.toISOString()}`,
    pipelineId: stale.pipelineId,
    title: `Pipeline "${stale.pipelineName}" is stale`,
    summary:
      `No insert, update or soft delete since ${stale.lastDml.toISOString()}; the freshness ` +
      `threshold is ${threshold} (${SOURCE_TEXT[stale.source]}), so it is stale since ` +
      `${stale.staleSince.toISOString()}.`,
    details: {
      freshness_log_id: stale.logId,
      pipeline_id: stale.pipelineId,
      pipeline_name: stale.pipelineName,
      last_dml_timestamp: stale.lastDml.toISOString(),
      stale_since: stale.staleSince.toISOString(),
      freshness_number: stale.number,
      freshness_datepart: stale.datepart,
      threshold_source: stale.source,
    },
  };
}

/**
 * One alert per check run listing every execution it found newly late. Each execution is
 * logged once ever, so the smallest id of the run identifies the run's alert.
 */
export function timelinessAlert(late: LateExecution[]): RaiseAlert | null {
  if (late.length === 0) {
    return null;
  }
  const sorted = [...late].sort((a, b) => a.executionId - b.executionId);
  const pipelineIds = new Set(sorted.map((row) => row.pipelineId));
  const names = [...new Set(sorted.map((row) => `"${row.pipelineName}"`))];
  const running = sorted.filter((row) => row.status === 'running').length;
  const count = sorted.length;
  return {
    kind: 'timeliness',
    severity: 'warning',
    dedupKey: `timeliness:${sorted[0].executionId}`,
    pipelineId: pipelineIds.size === 1 ? sorted[0].pipelineId : null,
    title:
      count === 1
        ? `Execution ${sorted[0].executionId} of "${sorted[0].pipelineName}" is late`
        : `${count} pipeline executions are late`,
    summary:
      `${count} execution${count === 1 ? '' : 's'} past the timeliness threshold ` +
      `(${running} still running, ${count - running} completed late) in ` +
      `${names.length === 1 ? 'pipeline' : 'pipelines'} ${names.slice(0, 10).join(', ')}` +
      (names.length > 10 ? ` and ${names.length - 10} more` : '') +
      '.',
    details: {
      count,
      running,
      completed: count - running,
      executions: sorted.slice(0, MAX_LISTED_EXECUTIONS).map((row) => ({
        pipeline_execution_id: row.executionId,
        pipeline_id: row.pipelineId,
        pipeline_name: row.pipelineName,
        execution_status: row.status,
        start_date: row.startDate.toISOString(),
        end_date: row.endDate?.toISOString() ?? null,
        deadline: row.deadline.toISOString(),
        duration_seconds: row.durationSeconds,
        timeliness_number: row.number,
        timeliness_datepart: row.datepart,
        threshold_source: row.source,
      })),
    },
  };
}

/** The level reached by `pending` jobs, if any. */
export function queueAlertLevel(
  pending: number,
  thresholds: { warning: number; critical: number },
): QueueAlertLevel | null {
  if (pending >= thresholds.critical) {
    return 'critical';
  }
  return pending >= thresholds.warning ? 'warning' : null;
}

/** At most one alert per level and UTC hour: the key names the level and the hour's start. */
export function queueAlert(input: {
  level: QueueAlertLevel;
  totalPending: number;
  pendingByQueue: Record<string, number>;
  thresholds: { warning: number; critical: number };
  now: Date;
}): RaiseAlert {
  const hour = new Date(Math.floor(input.now.getTime() / 3_600_000) * 3_600_000);
  const busiest = Object.entries(input.pendingByQueue)
    .filter(([, pending]) => pending > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([queue, pending]) => `${queue} ${pending}`);
  const threshold = input.thresholds[input.level];
  return {
    kind: 'queue',
    severity: input.level,
    dedupKey: `queue:${input.level}:${hour.toISOString()}`,
    pipelineId: null,
    title: `${input.totalPending} jobs pending in Watcher's queues`,
    summary:
      `${input.totalPending} pending jobs (${input.level} threshold ${threshold}): ` +
      `${busiest.join(', ')}.`,
    details: {
      total_pending: input.totalPending,
      pending_by_queue: input.pendingByQueue,
      warning_threshold: input.thresholds.warning,
      critical_threshold: input.thresholds.critical,
      hour_slot: hour.toISOString(),
    },
  };
}

import type { AnomalyDirection } from 'src/modules/anomaly/anomaly-detection.util';
import type { RaiseAlert } from 'src/modules/notification/notification.service';

/** One flagged metric of an execution, as the alert lists it. */
export interface FlaggedMetric {
  metric: string;
  value: number;
  mean: number;
  stddev: number;
  zScore: number;
  lowerBound: number;
  upperBound: number;
  baselineSize: number;
  zThreshold: number;
  direction: AnomalyDirection;
}

export interface AnomalousExecution {
  executionId: number;
  pipelineId: number;
  pipelineName: string;
  startDate: Date;
}

/** Six significant digits, without trailing zeros (94.458898 → "94.4589", 100000 → "100000"). */
export function formatStatistic(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/**
 * The one alert of an anomalous execution (dedup key `anomaly:<execution id>`, so re-detection
 * never raises a second one), listing each flagged metric with its value, band and z-score.
 */
export function anomalyAlert(execution: AnomalousExecution, flagged: FlaggedMetric[]): RaiseAlert {
  const metrics = flagged.map((item) => item.metric).join(', ');
  const lines = flagged.map(
    (item) =>
      `${item.metric} ${formatStatistic(item.value)} (${item.direction}; expected ` +
      `${formatStatistic(item.lowerBound)} to ${formatStatistic(item.upperBound)}, ` +
      `z ${formatStatistic(item.zScore)})`,
  );
  return {
    kind: 'anomaly',
    severity: 'warning',
    dedupKey: `anomaly:${execution.executionId}`,
    pipelineId: execution.pipelineId,
    title: `Anomaly in ${metrics} of ${execution.pipelineName}`,
    summary:
      `Execution ${execution.executionId} of ${execution.pipelineName} (started ` +
      `${execution.startDate.toISOString()}): ${lines.join('; ')}`,
    details: {
      pipeline_execution_id: execution.executionId,
      pipeline_id: execution.pipelineId,
      pipeline_name: execution.pipelineName,
      start_date: execution.startDate.toISOString(),
      anomalies: flagged.map((item) => ({
        metric_field: item.metric,
        value: item.value,
        direction: item.direction,
        lower_bound: item.lowerBound,
        upper_bound: item.upperBound,
        z_score: item.zScore,
        z_threshold: item.zThreshold,
        mean: item.mean,
        stddev: item.stddev,
        baseline_size: item.baselineSize,
      })),
    },
  };
}

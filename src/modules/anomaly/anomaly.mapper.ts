import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { AnomalyDirection, RuleDirection } from 'src/modules/anomaly/anomaly-detection.util';
import type { AnomalyResultResponse } from 'src/modules/anomaly/dto/anomaly-result.response';
import type { AnomalyRuleStatusResponse } from 'src/modules/anomaly/dto/anomaly-rule-status.response';
import type { AnomalyRuleResponse } from 'src/modules/anomaly/dto/anomaly-rule.response';
import type { AnomalyDetectionResultEntity } from 'src/modules/anomaly/entities/anomaly-detection-result.entity';
import type { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import type { BaselineBuckets } from 'src/modules/execution/execution.service';

export function toRuleResponse(rule: AnomalyDetectionRuleEntity): AnomalyRuleResponse {
  return {
    id: rule.id,
    pipeline_id: rule.pipeline_id,
    metric_field: rule.metric_field,
    z_threshold: rule.z_threshold,
    lookback_days: rule.lookback_days,
    minimum_executions: rule.minimum_executions,
    active: rule.active,
    direction: rule.direction as RuleDirection,
    min_change_percent: rule.min_change_percent,
    created_at: toIsoOrNull(rule.created_at) as string,
    updated_at: toIsoOrNull(rule.updated_at),
  };
}

export function toResultResponse(result: AnomalyDetectionResultEntity): AnomalyResultResponse {
  return {
    id: Number(result.id),
    pipeline_execution_id: Number(result.pipeline_execution_id),
    anomaly_detection_rule_id: result.anomaly_detection_rule_id,
    metric_field: result.metric_field,
    value: result.value,
    mean: result.mean,
    stddev: result.stddev,
    z_score: result.z_score,
    lower_bound: result.lower_bound,
    upper_bound: result.upper_bound,
    baseline_size: result.baseline_size,
    direction: result.direction as AnomalyDirection,
    z_threshold: result.z_threshold,
    created_at: toIsoOrNull(result.created_at) as string,
  };
}

/**
 * The rule's state from its baseline buckets: the reference bucket is the hour of the
 * pipeline's latest successful run (0 values without any run).
 */
export function toRuleStatus(
  rule: Pick<AnomalyDetectionRuleEntity, 'active' | 'minimum_executions'>,
  baselines: BaselineBuckets | null,
  lastResult: AnomalyDetectionResultEntity | null,
): AnomalyRuleStatusResponse {
  const minimum = rule.minimum_executions;
  const buckets = baselines?.buckets ?? [];
  const referenceHour = baselines?.referenceHour ?? null;
  const baselineSize = buckets.find((bucket) => bucket.hourRecorded === referenceHour)?.size ?? 0;
  const isReady = baselineSize >= minimum;
  return {
    state: !rule.active ? 'inactive' : isReady ? 'ready' : 'learning',
    baseline_size: baselineSize,
    minimum_executions: minimum,
    hour_of_day_buckets_ready: buckets.filter((bucket) => bucket.size >= minimum).length,
    hour_of_day: referenceHour,
    last_result: lastResult ? toResultResponse(lastResult) : null,
  };
}

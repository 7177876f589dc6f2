/**
 * The statistics of anomaly detection (DESIGN §5.4), as pure functions: a value is judged
 * against the sample mean and sample standard deviation of its baseline.
 */

export const RULE_DIRECTIONS = ['both', 'spike', 'drop'] as const;
/** Which side of the band a rule reports: both (default), only spikes, or only drops. */
export type RuleDirection = (typeof RULE_DIRECTIONS)[number];
/** The side of the band an anomalous value lies on. */
export type AnomalyDirection = 'spike' | 'drop';

export interface DetectionSettings {
  zThreshold: number;
  minimumExecutions: number;
  direction: RuleDirection;
  /** 0–1000: the value must also differ from the mean by at least this percentage of it. */
  minChangePercent: number;
}

/** Size, mean and sample standard deviation of a baseline (null mean below 1 value, sd below 2). */
export interface BaselineStatistics {
  size: number;
  mean: number | null;
  stddev: number | null;
}

export interface Band {
  baselineSize: number;
  mean: number;
  stddev: number;
  /** Signed: (value - mean) / stddev. */
  zScore: number;
  lowerBound: number;
  upperBound: number;
}

export type SkipReason = 'no_value' | 'learning' | 'zero_variance';

export type Evaluation =
  | { outcome: 'skipped'; reason: SkipReason }
  | ({ outcome: 'normal'; value: number } & Band)
  | ({ outcome: 'anomaly'; value: number; direction: AnomalyDirection } & Band);

/**
 * Sample statistics of `values` (Welford's method): the mean, and the standard deviation with
 * n - 1 in the denominator. The baseline query computes the same with count / avg /
 * stddev_samp; this is the reference definition the tests hold it to.
 */
export function sampleStatistics(values: readonly number[]): BaselineStatistics {
  let mean = 0;
  let sumOfSquares = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    sumOfSquares += delta * (value - mean);
  });
  const size = values.length;
  return {
    size,
    mean: size > 0 ? mean : null,
    stddev: size > 1 ? Math.sqrt(Math.max(0, sumOfSquares) / (size - 1)) : null,
  };
}

/** The expected band: [max(0, mean − z·sd), mean + z·sd] (metrics are never negative). */
export function bandOf(
  mean: number,
  stddev: number,
  zThreshold: number,
): { lowerBound: number; upperBound: number } {
  return {
    lowerBound: Math.max(0, mean - zThreshold * stddev),
    upperBound: mean + zThreshold * stddev,
  };
}

/**
 * Judges one metric value against its baseline. Skipped without a value, with fewer than
 * minimumExecutions baseline values (learning) or a standard deviation of 0. A value strictly
 * outside the band is an anomaly, unless the rule's direction ignores that side or the value
 * differs from the mean by less than minChangePercent of it.
 */
export function evaluate(
  value: number | null,
  baseline: BaselineStatistics,
  settings: DetectionSettings,
): Evaluation {
  if (value === null || !Number.isFinite(value)) {
    return { outcome: 'skipped', reason: 'no_value' };
  }
  if (baseline.size < settings.minimumExecutions || baseline.mean === null) {
    return { outcome: 'skipped', reason: 'learning' };
  }
  if (baseline.stddev === null || !(baseline.stddev > 0)) {
    return { outcome: 'skipped', reason: 'zero_variance' };
  }
  const { mean, stddev } = baseline;
  const band: Band = {
    baselineSize: baseline.size,
    mean,
    stddev,
    zScore: (value - mean) / stddev,
    ...bandOf(mean, stddev, settings.zThreshold),
  };
  const side = sideOf(value, band);
  if (side === null || !isReported(side, settings.direction)) {
    return { outcome: 'normal', value, ...band };
  }
  if (!isLargeEnough(value, mean, settings.minChangePercent)) {
    return { outcome: 'normal', value, ...band };
  }
  return { outcome: 'anomaly', value, direction: side, ...band };
}

function sideOf(value: number, band: Band): AnomalyDirection | null {
  if (value > band.upperBound) {
    return 'spike';
  }
  return value < band.lowerBound ? 'drop' : null;
}

function isReported(side: AnomalyDirection, direction: RuleDirection): boolean {
  return direction === 'both' || direction === side;
}

/** |value − mean| ≥ p % of |mean| (always true for p = 0; any change of a zero mean counts). */
function isLargeEnough(value: number, mean: number, minChangePercent: number): boolean {
  return Math.abs(value - mean) * 100 >= minChangePercent * Math.abs(mean);
}

/**
 * The anomaly_flags to write after a detection: `true` for each anomalous metric not yet flagged,
 * `false` for each re-evaluated (or no longer backed by a result) metric that was flagged but is
 * not anomalous any more. Metrics nobody flagged keep no key (flags stay null when never set).
 */
export function flagChanges(
  current: Readonly<Record<string, boolean>> | null,
  anomalousMetrics: readonly string[],
  clearedMetrics: readonly string[],
): Record<string, boolean> {
  const changes: Record<string, boolean> = {};
  const anomalous = new Set(anomalousMetrics);
  for (const metric of anomalous) {
    if (current?.[metric] !== true) {
      changes[metric] = true;
    }
  }
  for (const metric of clearedMetrics) {
    if (!anomalous.has(metric) && current?.[metric] === true) {
      changes[metric] = false;
    }
  }
  return changes;
}

/**
 * SQL shared by the queries that compute anomaly baselines over pipeline_execution (the
 * execution module's baseline statistics and the anomaly module's one-query detection input),
 * so both judge a run against exactly the same baseline (DESIGN §5.4).
 */

/**
 * The value of metric `name` (a SQL expression yielding the metric's name) of execution e, as an
 * exact decimal with 10 fractional digits: numeric aggregates size their result's scale from
 * their input's, and at scale 0 stddev_samp of large counts comes back rounded to an integer.
 * (float8 aggregates would give a constant decimal series a tiny non-zero deviation.)
 */
export const metricValueOf = (name: string): string => `CAST(CASE ${name}
      WHEN 'duration_seconds' THEN e.duration_seconds::numeric
      WHEN 'inserts' THEN e.inserts::numeric
      WHEN 'updates' THEN e.updates::numeric
      WHEN 'soft_deletes' THEN e.soft_deletes::numeric
      WHEN 'total_rows' THEN e.total_rows::numeric
      WHEN 'throughput' THEN e.throughput END AS numeric(38, 10))`;

/** metricValueOf for a metric known when the SQL is written (a column name). */
export const metricColumnValue = (column: string): string =>
  `CAST(e.${column}::numeric AS numeric(38, 10))`;

/** Where the baseline's subject comes from: SQL expressions for its columns. */
export interface BaselineSubject {
  pipelineId: string;
  hourRecorded: string;
  startDate: string;
  executionId: string;
}

/**
 * count / avg / stddev_samp (as size, mean, stddev) of `metric` over the baseline of `subject`:
 * the pipeline's successful, ended runs that started within `lookbackDays` days before the
 * subject's start, in the same UTC hour of day, excluding the subject itself, runs already
 * flagged for the metric and null values. One range scan of ix_pipeline_execution_anomaly_baseline.
 */
export function baselineAggregate(
  metric: string,
  lookbackDays: string,
  subject: BaselineSubject,
): string {
  return `SELECT count(v.value)::int AS size, avg(v.value)::float8 AS mean,
      stddev_samp(v.value)::float8 AS stddev
    FROM pipeline_execution e
    CROSS JOIN LATERAL (SELECT ${metricValueOf(metric)} AS value) v
    WHERE e.pipeline_id = ${subject.pipelineId} AND e.hour_recorded = ${subject.hourRecorded}
      AND e.end_date IS NOT NULL AND e.completed_successfully
      AND e.start_date >= ${subject.startDate} - make_interval(hours => 24 * ${lookbackDays})
      AND e.start_date <= ${subject.startDate}
      AND e.id <> ${subject.executionId}
      AND (e.anomaly_flags ->> ${metric}) IS DISTINCT FROM 'true'`;
}

import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AnomalyDetectionResultEntity } from 'src/modules/anomaly/entities/anomaly-detection-result.entity';

/** Results (anomaly_detection_result) and the evaluated-end marker (anomaly_detection_run). */

export type NewResult = Pick<
  AnomalyDetectionResultEntity,
  | 'anomaly_detection_rule_id'
  | 'metric_field'
  | 'value'
  | 'mean'
  | 'stddev'
  | 'z_score'
  | 'lower_bound'
  | 'upper_bound'
  | 'baseline_size'
  | 'direction'
  | 'z_threshold'
>;

/**
 * One statement for a detection's writes: the results of evaluated rules without an anomaly this
 * time are deleted; the anomalies are upserted, one row per (execution, rule), and an upsert that
 * finds the same numbers writes nothing (ids and created_at stay); the end is marked evaluated.
 * Answers the metrics of the deleted rows. The DELETE and the INSERT touch disjoint rules.
 * $1 execution, $2 evaluated rule ids, $3 end version, $4… the anomalies' columns.
 */
const REPLACE_RESULTS = `
  WITH stale AS (
    DELETE FROM anomaly_detection_result
    WHERE pipeline_execution_id = $1 AND anomaly_detection_rule_id = ANY($2::int[])
      AND NOT (anomaly_detection_rule_id = ANY($4::int[]))
    RETURNING metric_field),
  upserted AS (
    INSERT INTO anomaly_detection_result AS r (pipeline_execution_id, anomaly_detection_rule_id,
      metric_field, value, mean, stddev, z_score, lower_bound, upper_bound, baseline_size,
      direction, z_threshold)
    SELECT $1, n.* FROM unnest($4::int[], $5::text[], $6::float8[], $7::float8[], $8::float8[],
      $9::float8[], $10::float8[], $11::float8[], $12::int[], $13::text[], $14::float8[])
      AS n(rule_id, metric_field, value, mean, stddev, z_score, lower_bound, upper_bound,
        baseline_size, direction, z_threshold)
    ON CONFLICT ON CONSTRAINT uq_anomaly_detection_result_execution_rule DO UPDATE SET
      metric_field = EXCLUDED.metric_field, value = EXCLUDED.value, mean = EXCLUDED.mean,
      stddev = EXCLUDED.stddev, z_score = EXCLUDED.z_score, lower_bound = EXCLUDED.lower_bound,
      upper_bound = EXCLUDED.upper_bound, baseline_size = EXCLUDED.baseline_size,
      direction = EXCLUDED.direction, z_threshold = EXCLUDED.z_threshold, created_at = now()
    WHERE (r.metric_field, r.value, r.mean, r.stddev, r.z_score, r.lower_bound, r.upper_bound,
        r.baseline_size, r.direction, r.z_threshold)
      IS DISTINCT FROM (EXCLUDED.metric_field, EXCLUDED.value, EXCLUDED.mean, EXCLUDED.stddev,
        EXCLUDED.z_score, EXCLUDED.lower_bound, EXCLUDED.upper_bound, EXCLUDED.baseline_size,
        EXCLUDED.direction, EXCLUDED.z_threshold)
    RETURNING 1),
  marked AS (
    INSERT INTO anomaly_detection_run (pipeline_execution_id, end_version) VALUES ($1, $3)
    ON CONFLICT (pipeline_execution_id) DO UPDATE
      SET end_version = EXCLUDED.end_version, evaluated_at = now()
    RETURNING 1)
  SELECT metric_field FROM stale`;

const IS_EVALUATED = `
  SELECT 1 AS found FROM anomaly_detection_run
  WHERE pipeline_execution_id = $1 AND end_version = $2`;

const DELETE_FOR_METRICS = `
  DELETE FROM anomaly_detection_result
  WHERE pipeline_execution_id = $1 AND metric_field = ANY($2::text[])
  RETURNING metric_field`;

@Injectable()
export class AnomalyResultRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  listForExecution(
    executionId: number,
    page: { limit: number; offset?: number },
  ): Promise<AnomalyDetectionResultEntity[]> {
    return this.repository().find({
      where: { pipeline_execution_id: executionId },
      order: { id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  findLatestForRule(ruleId: number): Promise<AnomalyDetectionResultEntity | null> {
    return this.repository().findOne({
      where: { anomaly_detection_rule_id: ruleId },
      order: { id: 'DESC' },
    });
  }

  /** True when detection has already evaluated this end of the execution. */
  async isEvaluated(executionId: number, endVersion: number): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(IS_EVALUATED, [executionId, endVersion]);
    return rows.length > 0;
  }

  /**
   * Makes `results` the execution's results for the evaluated rules (rows of evaluated rules
   * without an anomaly now are deleted, the rest upserted) and marks `endVersion` evaluated, in
   * one statement. Returns the metrics of deleted rows.
   */
  async replaceForExecution(
    executionId: number,
    endVersion: number,
    evaluatedRuleIds: number[],
    results: NewResult[],
  ): Promise<string[]> {
    const column = <K extends keyof NewResult>(key: K): Array<NewResult[K]> =>
      results.map((result) => result[key]);
    const rows: Array<{ metric_field: string }> = await this.txHost.tx.query(REPLACE_RESULTS, [
      executionId,
      evaluatedRuleIds,
      endVersion,
      column('anomaly_detection_rule_id'),
      column('metric_field'),
      column('value'),
      column('mean'),
      column('stddev'),
      column('z_score'),
      column('lower_bound'),
      column('upper_bound'),
      column('baseline_size'),
      column('direction'),
      column('z_threshold'),
    ]);
    return rows.map((row) => row.metric_field);
  }

  /** Deletes the execution's results for these metrics; returns the metrics that had one. */
  async deleteForMetrics(executionId: number, metrics: string[]): Promise<string[]> {
    if (metrics.length === 0) {
      return [];
    }
    const [deleted]: [Array<{ metric_field: string }>, number] = await this.txHost.tx.query(
      DELETE_FOR_METRICS,
      [executionId, metrics],
    );
    return [...new Set(deleted.map((row) => row.metric_field))];
  }

  private repository() {
    return this.txHost.tx.getRepository(AnomalyDetectionResultEntity);
  }
}

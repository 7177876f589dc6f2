import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { preparedStatement } from 'src/database/prepared-statement';
import { metricColumnValue } from 'src/database/sql/execution-baseline.sql';
import { StatementCoalescer } from 'src/database/statement-coalescer';
import { StatementRunner } from 'src/database/statement-runner';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import type { BaselineStatistics } from 'src/modules/anomaly/anomaly-detection.util';
import type { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import { EXECUTION_METRICS } from 'src/modules/execution/execution.service';

/**
 * Detection's read of ended executions in one query: each execution as detection judges it,
 * whether this end was evaluated already, whether it has results, and every active rule of its
 * pipeline with its baseline. Reads pipeline_execution (the execution module's table) directly:
 * this runs once per successful end, and one round trip instead of six is the point. The reads
 * (and the marks) of the executions that concurrent jobs detect at the same moment — the items
 * of a batch carrier — are coalesced into one statement (StatementCoalescer): one query per
 * batch of ended executions for all their rules.
 */

export type RuleWithBaseline = Pick<
  AnomalyDetectionRuleEntity,
  | 'id'
  | 'metric_field'
  | 'z_threshold'
  | 'lookback_days'
  | 'minimum_executions'
  | 'direction'
  | 'min_change_percent'
> & { baseline: BaselineStatistics };

export interface DetectionInput {
  id: number;
  pipelineId: number;
  startDate: Date;
  isSuccessful: boolean;
  endVersion: number;
  anomalyFlags: Record<string, boolean> | null;
  metrics: Record<string, number | null>;
  isEvaluated: boolean;
  hasResults: boolean;
  /** Active rules by id; empty unless the execution ended successfully. */
  rules: RuleWithBaseline[];
}

const endVersionOf = (updatedAt: string) =>
  `COALESCE((extract(epoch FROM ${updatedAt}) * 1000000)::int8, 0)`;

/**
 * count / mean / sample sd of every metric over its rule's baseline, in ONE scan of the widest
 * lookback window (a pipeline has at most one rule per metric): per metric, FILTERs keep its own
 * window (w.from_<metric>, computed once) and leave out runs flagged for it; each value is cast
 * once per row (v). The same baseline as baselineAggregate (the locked path's per-rule query).
 */
const BASELINES_OF_ALL_METRICS = `json_build_object(${EXECUTION_METRICS.map((metric) => {
  const keep = `FILTER (WHERE e.start_date >= w.from_${metric} AND v.keep_${metric})`;
  return `'${metric}', json_build_object('size', count(v.${metric}) ${keep},
      'mean', (avg(v.${metric}) ${keep})::float8,
      'stddev', (stddev_samp(v.${metric}) ${keep})::float8)`;
}).join(',\n    ')})`;

/** The metric values of baseline row e, as exact decimals, and whether each may count. */
const ROW_VALUES = EXECUTION_METRICS.map(
  (metric) => `${metricColumnValue(metric)} AS ${metric},
      (e.anomaly_flags IS NULL OR (e.anomaly_flags ->> '${metric}') IS DISTINCT FROM 'true')
        AS keep_${metric}`,
).join(',\n      ');

/** $1 execution ids. No row for an id: that execution does not exist. */
// Exported for EXPLAIN by hand (bench/README.md, "PostgreSQL side").
export const DETECTION_INPUT = `
  SELECT s.id, s.pipeline_id, s.start_date, s.is_successful, s.end_version, s.anomaly_flags,
    json_build_object('duration_seconds', s.duration_seconds::float8, 'inserts', s.inserts::float8,
      'updates', s.updates::float8, 'soft_deletes', s.soft_deletes::float8,
      'total_rows', s.total_rows::float8, 'throughput', s.throughput::float8) AS metrics,
    EXISTS (SELECT 1 FROM anomaly_detection_run d
      WHERE d.pipeline_execution_id = s.id AND d.end_version = s.end_version) AS is_evaluated,
    EXISTS (SELECT 1 FROM anomaly_detection_result d
      WHERE d.pipeline_execution_id = s.id) AS has_results,
    COALESCE(w.rules, '[]'::json) AS rules, b.baselines
  FROM (
    SELECT id, pipeline_id, start_date, hour_recorded, anomaly_flags, duration_seconds, inserts,
      updates, soft_deletes, total_rows, throughput, ${endVersionOf('updated_at')} AS end_version,
      (completed_successfully IS TRUE AND end_date IS NOT NULL) AS is_successful
    FROM pipeline_execution WHERE id = ANY($1::int8[])
  ) s
  CROSS JOIN LATERAL (
    SELECT json_agg(json_build_object('id', r.id, 'metric_field', r.metric_field,
        'z_threshold', r.z_threshold, 'lookback_days', r.lookback_days,
        'minimum_executions', r.minimum_executions, 'direction', r.direction,
        'min_change_percent', r.min_change_percent) ORDER BY r.id) AS rules,
      s.start_date - make_interval(hours => 24 * max(r.lookback_days)) AS from_widest,
      ${EXECUTION_METRICS.map(
        (metric) =>
          `s.start_date - make_interval(hours => 24 * max(r.lookback_days)
        FILTER (WHERE r.metric_field = '${metric}')) AS from_${metric}`,
      ).join(',\n      ')}
    FROM anomaly_detection_rule r
    WHERE r.pipeline_id = s.pipeline_id AND r.active AND s.is_successful
  ) w
  CROSS JOIN LATERAL (
    SELECT ${BASELINES_OF_ALL_METRICS} AS baselines
    FROM pipeline_execution e
    CROSS JOIN LATERAL (SELECT ${ROW_VALUES}) v
    WHERE e.pipeline_id = s.pipeline_id AND e.hour_recorded = s.hour_recorded
      AND e.end_date IS NOT NULL AND e.completed_successfully
      AND e.start_date >= w.from_widest AND e.start_date <= s.start_date
      AND e.id <> s.id
  ) b`;

/**
 * Marks end $2[i] of execution $1[i] evaluated, unless the execution was ended again since (its
 * own detection follows) or a newer end is marked already. One autocommit statement for all
 * pairs (a pair given twice is marked once; rows in id order, as every writer locks them).
 */
const MARK_EVALUATED = preparedStatement(
  'mark_detection_evaluated',
  `
  INSERT INTO anomaly_detection_run AS d (pipeline_execution_id, end_version)
  SELECT DISTINCT e.id, m.end_version
  FROM unnest($1::int8[], $2::int8[]) AS m(id, end_version)
  JOIN pipeline_execution e ON e.id = m.id AND ${endVersionOf('e.updated_at')} = m.end_version
  ORDER BY e.id
  ON CONFLICT (pipeline_execution_id) DO UPDATE
    SET end_version = EXCLUDED.end_version, evaluated_at = now()
    WHERE d.end_version < EXCLUDED.end_version`,
);

/** Executions whose reads (or marks) are sent as one statement at most. */
export const DETECTION_BATCH_LIMIT = 64;

const FIND_INPUTS = preparedStatement('detection_inputs', DETECTION_INPUT);

interface DetectionInputRow {
  id: string | number;
  pipeline_id: number;
  start_date: Date;
  is_successful: boolean;
  end_version: string | number;
  anomaly_flags: Record<string, boolean> | null;
  metrics: Record<string, number | null>;
  is_evaluated: boolean;
  has_results: boolean;
  rules: Array<Omit<RuleWithBaseline, 'baseline'>>;
  baselines: Record<string, BaselineStatistics>;
}

@Injectable()
export class AnomalyDetectionRepository {
  private readonly reads = new StatementCoalescer<number, DetectionInput | null>(
    (ids) => this.findInputs(ids),
    DETECTION_BATCH_LIMIT,
  );
  private readonly marks = new StatementCoalescer<[number, number], void>(async (pairs) => {
    await this.markAllEvaluated(pairs);
    return pairs.map(() => undefined);
  }, DETECTION_BATCH_LIMIT);

  constructor(
    private readonly statements: StatementRunner,
    private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>,
  ) {}

  /** Null: the execution does not exist. Coalesced with concurrent reads outside transactions. */
  async findInput(executionId: number): Promise<DetectionInput | null> {
    if (this.txHost.isTransactionActive()) {
      return (await this.findInputs([executionId]))[0];
    }
    return this.reads.run(executionId);
  }

  /** Coalesced with concurrent marks outside transactions. */
  async markEvaluated(executionId: number, endVersion: number): Promise<void> {
    if (this.txHost.isTransactionActive()) {
      await this.markAllEvaluated([[executionId, endVersion]]);
      return;
    }
    await this.marks.run([executionId, endVersion]);
  }

  /** The inputs of the executions, in the order of `ids` (null where one does not exist). */
  private async findInputs(ids: number[]): Promise<Array<DetectionInput | null>> {
    const rows = await this.statements.rows<DetectionInputRow>(FIND_INPUTS, [ids]);
    const byId = new Map(rows.map((row) => [Number(row.id), toInput(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async markAllEvaluated(pairs: Array<[number, number]>): Promise<void> {
    await this.statements.run(MARK_EVALUATED, [
      pairs.map(([id]) => id),
      pairs.map(([, endVersion]) => endVersion),
    ]);
  }
}

function toInput(row: DetectionInputRow): DetectionInput {
  return {
    id: Number(row.id),
    pipelineId: row.pipeline_id,
    startDate: row.start_date,
    isSuccessful: row.is_successful,
    endVersion: Number(row.end_version),
    anomalyFlags: row.anomaly_flags,
    metrics: row.metrics,
    isEvaluated: row.is_evaluated,
    hasResults: row.has_results,
    rules: row.rules.map((rule) => ({
      ...rule,
      baseline: row.baselines[rule.metric_field] ?? { size: 0, mean: null, stddev: null },
    })),
  };
}

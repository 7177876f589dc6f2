import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { baselineAggregate, metricValueOf } from 'src/database/sql/execution-baseline.sql';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import type { ExecutionStatus } from 'src/modules/execution/dto/list-executions.query';
import type { ExecutionMetric } from 'src/modules/execution/execution-metrics.util';
import {
  type Int8,
  PipelineExecutionEntity,
} from 'src/modules/execution/entities/pipeline-execution.entity';

/** The columns an execution is answered with. */
export type ExecutionRow = Pick<
  PipelineExecutionEntity,
  | 'id'
  | 'parent_id'
  | 'pipeline_id'
  | 'start_date'
  | 'end_date'
  | 'duration_seconds'
  | 'completed_successfully'
  | 'inserts'
  | 'updates'
  | 'soft_deletes'
  | 'total_rows'
  | 'watermark'
  | 'next_watermark'
  | 'execution_metadata'
  | 'anomaly_flags'
  | 'throughput'
>;

export type ExecutionTreeRow = ExecutionRow & { depth: number };

export interface NewExecution {
  pipelineId: number;
  parentId: number | null;
  startDate: Date;
  watermark: string | null;
  nextWatermark: string | null;
  hourRecorded: number;
  dateRecorded: string;
  idempotencyKey: string | null;
}

/** What the first start with an Idempotency-Key asked for. */
export interface IdempotentStart {
  id: number;
  pipeline_id: number;
  parent_id: number | null;
  start_date: Date;
}

/** An execution as anomaly detection reads it; metric values as doubles. */
export type AnomalySubjectRow = Pick<
  PipelineExecutionEntity,
  | 'pipeline_id'
  | 'start_date'
  | 'end_date'
  | 'completed_successfully'
  | 'hour_recorded'
  | 'anomaly_flags'
> & { id: Int8; end_version: number } & Record<ExecutionMetric, number | null>;

/** One baseline to compute: a metric over the runs of the last `lookbackDays` days. */
export interface BaselineSpec {
  metric: ExecutionMetric;
  lookbackDays: number;
}

/** Count, mean and sample standard deviation of a baseline (null when it has < 1 / < 2 values). */
export interface BaselineStatistics {
  size: number;
  mean: number | null;
  stddev: number | null;
}

export interface BaselineBucket {
  hourRecorded: number;
  size: number;
}

export interface BaselineBuckets {
  /** The UTC hour of the pipeline's latest successful run. */
  referenceHour: number;
  /** Hours with at least one qualifying run, ascending. */
  buckets: BaselineBucket[];
}

/** What one retention batch deleted. */
export interface RetentionDeleted {
  executions: number;
  closureAsAncestor: number;
  closureAsDescendant: number;
  anomalyResults: number;
}

export interface ExecutionListFilter {
  limit: number;
  beforeId?: number;
  status?: ExecutionStatus;
}

/** A keyed start that finds its key taken inserts nothing (and returns no row). */
const INSERT_EXECUTION = `
  INSERT INTO pipeline_execution (pipeline_id, parent_id, start_date, watermark, next_watermark,
    hour_recorded, date_recorded, idempotency_key)
  VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7::date, $8)
  ON CONFLICT (pipeline_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id`;

const FIND_ID_BY_IDEMPOTENCY_KEY = `
  SELECT id FROM pipeline_execution WHERE pipeline_id = $1 AND idempotency_key = $2`;

/** The self row at depth 0, plus a copy of every ancestor row of the parent at depth + 1. */
const INSERT_CLOSURE_ROWS = `
  INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
  SELECT $1::bigint, $1::bigint, 0
  UNION ALL
  SELECT ancestor_id, $1::bigint, depth + 1
  FROM pipeline_execution_closure
  WHERE descendant_id = $2::bigint`;

const EXISTS_EXECUTION = `SELECT 1 AS found FROM pipeline_execution WHERE id = $1`;

/** An execution's nesting depth (0 for a root) from its closure rows; no row if it is unknown. */
const FIND_DEPTH = `
  SELECT max(depth) AS depth FROM pipeline_execution_closure WHERE descendant_id = $1
  HAVING count(*) > 0`;

/** Serialises starts that carry one Idempotency-Key (any pipeline) until the commit. */
const LOCK_IDEMPOTENCY_KEY = `SELECT pg_advisory_xact_lock(hashtextextended($1, 8)) AS locked`;

/** The execution a key started first, preferring the same pipeline (keys were per pipeline). */
const FIND_BY_IDEMPOTENCY_KEY = `
  SELECT id, pipeline_id, parent_id, start_date FROM pipeline_execution
  WHERE idempotency_key = $1
  ORDER BY (pipeline_id = $2) DESC, id
  LIMIT 1`;

/** NO KEY UPDATE, as an end: detection and unflag of one execution run one after the other. */
const LOCK_ANOMALY_SUBJECT = `
  SELECT id, pipeline_id, start_date, end_date, completed_successfully, hour_recorded,
    COALESCE((extract(epoch FROM updated_at) * 1000000)::int8, 0) AS end_version, anomaly_flags, duration_seconds::float8 AS duration_seconds, inserts::float8 AS inserts,
    updates::float8 AS updates, soft_deletes::float8 AS soft_deletes,
    total_rows::float8 AS total_rows, throughput::float8 AS throughput
  FROM pipeline_execution WHERE id = $1 FOR NO KEY UPDATE`;

const FIND_PIPELINE_ID = `SELECT pipeline_id FROM pipeline_execution WHERE id = $1`;

/**
 * The baselines of one execution for several (metric, lookback) pairs in one statement
 * (DESIGN §5.4): the pipeline's successful, ended runs that started within the lookback window
 * before this execution's start, in the same UTC hour of day, excluding the execution itself,
 * runs already flagged for the metric and null values. Each pair is one range scan of
 * ix_pipeline_execution_anomaly_baseline. Exact numeric aggregates: a constant series has a
 * standard deviation of exactly 0, and large counts keep their fractional digits.
 * $1 pipeline, $2 hour, $3 start, $4 execution id, $5 metrics, $6 lookback days.
 */
// Exported for the plan test (test/e2e/anomaly-baseline.e2e-spec.ts).
export const BASELINE_STATISTICS = `
  SELECT s.ordinal::int AS ordinal, b.size, b.mean, b.stddev
  FROM unnest($5::text[], $6::int[]) WITH ORDINALITY AS s(metric, lookback_days, ordinal)
  CROSS JOIN LATERAL (
    ${baselineAggregate('s.metric', 's.lookback_days', {
      pipelineId: '$1',
      hourRecorded: '$2',
      startDate: '$3::timestamptz',
      executionId: '$4',
    })}
  ) b
  ORDER BY s.ordinal`;

/**
 * Baseline sizes per UTC hour of day as the pipeline's next run would see them: the window ends
 * at the start of the pipeline's latest successful run (included), whose hour is the reference
 * bucket. No row without such a run; one row with null bucket columns when no value qualifies.
 * $1 pipeline, $2 metric, $3 lookback days.
 */
const BASELINE_BUCKETS = `
  WITH reference AS (
    SELECT start_date, hour_recorded FROM pipeline_execution
    WHERE pipeline_id = $1 AND end_date IS NOT NULL AND completed_successfully
    ORDER BY start_date DESC, id DESC LIMIT 1)
  SELECT r.hour_recorded AS reference_hour, b.hour_recorded, b.size
  FROM reference r
  LEFT JOIN LATERAL (
    SELECT e.hour_recorded, count(${metricValueOf('$2::text')})::int AS size
    FROM pipeline_execution e
    WHERE e.pipeline_id = $1
      AND e.end_date IS NOT NULL AND e.completed_successfully
      AND e.start_date >= r.start_date - make_interval(hours => 24 * $3::int)
      AND e.start_date <= r.start_date
      AND (e.anomaly_flags ->> $2::text) IS DISTINCT FROM 'true'
    GROUP BY e.hour_recorded
  ) b ON true
  ORDER BY b.hour_recorded`;

/** Merges flags into anomaly_flags; writes nothing when they are already there. */
const MERGE_ANOMALY_FLAGS = `
  UPDATE pipeline_execution SET anomaly_flags = COALESCE(anomaly_flags, '{}'::jsonb) || $2::jsonb
  WHERE id = $1 AND (anomaly_flags IS NULL OR NOT anomaly_flags @> $2::jsonb)`;

const EXECUTION_COLUMNS = `e.id, e.parent_id, e.pipeline_id, e.start_date, e.end_date,
  e.duration_seconds, e.completed_successfully, e.inserts, e.updates, e.soft_deletes,
  e.total_rows, e.watermark, e.next_watermark, e.execution_metadata, e.anomaly_flags,
  e.throughput`;

/** The execution and all its descendants, parents before children. */
const FIND_SUBTREE = `
  SELECT ${EXECUTION_COLUMNS}, c.depth
  FROM pipeline_execution_closure c
  JOIN pipeline_execution e ON e.id = c.descendant_id
  WHERE c.ancestor_id = $1
  ORDER BY c.depth, e.id`;

/**
 * Retention, one batch: up to $2 executions that started before $1 and have no child (leaves:
 * a parent goes in a later batch, once its children have gone; one with a kept child stays),
 * oldest first, row-locked. Rows that ingestion holds (an end in progress) are skipped, never
 * waited on. A child started after this lock waits for the batch and then finds no parent.
 */
const LOCK_RETENTION_BATCH = `
  SELECT e.id FROM pipeline_execution e
  WHERE e.start_date < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM pipeline_execution c WHERE c.parent_id = e.id)
  ORDER BY e.start_date, e.id
  LIMIT $2
  FOR UPDATE OF e SKIP LOCKED`;

/** Of the locked ids, those still without a child (a new statement sees children committed since). */
const STILL_CHILDLESS = `
  SELECT x.id FROM unnest($1::bigint[]) AS x(id)
  WHERE NOT EXISTS (SELECT 1 FROM pipeline_execution c WHERE c.parent_id = x.id)`;

/** Closure rows where the execution is the ancestor (for a leaf: its own depth-0 row). */
const DELETE_CLOSURE_AS_ANCESTOR = `
  DELETE FROM pipeline_execution_closure WHERE ancestor_id = ANY($1::bigint[])`;

/** Closure rows where the execution is a descendant of a kept or deleted ancestor. */
const DELETE_CLOSURE_AS_DESCENDANT = `
  DELETE FROM pipeline_execution_closure WHERE descendant_id = ANY($1::bigint[])`;

/** The anomaly module's results table, when that module is installed. */
const HAS_ANOMALY_RESULTS = `SELECT to_regclass('anomaly_detection_result') IS NOT NULL AS found`;

const DELETE_ANOMALY_RESULTS_OF = `
  DELETE FROM anomaly_detection_result WHERE pipeline_execution_id = ANY($1::bigint[])`;

const DELETE_EXECUTIONS = `DELETE FROM pipeline_execution WHERE id = ANY($1::bigint[])`;

const STATUS_CONDITIONS: Record<ExecutionStatus, string> = {
  running: 'e.completed_successfully IS NULL',
  succeeded: 'e.completed_successfully = true',
  failed: 'e.completed_successfully = false',
};

@Injectable()
export class ExecutionRepository {
  /** `txHost.tx`: the ambient transaction's EntityManager, or the DataSource's outside one. */
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** The new execution's id, or null when its Idempotency-Key is already taken. */
  async insertIfAbsent(values: NewExecution): Promise<number | null> {
    const rows: Array<{ id: Int8 }> = await this.txHost.tx.query(INSERT_EXECUTION, [
      values.pipelineId,
      values.parentId,
      values.startDate.toISOString(),
      values.watermark,
      values.nextWatermark,
      values.hourRecorded,
      values.dateRecorded,
      values.idempotencyKey,
    ]);
    // Identity ids stay far below 2^53: the API hands them out as JSON numbers.
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  async findIdByIdempotencyKey(pipelineId: number, key: string): Promise<number | null> {
    const rows: Array<{ id: Int8 }> = await this.txHost.tx.query(FIND_ID_BY_IDEMPOTENCY_KEY, [
      pipelineId,
      key,
    ]);
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  /**
   * Locks the Idempotency-Key for the rest of the transaction (so two starts with one key cannot
   * both insert), then returns the execution it started first, if any.
   */
  async lockAndFindByIdempotencyKey(
    key: string,
    pipelineId: number,
  ): Promise<IdempotentStart | null> {
    await this.txHost.tx.query(LOCK_IDEMPOTENCY_KEY, [key]);
    const rows: Array<{ id: Int8; pipeline_id: number; parent_id: Int8 | null; start_date: Date }> =
      await this.txHost.tx.query(FIND_BY_IDEMPOTENCY_KEY, [key, pipelineId]);
    const row = rows[0];
    if (!row) {
      return null;
    }
    const parentId = row.parent_id === null ? null : Number(row.parent_id);
    return { ...row, id: Number(row.id), parent_id: parentId };
  }

  /** The nesting depth of an execution (0 for a root), or null when it does not exist. */
  async findDepth(id: number): Promise<number | null> {
    const rows: Array<{ depth: number }> = await this.txHost.tx.query(FIND_DEPTH, [id]);
    return rows.length > 0 ? Number(rows[0].depth) : null;
  }

  async insertClosureRows(id: number, parentId: number | null) {
    await this.txHost.tx.query(INSERT_CLOSURE_ROWS, [id, parentId]);
  }

  async exists(id: number): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(EXISTS_EXECUTION, [id]);
    return rows.length > 0;
  }

  async lockAnomalySubject(id: number): Promise<AnomalySubjectRow | null> {
    const rows: AnomalySubjectRow[] = await this.txHost.tx.query(LOCK_ANOMALY_SUBJECT, [id]);
    return rows[0] ?? null;
  }

  async findPipelineId(id: number): Promise<number | null> {
    const rows: Array<{ pipeline_id: number }> = await this.txHost.tx.query(FIND_PIPELINE_ID, [id]);
    return rows.length > 0 ? rows[0].pipeline_id : null;
  }

  /** One statistics row per spec, in the order given. */
  async findBaselineStatistics(
    subject: Pick<AnomalySubjectRow, 'pipeline_id' | 'hour_recorded' | 'start_date' | 'id'>,
    specs: BaselineSpec[],
  ): Promise<BaselineStatistics[]> {
    if (specs.length === 0) {
      return [];
    }
    const rows: Array<BaselineStatistics & { ordinal: number }> = await this.txHost.tx.query(
      BASELINE_STATISTICS,
      [
        subject.pipeline_id,
        subject.hour_recorded,
        subject.start_date.toISOString(),
        subject.id,
        specs.map((spec) => spec.metric),
        specs.map((spec) => spec.lookbackDays),
      ],
    );
    return rows.map(({ size, mean, stddev }) => ({ size, mean, stddev }));
  }

  /** Null without a successful run (no reference bucket). */
  async findBaselineBuckets(
    pipelineId: number,
    spec: BaselineSpec,
  ): Promise<BaselineBuckets | null> {
    const rows: Array<{
      reference_hour: number;
      hour_recorded: number | null;
      size: number | null;
    }> = await this.txHost.tx.query(BASELINE_BUCKETS, [pipelineId, spec.metric, spec.lookbackDays]);
    if (rows.length === 0) {
      return null;
    }
    const buckets: BaselineBucket[] = [];
    for (const row of rows) {
      if (row.hour_recorded !== null && row.size !== null) {
        buckets.push({ hourRecorded: row.hour_recorded, size: row.size });
      }
    }
    return { referenceHour: rows[0].reference_hour, buckets };
  }

  /** True when the flags changed something. */
  async mergeAnomalyFlags(id: number, flags: Record<string, boolean>): Promise<boolean> {
    const [, changed]: [unknown[], number] = await this.txHost.tx.query(MERGE_ANOMALY_FLAGS, [
      id,
      JSON.stringify(flags),
    ]);
    return changed > 0;
  }

  /** Empty when the execution does not exist (every execution has its depth-0 row). */
  findSubtree(id: number): Promise<ExecutionTreeRow[]> {
    return this.txHost.tx.query(FIND_SUBTREE, [id]);
  }

  /** Locks a retention batch (see LOCK_RETENTION_BATCH) and returns its ids. */
  async lockRetentionBatch(cutoff: Date, limit: number): Promise<number[]> {
    const rows: Array<{ id: Int8 }> = await this.txHost.tx.query(LOCK_RETENTION_BATCH, [
      cutoff.toISOString(),
      limit,
    ]);
    if (rows.length === 0) {
      return [];
    }
    const childless: Array<{ id: Int8 }> = await this.txHost.tx.query(STILL_CHILDLESS, [
      rows.map((row) => row.id),
    ]);
    return childless.map((row) => Number(row.id));
  }

  /**
   * Deletes leaf executions with their closure rows and anomaly results, each counted (nothing
   * is left for ON DELETE CASCADE, so the counts are the rows really gone).
   */
  async deleteLeaves(ids: number[]): Promise<RetentionDeleted> {
    const deleted: RetentionDeleted = {
      executions: 0,
      closureAsAncestor: 0,
      closureAsDescendant: 0,
      anomalyResults: 0,
    };
    if (ids.length === 0) {
      return deleted;
    }
    deleted.closureAsAncestor = await this.deleteCounted(DELETE_CLOSURE_AS_ANCESTOR, ids);
    deleted.closureAsDescendant = await this.deleteCounted(DELETE_CLOSURE_AS_DESCENDANT, ids);
    const [{ found }]: Array<{ found: boolean }> = await this.txHost.tx.query(HAS_ANOMALY_RESULTS);
    if (found) {
      deleted.anomalyResults = await this.deleteCounted(DELETE_ANOMALY_RESULTS_OF, ids);
    }
    deleted.executions = await this.deleteCounted(DELETE_EXECUTIONS, ids);
    return deleted;
  }

  /** A pipeline's executions, newest first. */
  listForPipeline(pipelineId: number, filter: ExecutionListFilter): Promise<ExecutionRow[]> {
    const query = this.txHost.tx
      .getRepository(PipelineExecutionEntity)
      .createQueryBuilder('e')
      .where('e.pipeline_id = :pipelineId', { pipelineId })
      .orderBy('e.id', 'DESC')
      .limit(filter.limit);
    if (filter.beforeId !== undefined) {
      query.andWhere('e.id < :beforeId', { beforeId: filter.beforeId });
    }
    if (filter.status !== undefined) {
      query.andWhere(STATUS_CONDITIONS[filter.status]);
    }
    return query.getMany();
  }

  private async deleteCounted(sql: string, ids: number[]): Promise<number> {
    const [, count]: [unknown[], number] = await this.txHost.tx.query(sql, [ids]);
    return count;
  }
}

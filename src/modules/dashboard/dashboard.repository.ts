import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { escapeLike } from 'src/common/util/escape-like.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import {
  PIPELINE_STATES,
  stateRank,
  type FreshnessState,
  type PipelineState,
  type RunStatus,
} from 'src/modules/dashboard/dashboard-state.util';

/**
 * `timestamp + n datepart`, calendar-aware and in UTC whatever the session time zone
 * (2024-01-31 + 1 month = 2024-02-29), as the monitoring checks compute it. n is capped at about
 * 1000 years, so a huge threshold means "never" instead of an out-of-range error.
 */
function plusThreshold(timestamp: string, number: string, datepart: string): string {
  const part = (name: string, cap: number): string =>
    `CASE WHEN ${datepart} = '${name}' THEN LEAST(${number}, ${cap}) ELSE 0 END`;
  return `((${timestamp}) AT TIME ZONE 'UTC' + make_interval(
      years => ${part('year', 1000)}, months => ${part('month', 12_000)},
      weeks => ${part('week', 52_179)}, days => ${part('day', 365_250)},
      hours => ${part('hour', 8_766_000)}, mins => ${part('minute', 525_960_000)}
    )) AT TIME ZONE 'UTC'`;
}

/**
 * DESIGN §5.5 precedence as a lateral `alias(number, datepart, source)` over `p` (pipeline) and
 * `t` (its type): the pipeline's pair when both are set, else the type's, else nulls.
 */
function effectiveThresholdLateral(check: 'freshness' | 'timeliness', alias: string) {
  const own = `p.${check}_number IS NOT NULL AND p.${check}_datepart IS NOT NULL`;
  const inherited = `t.${check}_number IS NOT NULL AND t.${check}_datepart IS NOT NULL`;
  return `CROSS JOIN LATERAL (SELECT
      CASE WHEN ${own} THEN p.${check}_number WHEN ${inherited} THEN t.${check}_number END AS number,
      CASE WHEN ${own} THEN p.${check}_datepart WHEN ${inherited} THEN t.${check}_datepart END
        AS datepart,
      CASE WHEN ${own} THEN 'pipeline' WHEN ${inherited} THEN 'pipeline_type' END AS source
    ) ${alias}`;
}

/** True when a jsonb of anomaly flags has any flag set to true. */
function hasFlagSet(flags: string): string {
  return `(${flags} @? '$.* ? (@ == true)')`;
}

/** `CASE state WHEN 'failed' THEN 0 … END`: the problems-first rank, from PIPELINE_STATES. */
function stateRankSql(column: string): string {
  const whens = PIPELINE_STATES.map((state) => `WHEN '${state}' THEN ${stateRank(state)}`).join(
    ' ',
  );
  return `(CASE ${column} ${whens} END)`;
}

const NOT_FLAGGED_SQL = "'{}'::jsonb";

/**
 * Every pipeline (of the type and search filters) with what its state is derived from: the
 * effective thresholds and mutes, the last DML, and its last run (latest start) with `late`.
 * An inactive pipeline is never checked, so it counts as muted for both checks.
 * Params: $1 now, $2 type name, $3 ILIKE pattern of the name (both optional).
 */
const JUDGED_PIPELINES = `
  base AS (
    SELECT p.id, p.name, p.pipeline_type_id, t.name AS pipeline_type_name, p.active,
      (p.mute_freshness_check OR t.mute_freshness_check OR NOT p.active) AS is_freshness_muted,
      (p.mute_timeliness_check OR t.mute_timeliness_check OR NOT p.active) AS is_timeliness_muted,
      fth.number AS freshness_number, fth.datepart AS freshness_datepart,
      tth.number AS timeliness_number, tth.datepart AS timeliness_datepart,
      GREATEST(p.last_target_insert, p.last_target_update, p.last_target_soft_delete)
        AS last_dml_at
    FROM pipeline p
    JOIN pipeline_type t ON t.id = p.pipeline_type_id
    ${effectiveThresholdLateral('freshness', 'fth')}
    ${effectiveThresholdLateral('timeliness', 'tth')}
    WHERE ($2::text IS NULL OR t.name = $2::text) AND ($3::text IS NULL OR p.name ILIKE $3::text)
  ), judged AS (
    SELECT b.*, lr.id AS run_id, lr.start_date AS run_start_date, lr.end_date AS run_end_date,
      lr.duration_seconds AS run_duration_seconds,
      CASE lr.completed_successfully WHEN true THEN 'succeeded' WHEN false THEN 'failed'
        ELSE CASE WHEN lr.id IS NULL THEN NULL ELSE 'running' END END AS run_status,
      COALESCE(lr.completed_successfully AND ${hasFlagSet('lr.anomaly_flags')}, false)
        AS is_run_anomalous,
      CASE WHEN b.last_dml_at IS NOT NULL AND b.freshness_number IS NOT NULL THEN
        ${plusThreshold('b.last_dml_at', 'b.freshness_number', 'b.freshness_datepart')} END
        AS due_at,
      COALESCE(lr.completed_successfully IS DISTINCT FROM false AND (
        (NOT b.is_timeliness_muted AND b.timeliness_number IS NOT NULL
          AND COALESCE(lr.end_date, $1::timestamptz) >
            ${plusThreshold('lr.start_date', 'b.timeliness_number', 'b.timeliness_datepart')})
        OR EXISTS (SELECT 1 FROM timeliness_pipeline_execution_log tl
          WHERE tl.pipeline_execution_id = lr.id)), false) AS is_run_late
    FROM base b
    LEFT JOIN LATERAL (
      SELECT e.id, e.start_date, e.end_date, e.duration_seconds, e.completed_successfully,
        e.anomaly_flags
      FROM pipeline_execution e WHERE e.pipeline_id = b.id
        -- A step nested under a run of the same pipeline is part of that run, not a run.
        AND NOT EXISTS (SELECT 1 FROM pipeline_execution up
          WHERE up.id = e.parent_id AND up.pipeline_id = e.pipeline_id)
      ORDER BY e.start_date DESC, e.id DESC LIMIT 1
    ) lr ON true
  ), stated AS (
    SELECT j.*, f.freshness_state,
      CASE WHEN j.run_status = 'failed' THEN 'failed'
        WHEN j.is_run_late THEN 'late'
        WHEN f.freshness_state = 'stale' THEN 'stale'
        WHEN j.is_run_anomalous THEN 'anomalous'
        ELSE COALESCE(j.run_status, 'never_run') END AS state
    FROM judged j
    CROSS JOIN LATERAL (SELECT CASE WHEN j.is_freshness_muted THEN 'muted'
        WHEN j.freshness_number IS NULL THEN 'no_threshold'
        WHEN j.due_at < $1::timestamptz THEN 'stale'
        ELSE 'fresh' END AS freshness_state) f
  )`;

/**
 * The overview in one statement: the page (state filter $4, problems first, then name; $5
 * limit, $6 offset) with each row's last success, open anomalies (ended in the 30 days before
 * $1 with a flag set) and its last 20 successful durations, plus the total, the per-state counts
 * of the filtered set and the type names. Per pipeline it reads one index entry of its latest
 * run (and the page rows a few more), never the executions in bulk. `stated` is materialised
 * once and read three times (page, total, counts); a second materialised CTE of the ranked rows
 * cost 2-3x (10,000 pipelines: ~200 ms -> ~75 ms on the bench database).
 */
const OVERVIEW = `
  WITH ${JUDGED_PIPELINES}, page AS (
    SELECT s.*, ${stateRankSql('s.state')} AS state_rank FROM stated s
    WHERE $4::text IS NULL OR s.state = $4::text
    ORDER BY state_rank, s.name, s.id LIMIT $5 OFFSET $6
  )
  SELECT
    (SELECT count(*)::int FROM stated WHERE $4::text IS NULL OR state = $4::text) AS total,
    (SELECT COALESCE(json_object_agg(state, n), '{}'::json)
      FROM (SELECT state, count(*)::int AS n FROM stated GROUP BY state) c) AS counts,
    (SELECT COALESCE(json_agg(name ORDER BY name), '[]'::json) FROM pipeline_type)
      AS pipeline_types,
    (SELECT COALESCE(json_agg(row_to_json(x) ORDER BY x.state_rank, x.name, x.id), '[]'::json)
      FROM (
        SELECT pg.id, pg.name, pg.pipeline_type_id, pg.pipeline_type_name, pg.active,
          pg.run_id, pg.run_status, pg.is_run_late, pg.run_start_date, pg.run_end_date,
          pg.run_duration_seconds, pg.state, pg.state_rank, pg.freshness_state, pg.last_dml_at,
          pg.due_at, ls.end_date AS last_success_at, oa.n AS open_anomalies,
          COALESCE(rd.durations, '{}') AS recent_durations
        FROM page pg
        LEFT JOIN LATERAL (
          SELECT e.end_date FROM pipeline_execution e
          WHERE e.pipeline_id = pg.id AND e.end_date IS NOT NULL AND e.completed_successfully
          ORDER BY e.start_date DESC, e.id DESC LIMIT 1
        ) ls ON true
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS n FROM pipeline_execution e
          WHERE e.pipeline_id = pg.id AND ${hasFlagSet('e.anomaly_flags')}
            AND e.end_date >= $1::timestamptz - interval '30 days'
        ) oa
        LEFT JOIN LATERAL (
          SELECT array_agg(d.duration_seconds ORDER BY d.start_date, d.id) AS durations
          FROM (
            SELECT e.duration_seconds, e.start_date, e.id FROM pipeline_execution e
            WHERE e.pipeline_id = pg.id AND e.end_date IS NOT NULL AND e.completed_successfully
              AND e.duration_seconds IS NOT NULL
            ORDER BY e.start_date DESC, e.id DESC LIMIT 20
          ) d
        ) rd ON true
      ) x) AS items`;

/** One pipeline with its type's threshold columns, its last DML and when that is due. */
const PIPELINE_DETAIL = `
  SELECT p.id, p.name, p.active, p.load_lineage, p.pipeline_type_id,
    t.name AS pipeline_type_name, p.watermark, p.next_watermark, p.pipeline_metadata,
    p.last_target_insert, p.last_target_update, p.last_target_soft_delete, p.created_at,
    p.updated_at,
    p.freshness_number, p.freshness_datepart, p.mute_freshness_check,
    p.timeliness_number, p.timeliness_datepart, p.mute_timeliness_check,
    t.freshness_number AS type_freshness_number, t.freshness_datepart AS type_freshness_datepart,
    t.mute_freshness_check AS type_mute_freshness_check,
    t.timeliness_number AS type_timeliness_number,
    t.timeliness_datepart AS type_timeliness_datepart,
    t.mute_timeliness_check AS type_mute_timeliness_check,
    d.last_dml_at,
    CASE WHEN d.last_dml_at IS NOT NULL AND fth.number IS NOT NULL THEN
      ${plusThreshold('d.last_dml_at', 'fth.number', 'fth.datepart')} END AS due_at
  FROM pipeline p
  JOIN pipeline_type t ON t.id = p.pipeline_type_id
  ${effectiveThresholdLateral('freshness', 'fth')}
  CROSS JOIN LATERAL (SELECT GREATEST(p.last_target_insert, p.last_target_update,
    p.last_target_soft_delete) AS last_dml_at) d
  WHERE p.id = $1`;

/** The watermarks successful runs moved to, newest run first. */
const WATERMARK_HISTORY = `
  SELECT e.id AS execution_id, e.end_date, e.next_watermark AS watermark
  FROM pipeline_execution e
  WHERE e.pipeline_id = $1 AND e.end_date IS NOT NULL AND e.completed_successfully
    AND e.next_watermark IS NOT NULL
  ORDER BY e.start_date DESC, e.id DESC LIMIT $2`;

const RUN_COUNTS = `
  SELECT count(*)::int AS total,
    count(*) FILTER (WHERE completed_successfully)::int AS succeeded,
    count(*) FILTER (WHERE completed_successfully = false)::int AS failed,
    count(*) FILTER (WHERE completed_successfully IS NULL)::int AS running
  FROM pipeline_execution WHERE pipeline_id = $1`;

const RUN_STATUS_CONDITION: Record<RunStatus, string> = {
  succeeded: 'AND e.completed_successfully',
  failed: 'AND e.completed_successfully = false',
  running: 'AND e.completed_successfully IS NULL',
};

const RUN_COLUMNS = `e.id, e.parent_id, e.start_date, e.end_date, e.completed_successfully,
  e.duration_seconds, e.inserts, e.updates, e.soft_deletes, e.total_rows, e.throughput,
  e.anomaly_flags, e.next_watermark`;

/** A page of a pipeline's runs, newest first; the status condition is appended. */
function listRunsSql(status: RunStatus | undefined): string {
  return `SELECT ${RUN_COLUMNS} FROM pipeline_execution e
    WHERE e.pipeline_id = $1 ${status === undefined ? '' : RUN_STATUS_CONDITION[status]}
    ORDER BY e.start_date DESC, e.id DESC LIMIT $2 OFFSET $3`;
}

function countRunsSql(status: RunStatus | undefined): string {
  return `SELECT count(*)::int AS total FROM pipeline_execution e
    WHERE e.pipeline_id = $1 ${status === undefined ? '' : RUN_STATUS_CONDITION[status]}`;
}

/**
 * Successful ended runs that started at or after $2 (the latest $3 of them), oldest first, each
 * with the detection results of its flagged metrics.
 */
const METRIC_POINTS = `
  SELECT w.id AS execution_id, w.start_date, w.total_rows, w.duration_seconds, w.throughput,
    COALESCE(w.anomaly_flags, ${NOT_FLAGGED_SQL}) AS anomaly_flags,
    COALESCE(r.anomalies, '{}'::json) AS anomalies
  FROM (
    SELECT e.id, e.start_date, e.total_rows, e.duration_seconds, e.throughput, e.anomaly_flags
    FROM pipeline_execution e
    WHERE e.pipeline_id = $1 AND e.end_date IS NOT NULL AND e.completed_successfully
      AND e.start_date >= $2::timestamptz
    ORDER BY e.start_date DESC, e.id DESC LIMIT $3
  ) w
  LEFT JOIN LATERAL (
    SELECT json_object_agg(a.metric_field, json_build_object('value', a.value, 'mean', a.mean,
      'stddev', a.stddev, 'z_score', a.z_score, 'lower_bound', a.lower_bound,
      'upper_bound', a.upper_bound)) AS anomalies
    FROM anomaly_detection_result a WHERE a.pipeline_execution_id = w.id
  ) r ON true
  ORDER BY w.start_date, w.id`;

const PING = 'SELECT 1 AS ok';

/** JSON timestamps come back as strings; everything else as the driver gives it. */
type Timestamp = Date | string;

export interface OverviewRow {
  id: number;
  name: string;
  pipeline_type_id: number;
  pipeline_type_name: string;
  active: boolean;
  run_id: number | null;
  run_status: RunStatus | null;
  is_run_late: boolean;
  run_start_date: Timestamp | null;
  run_end_date: Timestamp | null;
  run_duration_seconds: number | null;
  state: PipelineState;
  freshness_state: FreshnessState;
  last_dml_at: Timestamp | null;
  due_at: Timestamp | null;
  last_success_at: Timestamp | null;
  open_anomalies: number;
  recent_durations: number[];
}

export interface OverviewPage {
  total: number;
  counts: Partial<Record<PipelineState, number>>;
  pipelineTypes: string[];
  items: OverviewRow[];
}

export interface OverviewFilter {
  now: Date;
  pipelineTypeName?: string;
  /** Lower-case substring of the name. */
  search?: string;
  state?: PipelineState;
  limit: number;
  offset: number;
}

export interface PipelineDetailRow {
  id: number;
  name: string;
  active: boolean;
  load_lineage: boolean;
  pipeline_type_id: number;
  pipeline_type_name: string;
  watermark: string | null;
  next_watermark: string | null;
  pipeline_metadata: Record<string, unknown> | null;
  last_target_insert: Date | null;
  last_target_update: Date | null;
  last_target_soft_delete: Date | null;
  created_at: Date;
  updated_at: Date | null;
  freshness_number: number | null;
  freshness_datepart: string | null;
  mute_freshness_check: boolean;
  timeliness_number: number | null;
  timeliness_datepart: string | null;
  mute_timeliness_check: boolean;
  type_freshness_number: number | null;
  type_freshness_datepart: string | null;
  type_mute_freshness_check: boolean;
  type_timeliness_number: number | null;
  type_timeliness_datepart: string | null;
  type_mute_timeliness_check: boolean;
  last_dml_at: Date | null;
  due_at: Date | null;
}

export interface WatermarkHistoryRow {
  execution_id: number;
  end_date: Date;
  watermark: string | null;
}

export interface RunCountsRow {
  total: number;
  succeeded: number;
  failed: number;
  running: number;
}

export interface RunRow {
  id: number;
  parent_id: number | null;
  start_date: Date;
  end_date: Date | null;
  completed_successfully: boolean | null;
  duration_seconds: number | null;
  inserts: number | null;
  updates: number | null;
  soft_deletes: number | null;
  total_rows: number | null;
  throughput: number | string | null;
  anomaly_flags: Record<string, boolean> | null;
  next_watermark: string | null;
}

export interface MetricBandRow {
  value: number;
  mean: number;
  stddev: number;
  z_score: number;
  lower_bound: number;
  upper_bound: number;
}

export interface MetricPointRow {
  execution_id: number;
  start_date: Date;
  total_rows: number | null;
  duration_seconds: number | null;
  throughput: number | string | null;
  anomaly_flags: Record<string, unknown>;
  anomalies: Record<string, MetricBandRow>;
}

/** Read-only statements of the dashboard (no transaction: each is one consistent snapshot). */
@Injectable()
export class DashboardRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  async overview(filter: OverviewFilter): Promise<OverviewPage> {
    const rows: Array<{
      total: number;
      counts: OverviewPage['counts'];
      pipeline_types: string[];
      items: OverviewRow[];
    }> = await this.txHost.tx.query(OVERVIEW, [
      filter.now.toISOString(),
      filter.pipelineTypeName ?? null,
      filter.search === undefined ? null : `%${escapeLike(filter.search)}%`,
      filter.state ?? null,
      filter.limit,
      filter.offset,
    ]);
    const [row] = rows;
    return {
      total: row.total,
      counts: row.counts,
      pipelineTypes: row.pipeline_types,
      items: row.items,
    };
  }

  async findPipelineDetail(id: number): Promise<PipelineDetailRow | null> {
    const rows: PipelineDetailRow[] = await this.txHost.tx.query(PIPELINE_DETAIL, [id]);
    return rows[0] ?? null;
  }

  findWatermarkHistory(pipelineId: number, limit: number): Promise<WatermarkHistoryRow[]> {
    return this.txHost.tx.query(WATERMARK_HISTORY, [pipelineId, limit]);
  }

  async countRunsByStatus(pipelineId: number): Promise<RunCountsRow> {
    const rows: RunCountsRow[] = await this.txHost.tx.query(RUN_COUNTS, [pipelineId]);
    return rows[0];
  }

  listRuns(
    pipelineId: number,
    status: RunStatus | undefined,
    limit: number,
    offset: number,
  ): Promise<RunRow[]> {
    return this.txHost.tx.query(listRunsSql(status), [pipelineId, limit, offset]);
  }

  async countRuns(pipelineId: number, status: RunStatus | undefined): Promise<number> {
    const rows: Array<{ total: number }> = await this.txHost.tx.query(countRunsSql(status), [
      pipelineId,
    ]);
    return rows[0].total;
  }

  findMetricPoints(pipelineId: number, since: Date, limit: number): Promise<MetricPointRow[]> {
    return this.txHost.tx.query(METRIC_POINTS, [pipelineId, since.toISOString(), limit]);
  }

  /** Resolves when the database answers. */
  async ping(): Promise<void> {
    await this.txHost.tx.query(PING);
  }
}

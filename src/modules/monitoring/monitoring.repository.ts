import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import type {
  FreshnessPipelineLogEntity,
  ThresholdSource,
} from 'src/modules/monitoring/entities/freshness-pipeline-log.entity';
import type {
  LateExecutionStatus,
  TimelinessPipelineExecutionLogEntity,
} from 'src/modules/monitoring/entities/timeliness-pipeline-execution-log.entity';

/** A stale pipeline as the freshness check found it; `is_new` when this check logged it. */
export interface StalePipelineRow {
  log_id: number | null;
  pipeline_id: number;
  pipeline_name: string;
  last_dml_timestamp: Date;
  stale_since: Date;
  freshness_number: number;
  freshness_datepart: string;
  threshold_source: ThresholdSource;
  is_new: boolean;
}

/** A late execution as the timeliness check found it; `is_new` when this check logged it. */
export interface LateExecutionRow {
  pipeline_execution_id: number;
  pipeline_id: number;
  pipeline_name: string;
  execution_status: LateExecutionStatus;
  start_date: Date;
  end_date: Date | null;
  deadline: Date;
  duration_seconds: number;
  seconds_threshold: number;
  timeliness_number: number;
  timeliness_datepart: string;
  threshold_source: ThresholdSource;
  is_new: boolean;
}

export type FreshnessLogRow = FreshnessPipelineLogEntity & { pipeline_name: string };
export type TimelinessLogRow = TimelinessPipelineExecutionLogEntity & { pipeline_name: string };

export interface LogFilter {
  pipelineId?: number;
  since?: Date;
  limit: number;
}

/**
 * `timestamp + n datepart`, calendar-aware and in UTC whatever the session time zone
 * (2024-01-31 + 1 month = 2024-02-29). n is capped at about 1000 years, so a huge threshold
 * means "never" instead of an out-of-range error that would fail the whole check.
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
 * Threshold precedence (DESIGN §5.5): the pipeline's (number, datepart) when both are set, else
 * its type's when both are set, else none (the pipeline is skipped).
 */
function effectiveThreshold(check: 'freshness' | 'timeliness'): string {
  const own = `p.${check}_number IS NOT NULL AND p.${check}_datepart IS NOT NULL`;
  const inherited = `t.${check}_number IS NOT NULL AND t.${check}_datepart IS NOT NULL`;
  return `CROSS JOIN LATERAL (SELECT
      CASE WHEN ${own} THEN p.${check}_number WHEN ${inherited} THEN t.${check}_number END AS number,
      CASE WHEN ${own} THEN p.${check}_datepart WHEN ${inherited} THEN t.${check}_datepart END
        AS datepart,
      CASE WHEN ${own} THEN 'pipeline' WHEN ${inherited} THEN 'pipeline_type' END AS source
    ) th`;
}

const LAST_DML = 'GREATEST(p.last_target_insert, p.last_target_update, p.last_target_soft_delete)';

/**
 * One statement for every pipeline: active, unmuted (pipeline and type), with a threshold and a
 * DML, whose last DML + threshold is before $1. Each (pipeline, last DML) is logged once ever;
 * every stale pipeline is returned, `is_new` for the rows this statement inserted.
 */
const CHECK_FRESHNESS = `
  WITH stale AS (
    SELECT p.id AS pipeline_id, p.name AS pipeline_name, d.last_dml, th.number, th.datepart,
      th.source, ${plusThreshold('d.last_dml', 'th.number', 'th.datepart')} AS stale_since
    FROM pipeline p
    JOIN pipeline_type t ON t.id = p.pipeline_type_id
    ${effectiveThreshold('freshness')}
    CROSS JOIN LATERAL (SELECT ${LAST_DML} AS last_dml) d
    WHERE p.active AND NOT p.mute_freshness_check AND NOT t.mute_freshness_check
      AND th.number IS NOT NULL AND d.last_dml IS NOT NULL
      AND ${plusThreshold('d.last_dml', 'th.number', 'th.datepart')} < $1::timestamptz
  ), inserted AS (
    INSERT INTO freshness_pipeline_log (pipeline_id, last_dml_timestamp, stale_since,
      evaluation_timestamp, freshness_number, freshness_datepart, threshold_source, created_at)
    SELECT pipeline_id, last_dml, stale_since, $1::timestamptz, number, datepart, source,
      $1::timestamptz
    FROM stale
    ON CONFLICT (pipeline_id, last_dml_timestamp) DO NOTHING
    RETURNING id, pipeline_id
  )
  SELECT i.id AS log_id, s.pipeline_id, s.pipeline_name, s.last_dml AS last_dml_timestamp,
    s.stale_since, s.number AS freshness_number, s.datepart AS freshness_datepart,
    s.source AS threshold_source, i.id IS NOT NULL AS is_new
  FROM stale s LEFT JOIN inserted i ON i.pipeline_id = s.pipeline_id
  ORDER BY s.pipeline_id`;

const DEADLINE = plusThreshold('e.start_date', 'th.number', 'th.datepart');

/**
 * One statement for the window: executions that started at or after $2, plus those still running
 * that started before it; failed ones never count. Late: running past its deadline at $1, or
 * ended after it. Each execution is logged once ever; `is_new` for the rows inserted here.
 */
const CHECK_TIMELINESS = `
  WITH candidate AS (
    SELECT id, pipeline_id, start_date, end_date FROM pipeline_execution
    WHERE start_date >= $2::timestamptz AND completed_successfully IS DISTINCT FROM false
    UNION ALL
    SELECT id, pipeline_id, start_date, end_date FROM pipeline_execution
    WHERE end_date IS NULL AND start_date < $2::timestamptz
      AND completed_successfully IS DISTINCT FROM false
  ), late AS (
    SELECT e.id, e.pipeline_id, p.name AS pipeline_name, e.start_date, e.end_date,
      dl.deadline, th.number, th.datepart, th.source,
      CASE WHEN e.end_date IS NULL THEN 'running' ELSE 'completed' END AS status
    FROM candidate e
    JOIN pipeline p ON p.id = e.pipeline_id
    JOIN pipeline_type t ON t.id = p.pipeline_type_id
    ${effectiveThreshold('timeliness')}
    CROSS JOIN LATERAL (SELECT ${DEADLINE} AS deadline) dl
    WHERE p.active AND NOT p.mute_timeliness_check AND NOT t.mute_timeliness_check
      AND th.number IS NOT NULL
      AND COALESCE(e.end_date, $1::timestamptz) > dl.deadline
  ), inserted AS (
    INSERT INTO timeliness_pipeline_execution_log (pipeline_execution_id, pipeline_id,
      execution_status, start_date, end_date, deadline, duration_seconds, seconds_threshold,
      timeliness_number, timeliness_datepart, threshold_source, created_at)
    SELECT id, pipeline_id, status, start_date, end_date, deadline,
      round(extract(epoch FROM COALESCE(end_date, $1::timestamptz) - start_date))::bigint,
      round(extract(epoch FROM deadline - start_date))::bigint,
      number, datepart, source, $1::timestamptz
    FROM late
    ON CONFLICT (pipeline_execution_id) DO NOTHING
    RETURNING pipeline_execution_id, duration_seconds, seconds_threshold
  )
  SELECT l.id AS pipeline_execution_id, l.pipeline_id, l.pipeline_name,
    l.status AS execution_status, l.start_date, l.end_date, l.deadline,
    COALESCE(i.duration_seconds,
      round(extract(epoch FROM COALESCE(l.end_date, $1::timestamptz) - l.start_date))::bigint)
      AS duration_seconds,
    COALESCE(i.seconds_threshold, round(extract(epoch FROM l.deadline - l.start_date))::bigint)
      AS seconds_threshold,
    l.number AS timeliness_number, l.datepart AS timeliness_datepart,
    l.source AS threshold_source, i.pipeline_execution_id IS NOT NULL AS is_new
  FROM late l LEFT JOIN inserted i ON i.pipeline_execution_id = l.id
  ORDER BY l.id`;

const FRESHNESS_LOG_COLUMNS = `f.id, f.pipeline_id, p.name AS pipeline_name, f.last_dml_timestamp,
  f.stale_since, f.evaluation_timestamp, f.freshness_number, f.freshness_datepart,
  f.threshold_source, f.created_at`;

const TIMELINESS_LOG_COLUMNS = `l.pipeline_execution_id, l.pipeline_id, p.name AS pipeline_name,
  l.execution_status, l.start_date, l.end_date, l.deadline, l.duration_seconds,
  l.seconds_threshold, l.timeliness_number, l.timeliness_datepart, l.threshold_source,
  l.created_at`;

/** Newest first; `WHERE` conditions are added for the filters sent. */
const LIST_FRESHNESS_LOGS = {
  select: `SELECT ${FRESHNESS_LOG_COLUMNS}
    FROM freshness_pipeline_log f JOIN pipeline p ON p.id = f.pipeline_id`,
  pipeline: 'f.pipeline_id',
  since: 'f.evaluation_timestamp',
  order: 'ORDER BY f.id DESC',
};

const LIST_TIMELINESS_LOGS = {
  select: `SELECT ${TIMELINESS_LOG_COLUMNS}
    FROM timeliness_pipeline_execution_log l JOIN pipeline p ON p.id = l.pipeline_id`,
  pipeline: 'l.pipeline_id',
  since: 'l.created_at',
  order: 'ORDER BY l.created_at DESC, l.pipeline_execution_id DESC',
};

const DELETE_TIMELINESS_LOGS_OF = `
  DELETE FROM timeliness_pipeline_execution_log WHERE pipeline_execution_id = ANY($1::bigint[])`;

/** The oldest `$2` freshness logs evaluated before the cutoff (a short batch). */
const DELETE_FRESHNESS_LOGS_BEFORE = `
  DELETE FROM freshness_pipeline_log WHERE id IN (
    SELECT id FROM freshness_pipeline_log WHERE evaluation_timestamp < $1::timestamptz
    ORDER BY evaluation_timestamp, id LIMIT $2)`;

@Injectable()
export class MonitoringRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** Logs every newly stale (pipeline, last DML) as of `now`; returns all stale pipelines. */
  checkFreshness(now: Date): Promise<StalePipelineRow[]> {
    return this.txHost.tx.query(CHECK_FRESHNESS, [now.toISOString()]);
  }

  /** Logs every newly late execution of the window; returns all late ones found. */
  checkTimeliness(now: Date, windowStart: Date): Promise<LateExecutionRow[]> {
    return this.txHost.tx.query(CHECK_TIMELINESS, [now.toISOString(), windowStart.toISOString()]);
  }

  listFreshnessLogs(filter: LogFilter): Promise<FreshnessLogRow[]> {
    const [sql, params] = filteredList(LIST_FRESHNESS_LOGS, filter);
    return this.txHost.tx.query(sql, params);
  }

  listTimelinessLogs(filter: LogFilter): Promise<TimelinessLogRow[]> {
    const [sql, params] = filteredList(LIST_TIMELINESS_LOGS, filter);
    return this.txHost.tx.query(sql, params);
  }

  /** Deletes the timeliness logs of these executions; returns how many went. */
  async deleteTimelinessLogsOf(executionIds: number[]): Promise<number> {
    if (executionIds.length === 0) {
      return 0;
    }
    const [, count]: [unknown[], number] = await this.txHost.tx.query(DELETE_TIMELINESS_LOGS_OF, [
      executionIds,
    ]);
    return count;
  }

  /** Deletes up to `limit` freshness logs evaluated before `cutoff`, oldest first. */
  async deleteFreshnessLogsBefore(cutoff: Date, limit: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.txHost.tx.query(
      DELETE_FRESHNESS_LOGS_BEFORE,
      [cutoff.toISOString(), limit],
    );
    return count;
  }
}

/** The list statement with only the conditions of the filters sent (each index-friendly). */
function filteredList(list: typeof LIST_FRESHNESS_LOGS, filter: LogFilter): [string, unknown[]] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.pipelineId !== undefined) {
    params.push(filter.pipelineId);
    conditions.push(`${list.pipeline} = $${params.length}`);
  }
  if (filter.since !== undefined) {
    params.push(filter.since.toISOString());
    conditions.push(`${list.since} >= $${params.length}::timestamptz`);
  }
  params.push(filter.limit);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return [`${list.select} ${where} ${list.order} LIMIT $${params.length}`, params];
}

import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';

/**
 * Per UTC day (of start_date) and pipeline over the window, in one GROUP BY over the start_date
 * index: the day's executions, failures and row counts; duration and throughput over the
 * executions that ended (throughput: the successful ones). Newest day first, then pipeline name; the total counts every group.
 * Params: $1 now, $2 days (today included), $3 limit, $4 offset; filters add $5, $6.
 */
function dailyMetricsSql(filterConditions: string): string {
  return `
  WITH daily AS (
    SELECT (e.start_date AT TIME ZONE 'UTC')::date AS day, e.pipeline_id,
      count(*)::int AS executions,
      count(*) FILTER (WHERE e.completed_successfully = false)::int AS failed,
      COALESCE(sum(e.inserts), 0) AS inserts, COALESCE(sum(e.updates), 0) AS updates,
      COALESCE(sum(e.soft_deletes), 0) AS soft_deletes,
      COALESCE(sum(e.total_rows), 0) AS total_rows,
      avg(e.duration_seconds) FILTER (WHERE e.end_date IS NOT NULL) AS average_duration,
      sum(e.total_rows) FILTER (WHERE e.completed_successfully AND e.duration_seconds > 0
        AND e.total_rows IS NOT NULL) AS timed_rows,
      sum(e.duration_seconds) FILTER (WHERE e.completed_successfully AND e.duration_seconds > 0
        AND e.total_rows IS NOT NULL) AS timed_seconds
    FROM pipeline_execution e
    WHERE e.start_date >= (date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC')
        - make_interval(days => $2::int - 1)) AT TIME ZONE 'UTC'
      ${filterConditions}
    GROUP BY 1, 2
  )
  SELECT (SELECT count(*)::int FROM daily) AS total,
    (SELECT COALESCE(json_agg(x ORDER BY x.day DESC, x.pipeline_name, x.pipeline_id), '[]'::json)
      FROM (
        SELECT to_char(d.day, 'YYYY-MM-DD') AS date, d.day, d.pipeline_id, p.name AS pipeline_name,
          t.name AS pipeline_type_name, d.executions, d.failed,
          round(d.failed::numeric / d.executions, 4) AS error_rate,
          d.inserts, d.updates, d.soft_deletes, d.total_rows,
          round(d.average_duration, 2) AS average_duration_seconds,
          round(d.timed_rows::numeric / NULLIF(d.timed_seconds, 0), 2) AS throughput
        FROM daily d
        JOIN pipeline p ON p.id = d.pipeline_id
        JOIN pipeline_type t ON t.id = p.pipeline_type_id
        ORDER BY d.day DESC, p.name, d.pipeline_id
        LIMIT $3 OFFSET $4
      ) x) AS items`;
}

const PIPELINE_NAMES = 'SELECT name FROM pipeline ORDER BY name';
const PIPELINE_TYPE_NAMES = 'SELECT name FROM pipeline_type ORDER BY name';

export interface DailyMetricsRow {
  date: string;
  pipeline_id: number;
  pipeline_name: string;
  pipeline_type_name: string;
  executions: number;
  failed: number;
  error_rate: number;
  inserts: number;
  updates: number;
  soft_deletes: number;
  total_rows: number;
  average_duration_seconds: number | null;
  throughput: number | null;
}

export interface DailyMetricsFilter {
  now: Date;
  days: number;
  pipelineName?: string;
  pipelineTypeName?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class ReportingRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  async dailyMetrics(
    filter: DailyMetricsFilter,
  ): Promise<{ total: number; items: DailyMetricsRow[] }> {
    const params: unknown[] = [filter.now.toISOString(), filter.days, filter.limit, filter.offset];
    const conditions: string[] = [];
    if (filter.pipelineName !== undefined) {
      params.push(filter.pipelineName);
      conditions.push(`p.name = $${params.length}`);
    }
    if (filter.pipelineTypeName !== undefined) {
      params.push(filter.pipelineTypeName);
      conditions.push(`t.name = $${params.length}`);
    }
    // Filtered: only the matching pipelines' executions are read (pipeline_id, start_date).
    const filterConditions =
      conditions.length === 0
        ? ''
        : `AND e.pipeline_id IN (SELECT p.id FROM pipeline p
            JOIN pipeline_type t ON t.id = p.pipeline_type_id WHERE ${conditions.join(' AND ')})`;
    const rows: Array<{ total: number; items: DailyMetricsRow[] }> = await this.txHost.tx.query(
      dailyMetricsSql(filterConditions),
      params,
    );
    return rows[0];
  }

  async listPipelineNames(): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.txHost.tx.query(PIPELINE_NAMES);
    return rows.map((row) => row.name);
  }

  async listPipelineTypeNames(): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.txHost.tx.query(PIPELINE_TYPE_NAMES);
    return rows.map((row) => row.name);
  }
}

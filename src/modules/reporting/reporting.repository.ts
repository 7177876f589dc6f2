import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';

/**
 * One statement, aggregating only what the page shows. The report has one row per (UTC day of
 * start_date, pipeline): `date_recorded` is that day, stored at start. Over the window:
 *   day_counts  — groups per day (DISTINCT over the index-only (date_recorded, pipeline_id) scan);
 *   page_keys   — the groups of the page: newest day first, then pipeline name, found from the
 *                 running group counts per day, so only the page's days are ranked by name;
 *   items       — the GROUP BY of each page group's executions (one index range each).
 * With 1,000,000 executions and 300,000 groups in 30 days this reads index entries, not the
 * 300,000 aggregates a GROUP BY of the whole window would build, sort and spill (2 s → 0.1 s).
 * Params: $1 now, $2 days (today included), $3 limit, $4 offset; $5/$6 the optional filters.
 */
function dailyMetricsSql(pipelineFilter: string): string {
  return `
  WITH window_start AS (
    SELECT (date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC')
      - make_interval(days => $2::int - 1))::date AS day
  ), day_counts AS (
    SELECT k.date_recorded AS day, count(*)::int AS n
    FROM (SELECT DISTINCT e.date_recorded, e.pipeline_id FROM pipeline_execution e
      WHERE e.date_recorded >= (SELECT day FROM window_start) ${pipelineFilter}) k
    GROUP BY k.date_recorded
  ), day_offsets AS (
    SELECT day, n, (sum(n) OVER (ORDER BY day DESC) - n)::int AS before FROM day_counts
  ), page_keys AS (
    SELECT ranked.* FROM (
      SELECT d.day, k.pipeline_id, p.name AS pipeline_name, t.name AS pipeline_type_name,
        d.before + row_number() OVER (PARTITION BY d.day ORDER BY p.name, p.id) AS position
      FROM day_offsets d
      CROSS JOIN LATERAL (SELECT DISTINCT e.pipeline_id FROM pipeline_execution e
        WHERE e.date_recorded = d.day ${pipelineFilter}) k
      JOIN pipeline p ON p.id = k.pipeline_id
      JOIN pipeline_type t ON t.id = p.pipeline_type_id
      WHERE d.before < $4::int + $3::int AND d.before + d.n > $4::int
    ) ranked
    WHERE ranked.position > $4::int AND ranked.position <= $4::int + $3::int
  )
  SELECT (SELECT COALESCE(sum(n), 0)::int FROM day_counts) AS total,
    (SELECT COALESCE(json_agg(x ORDER BY x.position), '[]'::json) FROM (
      SELECT to_char(k.day, 'YYYY-MM-DD') AS date, k.position, k.pipeline_id, k.pipeline_name,
        k.pipeline_type_name, a.executions, a.failed,
        round(a.failed::numeric / a.executions, 4) AS error_rate,
        a.inserts, a.updates, a.soft_deletes, a.total_rows,
        round(a.average_duration, 2) AS average_duration_seconds,
        round(a.timed_rows::numeric / NULLIF(a.timed_seconds, 0), 2) AS throughput
      FROM page_keys k
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS executions,
          count(*) FILTER (WHERE e.completed_successfully = false)::int AS failed,
          COALESCE(sum(e.inserts), 0) AS inserts, COALESCE(sum(e.updates), 0) AS updates,
          COALESCE(sum(e.soft_deletes), 0) AS soft_deletes,
          COALESCE(sum(e.total_rows), 0) AS total_rows,
          avg(e.duration_seconds) FILTER (WHERE e.end_date IS NOT NULL) AS average_duration,
          sum(e.total_rows) FILTER (WHERE e.completed_successfully AND e.duration_seconds > 0
            AND e.total_rows IS NOT NULL) AS timed_rows,
          sum(e.duration_seconds) FILTER (WHERE e.completed_successfully
            AND e.duration_seconds > 0 AND e.total_rows IS NOT NULL) AS timed_seconds
        FROM pipeline_execution e
        WHERE e.pipeline_id = k.pipeline_id AND e.date_recorded = k.day
        GROUP BY e.pipeline_id, e.date_recorded
      ) a
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
    // Filtered: only the matching pipelines' groups are counted and ranked.
    const pipelineFilter =
      conditions.length === 0
        ? ''
        : `AND e.pipeline_id IN (SELECT p.id FROM pipeline p
            JOIN pipeline_type t ON t.id = p.pipeline_type_id WHERE ${conditions.join(' AND ')})`;
    const rows: Array<{ total: number; items: DailyMetricsRow[] }> = await this.txHost.tx.query(
      dailyMetricsSql(pipelineFilter),
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

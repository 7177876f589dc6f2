import { Injectable } from '@nestjs/common';
import {
  DEFAULT_DAYS,
  DEFAULT_PAGE_SIZE,
  type DailyMetricsQuery,
} from 'src/modules/reporting/dto/daily-metrics.query';
import type {
  DailyMetricsItemResponse,
  DailyMetricsPageResponse,
  RefreshResponse,
} from 'src/modules/reporting/dto/daily-metrics.response';
import {
  type DailyMetricsRow,
  ReportingRepository,
} from 'src/modules/reporting/reporting.repository';

const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

function toDailyMetricsItem(row: DailyMetricsRow): DailyMetricsItemResponse {
  return {
    date: row.date,
    pipeline_id: row.pipeline_id,
    pipeline_name: row.pipeline_name,
    pipeline_type_name: row.pipeline_type_name,
    executions: row.executions,
    failed: row.failed,
    error_rate: Number(row.error_rate),
    inserts: Number(row.inserts),
    updates: Number(row.updates),
    soft_deletes: Number(row.soft_deletes),
    total_rows: Number(row.total_rows),
    average_duration_seconds: numberOrNull(row.average_duration_seconds),
    throughput: numberOrNull(row.throughput),
  };
}

/** Daily per-pipeline metrics, always computed from the executions (no materialised view). */
@Injectable()
export class ReportingService {
  constructor(private readonly repository: ReportingRepository) {}

  async dailyMetrics(query: DailyMetricsQuery): Promise<DailyMetricsPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const result = await this.repository.dailyMetrics({
      now: new Date(),
      days: query.days ?? DEFAULT_DAYS,
      pipelineName: query.pipeline_name,
      pipelineTypeName: query.pipeline_type_name,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return {
      items: result.items.map(toDailyMetricsItem),
      total: result.total,
      page,
      page_size: pageSize,
    };
  }

  listPipelineNames(): Promise<string[]> {
    return this.repository.listPipelineNames();
  }

  listPipelineTypeNames(): Promise<string[]> {
    return this.repository.listPipelineTypeNames();
  }

  /** Old clients refreshed a materialised view first; the numbers are always current now. */
  refresh(): RefreshResponse {
    return { status: 'ok' };
  }
}

import { Injectable } from '@nestjs/common';
import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import { AnomalyRuleService } from 'src/modules/anomaly/anomaly-rule.service';
import { DashboardPipelineNotFoundError } from 'src/modules/dashboard/dashboard.errors';
import { DashboardRepository } from 'src/modules/dashboard/dashboard.repository';
import {
  toDashboardPipeline,
  toMetricPoint,
  toRunResponse,
} from 'src/modules/dashboard/dashboard.mapper';
import { freshnessState } from 'src/modules/dashboard/dashboard-state.util';
import { DEFAULT_PAGE_SIZE } from 'src/common/dto/numbered-page.query';
import type { ListRunsQuery } from 'src/modules/dashboard/dto/list-runs.query';
import { DEFAULT_DAYS, type DaysQuery } from 'src/modules/dashboard/dto/metrics.query';
import type { MetricsResponse } from 'src/modules/dashboard/dto/metrics.response';
import type {
  DashboardRuleResponse,
  PipelineDetailResponse,
} from 'src/modules/dashboard/dto/pipeline-detail.response';
import type { RunPageResponse } from 'src/modules/dashboard/dto/run-page.response';
import { effectiveMute, effectiveThreshold } from 'src/modules/dashboard/threshold-resolution.util';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

export const WATERMARK_HISTORY_LIMIT = 50;
export const MAX_METRIC_POINTS = 5000;
const MS_PER_DAY = 86_400_000;

/** The pipeline page: settings and effective thresholds, runs, metric points. */
@Injectable()
export class DashboardPipelineService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly pipelineService: PipelineService,
    private readonly anomalyRuleService: AnomalyRuleService,
  ) {}

  async getPipeline(id: number): Promise<PipelineDetailResponse> {
    const row = await this.repository.findPipelineDetail(id);
    if (row === null) {
      throw new DashboardPipelineNotFoundError(id);
    }
    const freshness = effectiveThreshold(
      { number: row.freshness_number, datepart: row.freshness_datepart },
      { number: row.type_freshness_number, datepart: row.type_freshness_datepart },
    );
    const timeliness = effectiveThreshold(
      { number: row.timeliness_number, datepart: row.timeliness_datepart },
      { number: row.type_timeliness_number, datepart: row.type_timeliness_datepart },
    );
    const muted = effectiveMute(row.mute_freshness_check, row.type_mute_freshness_check);
    const history = await this.repository.findWatermarkHistory(id, WATERMARK_HISTORY_LIMIT);
    const runCounts = await this.repository.countRunsByStatus(id);
    return {
      pipeline: toDashboardPipeline(row),
      thresholds: {
        freshness,
        timeliness,
        muted,
        timeliness_muted: effectiveMute(row.mute_timeliness_check, row.type_mute_timeliness_check),
      },
      freshness: {
        state: freshnessState({
          isMuted: muted.value || !row.active,
          hasThreshold: freshness !== null,
          dueAt: row.due_at === null ? null : new Date(row.due_at),
          now: new Date(),
        }),
        last_dml_at: toIsoOrNull(row.last_dml_at),
        due_at: toIsoOrNull(row.due_at),
      },
      watermark_history: history.map((entry) => ({
        execution_id: Number(entry.execution_id),
        end_date: toIsoOrNull(entry.end_date) as string,
        watermark: entry.watermark,
      })),
      rules: await this.rules(id),
      run_counts: runCounts,
    };
  }

  async listRuns(id: number, query: ListRunsQuery): Promise<RunPageResponse> {
    await this.pipelineService.assertExists(id);
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listRuns(id, query.status, pageSize, (page - 1) * pageSize);
    const total = await this.repository.countRuns(id, query.status);
    return { items: rows.map(toRunResponse), total, page, page_size: pageSize };
  }

  async metrics(id: number, query: DaysQuery): Promise<MetricsResponse> {
    await this.pipelineService.assertExists(id);
    const since = new Date(Date.now() - (query.days ?? DEFAULT_DAYS) * MS_PER_DAY);
    const rows = await this.repository.findMetricPoints(id, since, MAX_METRIC_POINTS);
    return { points: rows.map(toMetricPoint) };
  }

  /** The pipeline's rules (at most one per metric) with their learning state. */
  private async rules(pipelineId: number): Promise<DashboardRuleResponse[]> {
    const rules = await this.anomalyRuleService.list({ pipeline_id: pipelineId });
    const result: DashboardRuleResponse[] = [];
    for (const rule of rules) {
      const status = await this.anomalyRuleService.getStatus(rule.id);
      result.push({
        id: rule.id,
        metric_field: rule.metric_field,
        active: rule.active,
        z_threshold: rule.z_threshold,
        lookback_days: rule.lookback_days,
        minimum_executions: rule.minimum_executions,
        direction: rule.direction,
        min_change_percent: rule.min_change_percent,
        state: status.state,
        baseline_size: status.baseline_size,
      });
    }
    return result;
  }
}

import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { CheckQueuedResponse } from 'src/modules/monitoring/dto/check-queued.response';
import type { FreshnessLogResponse } from 'src/modules/monitoring/dto/freshness-log.response';
import {
  DEFAULT_LOG_LIMIT,
  type ListMonitoringLogsQuery,
} from 'src/modules/monitoring/dto/list-monitoring-logs.query';
import { FRESHNESS_CHECK_REQUESTED_JOB } from 'src/modules/monitoring/jobs/freshness-check.job';
import { freshnessAlert } from 'src/modules/monitoring/monitoring-alert.util';
import { toFreshnessLogResponse, toStalePipeline } from 'src/modules/monitoring/monitoring.mapper';
import { MonitoringRepository } from 'src/modules/monitoring/monitoring.repository';
import { NotificationService } from 'src/modules/notification/notification.service';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { JobQueue } from 'src/queue/job-queue';

export interface FreshnessCheckResult {
  stale: number;
  newlyStale: number;
  alertsRaised: number;
}

@Injectable()
export class FreshnessService {
  private readonly logger = new Logger(FreshnessService.name);

  constructor(
    private readonly repository: MonitoringRepository,
    private readonly notificationService: NotificationService,
    private readonly pipelineService: PipelineService,
    private readonly jobQueue: JobQueue,
  ) {}

  /** POST /freshness: enqueues a check (the job exists iff this commits). */
  @Transactional()
  async requestCheck(): Promise<CheckQueuedResponse> {
    await this.jobQueue.enqueue(FRESHNESS_CHECK_REQUESTED_JOB, {
      requestedAt: new Date().toISOString(),
    });
    return { status: 'queued' };
  }

  /**
   * Evaluates every pipeline in one statement, logs each newly stale (pipeline, last DML) and
   * raises its alert, all in one transaction: a retried or concurrent check logs and alerts
   * nothing twice.
   */
  @Transactional()
  async runCheck(trigger: string): Promise<FreshnessCheckResult> {
    const started = performance.now();
    const rows = await this.repository.checkFreshness(new Date());
    const fresh = rows.filter((row) => row.is_new);
    let alertsRaised = 0;
    for (const row of fresh) {
      const { created } = await this.notificationService.raise(
        freshnessAlert(toStalePipeline(row)),
      );
      alertsRaised += created ? 1 : 0;
    }
    const result = { stale: rows.length, newlyStale: fresh.length, alertsRaised };
    this.logger.log(
      `Freshness check (${trigger}): ${result.stale} stale pipeline(s), ${result.newlyStale} ` +
        `newly stale, ${alertsRaised} alert(s), in ${(performance.now() - started).toFixed(1)} ms`,
    );
    return result;
  }

  /** GET /freshness: the log, newest first. */
  async list(query: ListMonitoringLogsQuery): Promise<FreshnessLogResponse[]> {
    if (query.pipeline_id !== undefined) {
      await this.pipelineService.assertExists(query.pipeline_id);
    }
    const rows = await this.repository.listFreshnessLogs({
      pipelineId: query.pipeline_id,
      since: query.since,
      limit: query.limit ?? DEFAULT_LOG_LIMIT,
    });
    return rows.map(toFreshnessLogResponse);
  }
}

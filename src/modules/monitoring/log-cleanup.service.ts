import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { monitoringConfig, type MonitoringConfig } from 'src/config/monitoring.config';
import { ExecutionService } from 'src/modules/execution/execution.service';
import {
  DEFAULT_CLEANUP_BATCH_SIZE,
  type LogCleanupDto,
} from 'src/modules/monitoring/dto/log-cleanup.dto';
import type { LogCleanupResponse } from 'src/modules/monitoring/dto/log-cleanup.response';
import { MonitoringRepository } from 'src/modules/monitoring/monitoring.repository';

const MS_PER_DAY = 24 * 3600 * 1000;

interface ExecutionBatch {
  executions: number;
  timelinessLogs: number;
  anomalyResults: number;
  closureAsAncestor: number;
  closureAsDescendant: number;
}

/**
 * Retention: executions that started before the cutoff (with their closure rows, anomaly
 * results and timeliness logs) and freshness logs evaluated before it, in short batches that
 * each commit on their own, so ingestion is never blocked for long.
 */
@Injectable()
export class LogCleanupService {
  private readonly logger = new Logger(LogCleanupService.name);

  constructor(
    private readonly executionService: ExecutionService,
    private readonly repository: MonitoringRepository,
    @Inject(monitoringConfig.KEY) private readonly config: MonitoringConfig,
  ) {}

  /** POST /log_cleanup. */
  cleanUp(dto: LogCleanupDto): Promise<LogCleanupResponse> {
    return this.run(dto.retention_days, dto.batch_size ?? DEFAULT_CLEANUP_BATCH_SIZE, 'api');
  }

  /** The scheduled cleanup with WATCHER_RETENTION_DAYS; null when that is 0 (off). */
  async runScheduled(trigger: string): Promise<LogCleanupResponse | null> {
    if (this.config.retentionDays === 0) {
      this.logger.log(`Log cleanup (${trigger}) skipped: WATCHER_RETENTION_DAYS=0`);
      return null;
    }
    return this.run(this.config.retentionDays, DEFAULT_CLEANUP_BATCH_SIZE, trigger);
  }

  /**
   * One batch in one transaction: lock the oldest childless executions before the cutoff,
   * delete their timeliness logs, then the executions with closure rows and anomaly results.
   */
  @Transactional()
  async deleteExecutionBatch(cutoff: Date, batchSize: number): Promise<ExecutionBatch | null> {
    const ids = await this.executionService.lockRetentionBatch(cutoff, batchSize);
    if (ids.length === 0) {
      return null;
    }
    const timelinessLogs = await this.repository.deleteTimelinessLogsOf(ids);
    const deleted = await this.executionService.deleteRetained(ids);
    return { ...deleted, timelinessLogs };
  }

  private async run(
    retentionDays: number,
    batchSize: number,
    trigger: string,
  ): Promise<LogCleanupResponse> {
    const started = performance.now();
    const cutoff = new Date(Date.now() - retentionDays * MS_PER_DAY);
    const totals: LogCleanupResponse = {
      total_pipeline_executions_deleted: 0,
      total_timeliness_pipeline_execution_logs_deleted: 0,
      total_anomaly_detection_results_deleted: 0,
      total_pipeline_execution_closure_parent_deleted: 0,
      total_pipeline_execution_closure_child_deleted: 0,
      total_freshness_pipeline_logs_deleted: 0,
    };
    let batches = 0;
    for (let batch = await this.deleteExecutionBatch(cutoff, batchSize); batch !== null;) {
      batches += 1;
      addBatch(totals, batch);
      batch = await this.deleteExecutionBatch(cutoff, batchSize);
    }
    let deleted: number;
    do {
      deleted = await this.repository.deleteFreshnessLogsBefore(cutoff, batchSize);
      totals.total_freshness_pipeline_logs_deleted += deleted;
      batches += deleted > 0 ? 1 : 0;
    } while (deleted === batchSize);
    this.logger.log(
      `Log cleanup (${trigger}, retention ${retentionDays} days, cutoff ${cutoff.toISOString()}): ` +
        `${totals.total_pipeline_executions_deleted} execution(s), ` +
        `${totals.total_timeliness_pipeline_execution_logs_deleted} timeliness log(s), ` +
        `${totals.total_anomaly_detection_results_deleted} anomaly result(s), ` +
        `${totals.total_freshness_pipeline_logs_deleted} freshness log(s) deleted in ${batches} ` +
        `batch(es), ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return totals;
  }
}

function addBatch(totals: LogCleanupResponse, batch: ExecutionBatch): void {
  totals.total_pipeline_executions_deleted += batch.executions;
  totals.total_timeliness_pipeline_execution_logs_deleted += batch.timelinessLogs;
  totals.total_anomaly_detection_results_deleted += batch.anomalyResults;
  totals.total_pipeline_execution_closure_parent_deleted += batch.closureAsAncestor;
  totals.total_pipeline_execution_closure_child_deleted += batch.closureAsDescendant;
}

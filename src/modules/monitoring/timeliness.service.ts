import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { CheckQueuedResponse } from 'src/modules/monitoring/dto/check-queued.response';
import {
  DEFAULT_LOG_LIMIT,
  type ListMonitoringLogsQuery,
} from 'src/modules/monitoring/dto/list-monitoring-logs.query';
import {
  DEFAULT_LOOKBACK_MINUTES,
  type TimelinessCheckDto,
} from 'src/modules/monitoring/dto/timeliness-check.dto';
import type { TimelinessLogResponse } from 'src/modules/monitoring/dto/timeliness-log.response';
import { TIMELINESS_CHECK_REQUESTED_JOB } from 'src/modules/monitoring/jobs/timeliness-check.job';
import { timelinessAlert } from 'src/modules/monitoring/monitoring-alert.util';
import { toLateExecution, toTimelinessLogResponse } from 'src/modules/monitoring/monitoring.mapper';
import { MonitoringRepository } from 'src/modules/monitoring/monitoring.repository';
import { NotificationService } from 'src/modules/notification/notification.service';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { JobQueue } from 'src/queue/job-queue';

export interface TimelinessCheckResult {
  late: number;
  newlyLate: number;
  alertRaised: boolean;
}

const MS_PER_MINUTE = 60_000;

@Injectable()
export class TimelinessService {
  private readonly logger = new Logger(TimelinessService.name);

  constructor(
    private readonly repository: MonitoringRepository,
    private readonly notificationService: NotificationService,
    private readonly pipelineService: PipelineService,
    private readonly jobQueue: JobQueue,
  ) {}

  /** POST /timeliness: enqueues a check (the job exists iff this commits). */
  @Transactional()
  async requestCheck(dto: TimelinessCheckDto): Promise<CheckQueuedResponse> {
    await this.jobQueue.enqueue(TIMELINESS_CHECK_REQUESTED_JOB, {
      lookbackMinutes: dto.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES,
      requestedAt: new Date().toISOString(),
    });
    return { status: 'queued' };
  }

  /**
   * Evaluates the window in one statement, logs each newly late execution and raises one alert
   * listing them, all in one transaction: a retried or concurrent check adds nothing twice.
   */
  @Transactional()
  async runCheck(lookbackMinutes: number, trigger: string): Promise<TimelinessCheckResult> {
    const started = performance.now();
    const now = new Date();
    const windowStart = new Date(now.getTime() - lookbackMinutes * MS_PER_MINUTE);
    const rows = await this.repository.checkTimeliness(now, windowStart);
    const fresh = rows.filter((row) => row.is_new).map(toLateExecution);
    const alert = timelinessAlert(fresh);
    const alertRaised = alert ? (await this.notificationService.raise(alert)).created : false;
    const result = { late: rows.length, newlyLate: fresh.length, alertRaised };
    this.logger.log(
      `Timeliness check (${trigger}, lookback ${lookbackMinutes} min): ${result.late} late ` +
        `execution(s), ${result.newlyLate} newly late, ${alertRaised ? 1 : 0} alert, in ` +
        `${(performance.now() - started).toFixed(1)} ms`,
    );
    return result;
  }

  /** GET /timeliness: the log, newest first. */
  async list(query: ListMonitoringLogsQuery): Promise<TimelinessLogResponse[]> {
    if (query.pipeline_id !== undefined) {
      await this.pipelineService.assertExists(query.pipeline_id);
    }
    const rows = await this.repository.listTimelinessLogs({
      pipelineId: query.pipeline_id,
      since: query.since,
      limit: query.limit ?? DEFAULT_LOG_LIMIT,
    });
    return rows.map(toTimelinessLogResponse);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { monitoringConfig, type MonitoringConfig } from 'src/config/monitoring.config';
import type { QueueMonitorResponse } from 'src/modules/monitoring/dto/queue-monitor.response';
import {
  queueAlert,
  type QueueAlertLevel,
  queueAlertLevel,
} from 'src/modules/monitoring/monitoring-alert.util';
import { type QueueDepths, queueDepths } from 'src/modules/monitoring/queue-depth.util';
import { NotificationService } from 'src/modules/notification/notification.service';
import { errorMessage } from 'src/common/errors/error-text.util';
import { JobQueue } from 'src/queue/job-queue';

@Injectable()
export class QueueMonitorService {
  private readonly logger = new Logger(QueueMonitorService.name);

  constructor(
    private readonly jobQueue: JobQueue,
    private readonly notificationService: NotificationService,
    @Inject(monitoringConfig.KEY) private readonly config: MonitoringConfig,
  ) {}

  /**
   * POST /celery/monitor-queue and the scheduled monitor: pending jobs per queue, and an alert
   * at the warning or critical threshold (once per level and hour). Never throws: an
   * unreachable queue backend (or database) answers `{status: "error"}`.
   */
  async monitor(trigger: string): Promise<QueueMonitorResponse> {
    const started = performance.now();
    try {
      const depths = queueDepths(await this.jobQueue.counts(), this.jobQueue.backend);
      const level = queueAlertLevel(depths.totalPending, this.thresholds());
      const isNewAlert = level !== null && (await this.raise(level, depths));
      this.logger.log(
        `Queue monitor (${trigger}): ${depths.totalPending} pending job(s)` +
          (level === null
            ? ''
            : `, ${level}${isNewAlert ? ' alert raised' : ' (already alerted)'}`) +
          ` in ${(performance.now() - started).toFixed(1)} ms`,
      );
      return {
        status: 'success',
        total_pending: depths.totalPending,
        queues: depths.queues,
        alert_level: level,
      };
    } catch (error) {
      const message = errorMessage(error);
      this.logger.warn(`Queue monitor (${trigger}): queue backend unreachable: ${message}`);
      return { status: 'error', message };
    }
  }

  /** True when this raised a new alert (false: this level was already alerted this hour). */
  private async raise(level: QueueAlertLevel, depths: QueueDepths): Promise<boolean> {
    const alert = queueAlert({
      level,
      totalPending: depths.totalPending,
      pendingByQueue: depths.pendingByQueue,
      thresholds: this.thresholds(),
      now: new Date(),
    });
    return (await this.notificationService.raise(alert)).created;
  }

  private thresholds(): { warning: number; critical: number } {
    return {
      warning: this.config.queueWarningThreshold,
      critical: this.config.queueCriticalThreshold,
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { monitoringConfig, type MonitoringConfig } from 'src/config/monitoring.config';
import type {
  QueueDepthResponse,
  QueueMonitorResponse,
} from 'src/modules/monitoring/dto/queue-monitor.response';
import { queueAlert, queueAlertLevel } from 'src/modules/monitoring/monitoring-alert.util';
import { NotificationService } from 'src/modules/notification/notification.service';
import { errorMessage } from 'src/queue/job-context';
import { JobQueue, type QueueCounts } from 'src/queue/job-queue';

/**
 * Jobs not yet done in one queue. BullMQ: waiting + delayed + active in Redis, plus rows still
 * in job_outbox (not yet relayed). In-process: every unfinished job is a job_outbox row (the
 * runner's waiting, active and delayed jobs are among them), so the outbox count is the total.
 */
export function pendingJobs(counts: QueueCounts, backend: JobQueue['backend']): number {
  return backend === 'in-process'
    ? Math.max(counts.outbox, counts.waiting + counts.active + counts.delayed)
    : counts.waiting + counts.active + counts.delayed + counts.outbox;
}

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
      const counts = await this.jobQueue.counts();
      const queues: Record<string, QueueDepthResponse> = {};
      const pendingByQueue: Record<string, number> = {};
      for (const queue of counts) {
        const pending = pendingJobs(queue, this.jobQueue.backend);
        pendingByQueue[queue.queue] = pending;
        queues[queue.queue] = {
          waiting: queue.waiting,
          active: queue.active,
          delayed: queue.delayed,
          outbox: queue.outbox,
          pending,
          dead: queue.dead,
        };
      }
      const totalPending = Object.values(pendingByQueue).reduce((sum, n) => sum + n, 0);
      const thresholds = {
        warning: this.config.queueWarningThreshold,
        critical: this.config.queueCriticalThreshold,
      };
      const level = queueAlertLevel(totalPending, thresholds);
      let isNewAlert = false;
      if (level !== null) {
        const alert = queueAlert({
          level,
          totalPending,
          pendingByQueue,
          thresholds,
          now: new Date(),
        });
        isNewAlert = (await this.notificationService.raise(alert)).created;
      }
      this.logger.log(
        `Queue monitor (${trigger}): ${totalPending} pending job(s)` +
          (level === null
            ? ''
            : `, ${level}${isNewAlert ? ' alert raised' : ' (already alerted)'}`) +
          ` in ${(performance.now() - started).toFixed(1)} ms`,
      );
      return { status: 'success', total_pending: totalPending, queues, alert_level: level };
    } catch (error) {
      const message = errorMessage(error);
      this.logger.warn(`Queue monitor (${trigger}): queue backend unreachable: ${message}`);
      return { status: 'error', message };
    }
  }
}

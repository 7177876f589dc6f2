import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { notificationConfig, type NotificationConfig } from 'src/config/notification.config';
import { runAfterCommit } from 'src/database/transactions/after-commit';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { AlertDeliveryRepository } from 'src/modules/notification/alert-delivery.repository';
import { AlertRepository } from 'src/modules/notification/alert.repository';
import { alertLogLine, toAlertValues } from 'src/modules/notification/alert-values.util';
import { configuredChannels } from 'src/modules/notification/channels/channel-config.util';
import type { AlertDetailResponse } from 'src/modules/notification/dto/alert-detail.response';
import type { AlertResponse } from 'src/modules/notification/dto/alert.response';
import {
  DEFAULT_ALERT_LIMIT,
  type ListAlertsQuery,
} from 'src/modules/notification/dto/list-alerts.query';
import type { RaiseTestAlertDto } from 'src/modules/notification/dto/raise-test-alert.dto';
import type { TestAlertResponse } from 'src/modules/notification/dto/test-alert.response';
import { DELIVER_ALERT_JOB } from 'src/modules/notification/jobs/deliver-alert.job';
import {
  AlertNotFoundError,
  AlertVanishedError,
} from 'src/modules/notification/notification.errors';
import {
  toAlertDetailResponse,
  toAlertResponse,
} from 'src/modules/notification/notification.mapper';
import { JobQueue } from 'src/queue/job-queue';

export type AlertKind = 'anomaly' | 'freshness' | 'timeliness' | 'queue' | 'test';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** An alert to raise. `dedupKey` names the problem (e.g. `anomaly:<execution id>`). */
export interface RaiseAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  dedupKey: string;
  pipelineId: number | null;
  title: string;
  summary: string;
  details: Record<string, unknown>;
}

@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly alerts: AlertRepository,
    private readonly deliveries: AlertDeliveryRepository,
    private readonly pipelineService: PipelineService,
    private readonly jobQueue: JobQueue,
    @Inject(notificationConfig.KEY) private readonly config: NotificationConfig,
  ) {}

  /**
   * The only way to raise an alert. Joins the caller's transaction: the alert is recorded once per
   * dedup key (raising the same problem again, even concurrently, records and sends nothing), and
   * for a new alert one pending delivery and one deliver-alert job per configured channel are
   * written with it, so they exist iff the caller commits. Delivery runs after the commit, in its
   * own job: a failing channel never fails the caller. With no channel the alert is logged at warn.
   */
  @Transactional()
  async raise(alert: RaiseAlert): Promise<{ id: number; created: boolean }> {
    const values = toAlertValues(alert);
    const id = await this.alerts.insertIfAbsent(values);
    if (id === null) {
      const existing = await this.alerts.findIdByDedupKey(values.dedupKey);
      if (existing === null) {
        throw new AlertVanishedError(values.dedupKey);
      }
      return { id: existing, created: false };
    }
    const channels = configuredChannels(this.config);
    const line = alertLogLine(id, values);
    if (channels.length === 0) {
      runAfterCommit(() => this.logger.warn(`${line} [no alert channel configured]`));
      return { id, created: true };
    }
    await this.deliveries.insertPending(id, channels);
    for (const channel of channels) {
      await this.jobQueue.enqueue(
        DELIVER_ALERT_JOB,
        { alertId: id, channel },
        { backoffMs: this.config.retryBaseMs },
      );
    }
    runAfterCommit(() => this.logger.log(`${line} [delivering to ${channels.join(', ')}]`));
    return { id, created: true };
  }

  /** POST /alerts/test: a `test` alert with a fresh dedup key, to check the channels. */
  @Transactional()
  async raiseTest(dto: RaiseTestAlertDto): Promise<TestAlertResponse> {
    const pipelineId = dto.pipeline_id ?? null;
    if (pipelineId !== null) {
      await this.pipelineService.assertExists(pipelineId);
    }
    const { id } = await this.raise({
      kind: 'test',
      severity: dto.severity ?? 'info',
      dedupKey: `test:${randomUUID()}`,
      pipelineId,
      title: 'Test alert from Watcher',
      summary: 'If you can read this, Watcher can deliver alerts to this channel.',
      details: { requested_at: new Date().toISOString() },
    });
    return { id, channels: configuredChannels(this.config) };
  }

  async list(query: ListAlertsQuery): Promise<AlertResponse[]> {
    const rows = await this.alerts.list({
      kind: query.kind,
      severity: query.severity,
      pipelineId: query.pipeline_id,
      since: query.since,
      beforeId: query.before_id,
      limit: query.limit ?? DEFAULT_ALERT_LIMIT,
    });
    return rows.map(toAlertResponse);
  }

  async getById(id: number): Promise<AlertDetailResponse> {
    const row = await this.alerts.findById(id);
    if (!row) {
      throw new AlertNotFoundError(id);
    }
    return toAlertDetailResponse(row, await this.deliveries.listForAlert(id));
  }
}

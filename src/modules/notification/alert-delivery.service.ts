import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { notificationConfig, type NotificationConfig } from 'src/config/notification.config';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { AlertDeliveryRepository } from 'src/modules/notification/alert-delivery.repository';
import { AlertRepository } from 'src/modules/notification/alert.repository';
import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';
import { channelUrl } from 'src/modules/notification/channels/channel-config.util';
import {
  classifyOutcome,
  type HttpOutcome,
  outcomeError,
  outcomeStatus,
} from 'src/modules/notification/channels/delivery-outcome.util';
import { postJson } from 'src/modules/notification/channels/http-post.util';
import { buildSlackMessage } from 'src/modules/notification/channels/slack-message.util';
import {
  buildWebhookBody,
  webhookSignatureHeaders,
} from 'src/modules/notification/channels/webhook-message.util';
import type { AlertChannel } from 'src/modules/notification/entities/alert-delivery.entity';
import {
  DELIVER_ALERT_JOB,
  type DeliverAlertPayload,
} from 'src/modules/notification/jobs/deliver-alert.job';
import { AlertDeliveryAttemptError } from 'src/modules/notification/notification.errors';
import { toAlertMessage } from 'src/modules/notification/notification.mapper';

/** Per HTTP call, connect to last byte. */
export const DELIVERY_TIMEOUT_MS = 5000;

interface ChannelRequest {
  body: string;
  headers: Record<string, string>;
}

@Injectable()
export class AlertDeliveryService {
  private readonly logger = new Logger(AlertDeliveryService.name);

  constructor(
    private readonly alerts: AlertRepository,
    private readonly deliveries: AlertDeliveryRepository,
    private readonly pipelineService: PipelineService,
    @Inject(notificationConfig.KEY) private readonly config: NotificationConfig,
  ) {}

  /**
   * One attempt (`attempt` counts from 1) of a deliver-alert job. Returns normally when the
   * delivery is finished: sent, failed for good (a 4xx other than 408/429: retrying cannot help),
   * or nothing left to do (already finished: a re-run after a crash sends nothing twice). Throws
   * AlertDeliveryAttemptError for a failure worth retrying (no answer, 408, 429, 5xx), after
   * marking the delivery `failed` if this was the last attempt. No transaction is held during the
   * HTTP call: each write commits on its own.
   */
  async deliver(payload: DeliverAlertPayload, attempt: number): Promise<void> {
    const delivery = await this.deliveries.findByAlertAndChannel(payload.alertId, payload.channel);
    const alert =
      delivery?.status === 'pending' ? await this.alerts.findById(payload.alertId) : null;
    if (!delivery || !alert) {
      return;
    }
    const url = channelUrl(this.config, payload.channel);
    if (url === null) {
      await this.deliveries.recordAttempt(delivery.id, {
        status: 'failed',
        error: `channel ${payload.channel} is no longer configured`,
        responseStatus: null,
        isCall: false,
      });
      return;
    }
    const message = toAlertMessage(alert, await this.pipelineOf(alert.pipeline_id));
    const request = this.requestFor(payload.channel, message);
    const outcome = await postJson(url, request.body, request.headers, DELIVERY_TIMEOUT_MS);
    await this.record(delivery.id, payload, outcome, attempt);
  }

  private async record(
    deliveryId: number,
    payload: DeliverAlertPayload,
    outcome: HttpOutcome,
    attempt: number,
  ): Promise<void> {
    const verdict = classifyOutcome(outcome);
    const responseStatus = outcomeStatus(outcome);
    const label = `Alert ${payload.alertId} to ${payload.channel} (attempt ${attempt})`;
    if (verdict === 'sent') {
      await this.deliveries.recordAttempt(deliveryId, {
        status: 'sent',
        error: null,
        responseStatus,
      });
      this.logger.log(`${label}: sent`);
      return;
    }
    const error = outcomeError(outcome);
    const isLastAttempt = attempt >= DELIVER_ALERT_JOB.attempts;
    const isGivingUp = verdict === 'permanent' || isLastAttempt;
    await this.deliveries.recordAttempt(deliveryId, {
      status: isGivingUp ? 'failed' : 'pending',
      error,
      responseStatus,
    });
    if (isGivingUp) {
      this.logger.warn(`${label}: failed for good: ${error}`);
    }
    if (verdict === 'retryable') {
      // The queue retries with backoff; on the last attempt this makes the job `dead` (visible).
      throw new AlertDeliveryAttemptError(payload.channel, error);
    }
  }

  private requestFor(channel: AlertChannel, message: AlertMessage): ChannelRequest {
    switch (channel) {
      case 'slack':
        return {
          body: JSON.stringify(buildSlackMessage(message, this.config.publicUrl)),
          headers: {},
        };
      case 'webhook': {
        const body = buildWebhookBody(message);
        const headers = webhookSignatureHeaders(this.config.webhookSecret, body, new Date());
        return { body, headers };
      }
    }
  }

  /** The pipeline's id and name, or null (none, or deleted since the alert was raised). */
  private async pipelineOf(
    pipelineId: number | null,
  ): Promise<{ id: number; name: string } | null> {
    if (pipelineId === null) {
      return null;
    }
    try {
      const pipeline = await this.pipelineService.getById(pipelineId);
      return { id: pipeline.id, name: pipeline.name };
    } catch (error) {
      if (error instanceof AppError && error.httpStatus === 404) {
        return null;
      }
      throw error;
    }
  }
}

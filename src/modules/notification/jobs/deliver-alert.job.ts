import type { AlertChannel } from 'src/modules/notification/entities/alert-delivery.entity';
import { defineJob } from 'src/queue/job-definition';

/**
 * Sends one alert to one channel. Requested by NotificationService.raise() in the raising
 * transaction, next to the alert's `pending` delivery row: it exists iff the alert was committed.
 * Retries (5 s timeout per call) with exponential backoff from WATCHER_ALERT_RETRY_BASE_MS, which
 * raise() passes at enqueue (`backoffMs` here is only the fallback).
 */
export interface DeliverAlertPayload {
  alertId: number;
  channel: AlertChannel;
}

export const DELIVER_ALERT_JOB = defineJob<DeliverAlertPayload>({
  queue: 'notification',
  name: 'deliver-alert',
  dedup: 'while-pending',
  attempts: 6,
  backoffMs: 2000,
  key: (payload) => `deliver-alert-${payload.alertId}-${payload.channel}`,
  entityId: (payload) => payload.alertId,
});

import { AppError } from 'src/common/errors/app-error';
import type { AlertChannel } from 'src/modules/notification/entities/alert-delivery.entity';

export class AlertNotFoundError extends AppError {
  constructor(id: number) {
    super('ALERT_NOT_FOUND', `Alert with id ${id} not found`, 404);
  }
}

/** A raising module passed an alert that cannot be recorded (a programming error). */
export class InvalidAlertError extends AppError {
  constructor(reason: string) {
    super('ALERT_INVALID', `Alert cannot be raised: ${reason}`, 500);
  }
}

/** The insert found the dedup key taken, yet the row is not visible (e.g. REPEATABLE READ). */
export class AlertVanishedError extends AppError {
  constructor(dedupKey: string) {
    super(
      'ALERT_VANISHED',
      `Alert ${JSON.stringify(dedupKey)} exists but is not visible to this transaction; retry`,
      503,
    );
  }
}

/** One delivery attempt failed in a way worth retrying (thrown so the queue retries the job). */
export class AlertDeliveryAttemptError extends AppError {
  constructor(channel: AlertChannel, reason: string) {
    super('ALERT_DELIVERY_FAILED', `Alert delivery to ${channel} failed: ${reason}`, 502);
  }
}

import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import {
  AlertDeliveryEntity,
  type AlertChannel,
  type DeliveryStatus,
} from 'src/modules/notification/entities/alert-delivery.entity';

export interface DeliveryAttempt {
  /** `pending` while retries are left, `sent`, or `failed` for good. */
  status: DeliveryStatus;
  error: string | null;
  responseStatus: number | null;
  /** False when no HTTP call was made (the channel is no longer configured). */
  isCall?: boolean;
}

const INSERT_PENDING = `
  INSERT INTO alert_delivery (alert_id, channel)
  SELECT $1, channel FROM unnest($2::varchar[]) AS channel
  ON CONFLICT (alert_id, channel) DO NOTHING`;

/** Only a pending delivery changes: a finished one is never re-opened or counted again. */
const RECORD_ATTEMPT = `
  UPDATE alert_delivery SET
    status = $2::varchar,
    attempts = attempts + $5::int,
    last_error = $3,
    response_status = $4,
    sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END,
    updated_at = now()
  WHERE id = $1 AND status = 'pending'`;

const MAX_ERROR_LENGTH = 1000;

@Injectable()
export class AlertDeliveryRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** One pending delivery per channel (in the raising transaction). */
  async insertPending(alertId: number, channels: AlertChannel[]): Promise<void> {
    if (channels.length > 0) {
      await this.txHost.tx.query(INSERT_PENDING, [alertId, channels]);
    }
  }

  findByAlertAndChannel(
    alertId: number,
    channel: AlertChannel,
  ): Promise<AlertDeliveryEntity | null> {
    return this.repository().findOneBy({ alert_id: alertId, channel });
  }

  listForAlert(alertId: number): Promise<AlertDeliveryEntity[]> {
    return this.repository().find({ where: { alert_id: alertId }, order: { id: 'ASC' } });
  }

  /** Records an HTTP call (counted in attempts); false when the delivery was no longer pending. */
  async recordAttempt(id: number, attempt: DeliveryAttempt): Promise<boolean> {
    const [, rowCount]: [unknown[], number] = await this.txHost.tx.query(RECORD_ATTEMPT, [
      id,
      attempt.status,
      attempt.error?.slice(0, MAX_ERROR_LENGTH) ?? null,
      attempt.responseStatus,
      attempt.isCall === false ? 0 : 1,
    ]);
    return rowCount > 0;
  }

  private repository() {
    return this.txHost.tx.getRepository(AlertDeliveryEntity);
  }
}

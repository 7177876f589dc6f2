import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';
import type { AlertDeliveryResponse } from 'src/modules/notification/dto/alert-delivery.response';
import type { AlertDetailResponse } from 'src/modules/notification/dto/alert-detail.response';
import type { AlertListRow } from 'src/modules/notification/alert.repository';
import type {
  AlertDeliveryStatus,
  AlertResponse,
} from 'src/modules/notification/dto/alert.response';
import type {
  AlertDeliveryEntity,
  DeliveryStatus,
} from 'src/modules/notification/entities/alert-delivery.entity';
import type { AlertEntity } from 'src/modules/notification/entities/alert.entity';

/**
 * One word for an alert's deliveries: `recorded` (no channel), `pending` while any is, else
 * `failed` when any channel gave up, else `delivered`.
 */
export function deliveryStatusOf(statuses: DeliveryStatus[]): AlertDeliveryStatus {
  if (statuses.length === 0) {
    return 'recorded';
  }
  if (statuses.includes('pending')) {
    return 'pending';
  }
  return statuses.includes('failed') ? 'failed' : 'delivered';
}

export function toAlertResponse(row: AlertListRow): AlertResponse {
  return {
    id: Number(row.id),
    kind: row.kind,
    severity: row.severity,
    dedup_key: row.dedup_key,
    pipeline_id: row.pipeline_id,
    title: row.title,
    summary: row.summary,
    details: row.details,
    created_at: toIsoOrNull(row.created_at) as string,
    delivery_status: deliveryStatusOf(row.delivery_statuses),
  };
}

export function toDeliveryResponse(row: AlertDeliveryEntity): AlertDeliveryResponse {
  return {
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    response_status: row.response_status,
    sent_at: toIsoOrNull(row.sent_at),
    updated_at: toIsoOrNull(row.updated_at),
  };
}

export function toAlertDetailResponse(
  row: AlertEntity,
  deliveries: AlertDeliveryEntity[],
): AlertDetailResponse {
  const statuses = deliveries.map((delivery) => delivery.status);
  return {
    ...toAlertResponse(Object.assign(row, { delivery_statuses: statuses })),
    deliveries: deliveries.map(toDeliveryResponse),
  };
}

export function toAlertMessage(
  row: AlertEntity,
  pipeline: { id: number; name: string } | null,
): AlertMessage {
  return {
    id: Number(row.id),
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    summary: row.summary,
    pipeline,
    details: row.details,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

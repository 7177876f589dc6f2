import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';
import type { AlertDeliveryResponse } from 'src/modules/notification/dto/alert-delivery.response';
import type { AlertDetailResponse } from 'src/modules/notification/dto/alert-detail.response';
import type { AlertResponse } from 'src/modules/notification/dto/alert.response';
import type { AlertDeliveryEntity } from 'src/modules/notification/entities/alert-delivery.entity';
import type { AlertEntity } from 'src/modules/notification/entities/alert.entity';

export function toAlertResponse(row: AlertEntity): AlertResponse {
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
  return { ...toAlertResponse(row), deliveries: deliveries.map(toDeliveryResponse) };
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

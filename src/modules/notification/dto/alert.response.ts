import { ApiProperty } from '@nestjs/swagger';
import { ALERT_KINDS, ALERT_SEVERITIES } from 'src/modules/notification/entities/alert.entity';
import type { AlertKind, AlertSeverity } from 'src/modules/notification/notification.service';

export const ALERT_DELIVERY_STATUSES = ['recorded', 'pending', 'delivered', 'failed'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

export class AlertResponse {
  @ApiProperty({ example: 17 }) id!: number;

  @ApiProperty({ enum: ALERT_KINDS, enumName: 'AlertKind', example: 'anomaly' })
  kind!: AlertKind;

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'warning' })
  severity!: AlertSeverity;

  @ApiProperty({
    example: 'anomaly:1042',
    description: 'One alert per problem: raising the same key again records and sends nothing',
  })
  dedup_key!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'null when the alert is about no pipeline, or its pipeline was deleted',
  })
  pipeline_id!: number | null;

  @ApiProperty({ example: 'Anomaly in total_rows of daily sales' }) title!: string;

  @ApiProperty({
    example: 'total_rows was 12 (expected 9,400 to 10,600 from 30 runs at this hour).',
  })
  summary!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The numbers behind the alert (values, thresholds)',
    example: {
      execution_id: 1042,
      metric: 'total_rows',
      value: 12,
      mean: 10000,
      z_score: -9.99,
      lower_bound: 9400,
      upper_bound: 10600,
    },
  })
  details!: Record<string, unknown>;

  @ApiProperty({ example: '2024-01-01T10:05:00.000Z' }) created_at!: string;

  @ApiProperty({
    enum: ALERT_DELIVERY_STATUSES,
    enumName: 'AlertDeliveryStatus',
    description:
      'Summary of its deliveries: recorded (no channel was configured), pending (a channel ' +
      'is still trying), failed (a channel gave up), delivered (every channel sent it)',
    example: 'delivered',
  })
  delivery_status!: AlertDeliveryStatus;
}

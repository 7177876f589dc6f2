import { ApiProperty } from '@nestjs/swagger';
import {
  ALERT_CHANNELS,
  type AlertChannel,
  DELIVERY_STATUSES,
  type DeliveryStatus,
} from 'src/modules/notification/entities/alert-delivery.entity';

export class AlertDeliveryResponse {
  @ApiProperty({ enum: ALERT_CHANNELS, enumName: 'AlertChannel', example: 'slack' })
  channel!: AlertChannel;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    enumName: 'AlertDeliveryStatus',
    example: 'sent',
    description: 'pending: not sent yet (retries left); sent; failed: given up',
  })
  status!: DeliveryStatus;

  @ApiProperty({ example: 1, description: 'HTTP calls made' }) attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why the last call failed',
  })
  last_error!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'null: no answer' })
  response_status!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:01.000Z' })
  sent_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:01.000Z' })
  updated_at!: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import {
  ALERT_CHANNELS,
  type AlertChannel,
} from 'src/modules/notification/entities/alert-delivery.entity';

export class TestAlertResponse {
  @ApiProperty({
    example: 18,
    description: 'The test alert (GET /alerts/{id} shows its deliveries)',
  })
  id!: number;

  @ApiProperty({
    enum: ALERT_CHANNELS,
    enumName: 'AlertChannel',
    isArray: true,
    example: ['slack', 'webhook'],
    description: 'Where it is being delivered ([]: no channel configured, logged only)',
  })
  channels!: AlertChannel[];
}

import { ApiProperty } from '@nestjs/swagger';
import { AlertDeliveryResponse } from 'src/modules/notification/dto/alert-delivery.response';
import { AlertResponse } from 'src/modules/notification/dto/alert.response';

export class AlertDetailResponse extends AlertResponse {
  @ApiProperty({
    type: [AlertDeliveryResponse],
    description: 'One per channel configured when the alert was raised ([] with no channel)',
  })
  deliveries!: AlertDeliveryResponse[];
}

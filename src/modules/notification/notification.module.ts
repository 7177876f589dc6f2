import { Module } from '@nestjs/common';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';
import { AlertDeliveryRepository } from 'src/modules/notification/alert-delivery.repository';
import { AlertDeliveryService } from 'src/modules/notification/alert-delivery.service';
import { AlertController } from 'src/modules/notification/alert.controller';
import { AlertRepository } from 'src/modules/notification/alert.repository';
import { DeliverAlertProcessor } from 'src/modules/notification/jobs/deliver-alert.processor';
import { NotificationService } from 'src/modules/notification/notification.service';

/** Alerts and their delivery. Other modules raise alerts through NotificationService.raise(). */
@Module({
  imports: [PipelineModule],
  controllers: [AlertController],
  providers: [
    NotificationService,
    AlertDeliveryService,
    AlertRepository,
    AlertDeliveryRepository,
    DeliverAlertProcessor,
  ],
  exports: [NotificationService],
})
export class NotificationModule {}

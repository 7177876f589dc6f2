import { Module } from '@nestjs/common';
import { NotificationService } from 'src/modules/notification/notification.service';

// TEMPORARY stand-in for wip-notify's module.
@Module({ providers: [NotificationService], exports: [NotificationService] })
export class NotificationModule {}

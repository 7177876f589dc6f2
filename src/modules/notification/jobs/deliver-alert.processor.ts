import { Injectable } from '@nestjs/common';
import { AlertDeliveryService } from 'src/modules/notification/alert-delivery.service';
import {
  DELIVER_ALERT_JOB,
  type DeliverAlertPayload,
} from 'src/modules/notification/jobs/deliver-alert.job';
import type { JobContext } from 'src/queue/job-context';
import { OnJob } from 'src/queue/on-job.decorator';

/** Adapter: one delivery attempt per run. A thrown error is a retryable failure (the queue retries). */
@Injectable()
export class DeliverAlertProcessor {
  constructor(private readonly deliveryService: AlertDeliveryService) {}

  @OnJob(DELIVER_ALERT_JOB)
  deliver(payload: DeliverAlertPayload, context: JobContext): Promise<void> {
    return this.deliveryService.deliver(payload, context.attempt);
  }
}

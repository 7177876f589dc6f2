import { Injectable } from '@nestjs/common';
import { CLEAN_JOB_OUTBOX } from 'src/queue/maintenance/clean-job-outbox.job';
import { QueueMaintenanceService } from 'src/queue/maintenance/queue-maintenance.service';
import { OnJob } from 'src/queue/on-job.decorator';

@Injectable()
export class CleanJobOutboxProcessor {
  constructor(private readonly maintenance: QueueMaintenanceService) {}

  @OnJob(CLEAN_JOB_OUTBOX.job)
  async handle(): Promise<void> {
    await this.maintenance.cleanUp();
  }
}

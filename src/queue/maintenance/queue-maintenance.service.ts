import { Injectable, Logger } from '@nestjs/common';
import { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import { FINISHED_JOB_RETENTION_DAYS } from 'src/queue/maintenance/clean-job-outbox.job';
import { ScheduledRunRepository } from 'src/queue/scheduling/scheduled-run.repository';

@Injectable()
export class QueueMaintenanceService {
  private readonly logger = new Logger(QueueMaintenanceService.name);

  constructor(
    private readonly outbox: JobOutboxRepository,
    private readonly scheduledRuns: ScheduledRunRepository,
  ) {}

  /** Removes done once-ever keys, dead jobs and slot claims older than the retention. */
  async cleanUp(): Promise<{ jobs: number; slots: number }> {
    const jobs = await this.outbox.deleteFinishedBefore(FINISHED_JOB_RETENTION_DAYS);
    const slots = await this.scheduledRuns.deleteOlderThan(FINISHED_JOB_RETENTION_DAYS);
    if (jobs + slots > 0) {
      this.logger.log(`Removed ${jobs} finished job row(s) and ${slots} schedule slot(s)`);
    }
    return { jobs, slots };
  }
}

import { Injectable } from '@nestjs/common';
import { LOG_CLEANUP } from 'src/modules/monitoring/jobs/log-cleanup.job';
import { LogCleanupService } from 'src/modules/monitoring/log-cleanup.service';
import type { JobContext } from 'src/queue/job-context';
import { OnJob } from 'src/queue/on-job.decorator';
import type { SlotPayload } from 'src/queue/scheduling/periodic-check';

@Injectable()
export class LogCleanupProcessor {
  constructor(private readonly logCleanupService: LogCleanupService) {}

  @OnJob(LOG_CLEANUP.job)
  async scheduled(payload: SlotPayload, context: JobContext): Promise<void> {
    await this.logCleanupService.runScheduled(`slot ${payload.slotStart}, job ${context.jobId}`);
  }
}

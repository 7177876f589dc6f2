import { Injectable } from '@nestjs/common';
import { FreshnessService } from 'src/modules/monitoring/freshness.service';
import {
  FRESHNESS_CHECK,
  FRESHNESS_CHECK_REQUESTED_JOB,
  type FreshnessCheckRequestedPayload,
} from 'src/modules/monitoring/jobs/freshness-check.job';
import type { JobContext } from 'src/queue/job-context';
import { OnJob } from 'src/queue/on-job.decorator';
import type { SlotPayload } from 'src/queue/scheduling/periodic-check';

@Injectable()
export class FreshnessCheckProcessor {
  constructor(private readonly freshnessService: FreshnessService) {}

  @OnJob(FRESHNESS_CHECK.job)
  async scheduled(payload: SlotPayload, context: JobContext): Promise<void> {
    await this.freshnessService.runCheck(`slot ${payload.slotStart}, job ${context.jobId}`);
  }

  @OnJob(FRESHNESS_CHECK_REQUESTED_JOB)
  async requested(payload: FreshnessCheckRequestedPayload, context: JobContext): Promise<void> {
    await this.freshnessService.runCheck(`requested ${payload.requestedAt}, job ${context.jobId}`);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { monitoringConfig, type MonitoringConfig } from 'src/config/monitoring.config';
import {
  TIMELINESS_CHECK,
  TIMELINESS_CHECK_REQUESTED_JOB,
  type TimelinessCheckRequestedPayload,
} from 'src/modules/monitoring/jobs/timeliness-check.job';
import { TimelinessService } from 'src/modules/monitoring/timeliness.service';
import type { JobContext } from 'src/queue/job-context';
import { OnJob } from 'src/queue/on-job.decorator';
import type { SlotPayload } from 'src/queue/scheduling/periodic-check';

@Injectable()
export class TimelinessCheckProcessor {
  constructor(
    private readonly timelinessService: TimelinessService,
    @Inject(monitoringConfig.KEY) private readonly config: MonitoringConfig,
  ) {}

  @OnJob(TIMELINESS_CHECK.job)
  async scheduled(payload: SlotPayload, context: JobContext): Promise<void> {
    await this.timelinessService.runCheck(
      this.config.timelinessLookbackMinutes,
      `slot ${payload.slotStart}, job ${context.jobId}`,
    );
  }

  @OnJob(TIMELINESS_CHECK_REQUESTED_JOB)
  async requested(payload: TimelinessCheckRequestedPayload, context: JobContext): Promise<void> {
    await this.timelinessService.runCheck(
      payload.lookbackMinutes,
      `requested ${payload.requestedAt}, job ${context.jobId}`,
    );
  }
}

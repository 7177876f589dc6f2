import { Injectable } from '@nestjs/common';
import { QUEUE_MONITOR } from 'src/modules/monitoring/jobs/queue-monitor.job';
import { QueueMonitorService } from 'src/modules/monitoring/queue-monitor.service';
import type { JobContext } from 'src/queue/job-context';
import { OnJob } from 'src/queue/on-job.decorator';
import type { SlotPayload } from 'src/queue/scheduling/periodic-check';

@Injectable()
export class QueueMonitorProcessor {
  constructor(private readonly queueMonitorService: QueueMonitorService) {}

  /** The monitor never throws: an unreachable backend is logged (and answered) as an error. */
  @OnJob(QUEUE_MONITOR.job)
  async scheduled(payload: SlotPayload, context: JobContext): Promise<void> {
    await this.queueMonitorService.monitor(`slot ${payload.slotStart}, job ${context.jobId}`);
  }
}

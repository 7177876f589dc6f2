import { Injectable } from '@nestjs/common';
import { AnomalyDetectionService } from 'src/modules/anomaly/anomaly-detection.service';
import {
  EXECUTION_ENDED_JOB,
  type ExecutionEndedPayload,
} from 'src/modules/execution/jobs/execution-ended.job';
import { OnJob } from 'src/queue/on-job.decorator';

/**
 * Anomaly detection subscribes to execution-ended (published in the transaction of every
 * successful end). An adapter: one service call; a failure is rethrown so the job retries.
 * The job registry logs queue, job id, execution id, attempt and duration.
 */
@Injectable()
export class DetectAnomaliesProcessor {
  constructor(private readonly detection: AnomalyDetectionService) {}

  @OnJob(EXECUTION_ENDED_JOB)
  async onExecutionEnded(payload: ExecutionEndedPayload): Promise<void> {
    await this.detection.detectForExecution(payload.executionId);
  }
}

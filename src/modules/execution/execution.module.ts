import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ExecutionController } from 'src/modules/execution/execution.controller';
import { ExecutionRepository } from 'src/modules/execution/execution.repository';
import { ExecutionService } from 'src/modules/execution/execution.service';
import {
  DETECT_ANOMALIES_JOB,
  DETECT_ANOMALIES_QUEUE,
  type DetectAnomaliesPayload,
} from 'src/modules/execution/jobs/detect-anomalies.job';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';
import { JobQueue } from 'src/queue/job-queue';

@Module({
  imports: [PipelineModule],
  controllers: [ExecutionController],
  providers: [ExecutionService, ExecutionRepository],
  exports: [ExecutionService],
})
export class ExecutionModule implements OnModuleInit {
  private readonly logger = new Logger(ExecutionModule.name);

  constructor(private readonly jobQueue: JobQueue) {}

  /** Placeholder handler until the anomaly module takes over detect-anomalies. */
  onModuleInit(): void {
    this.jobQueue.register<DetectAnomaliesPayload>(
      DETECT_ANOMALIES_QUEUE,
      DETECT_ANOMALIES_JOB,
      async (payload, context) => {
        this.logger.debug(
          `${context.queue}/${context.name} ${context.jobId}: execution ${payload.executionId} ` +
            '(anomaly detection not implemented yet)',
        );
        await Promise.resolve();
      },
    );
  }
}

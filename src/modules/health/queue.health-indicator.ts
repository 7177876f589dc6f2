import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { JobQueue } from 'src/queue/job-queue';

/** Reports whether the queue backend (Redis, or the in-process runner) answers within ~1 s. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly jobQueue: JobQueue,
    private readonly healthIndicatorService: HealthIndicatorService,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.healthIndicatorService.check(key);
    try {
      await this.jobQueue.ping();
      return indicator.up({ backend: this.jobQueue.backend });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return indicator.down({ backend: this.jobQueue.backend, message });
    }
  }
}

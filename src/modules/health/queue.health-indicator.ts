import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { errorMessage } from 'src/common/errors/error-text.util';
import { JobQueue, type OutboxSummary } from 'src/queue/job-queue';

/**
 * Reports whether the queue backend (Redis, or the in-process runner) answers within ~1 s, with
 * the jobs parked in job_outbox and the dead ones (retries exhausted) so they are visible.
 */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly jobQueue: JobQueue,
    private readonly healthIndicatorService: HealthIndicatorService,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.healthIndicatorService.check(key);
    const jobs = await this.summary();
    try {
      await this.jobQueue.ping();
      return indicator.up({ backend: this.jobQueue.backend, ...jobs });
    } catch (error) {
      return indicator.down({
        backend: this.jobQueue.backend,
        message: errorMessage(error),
        ...jobs,
      });
    }
  }

  private async summary(): Promise<{ parked_jobs?: number; dead_jobs?: number }> {
    try {
      const { parked, dead }: OutboxSummary = await this.jobQueue.outboxSummary();
      return { parked_jobs: parked, dead_jobs: dead };
    } catch {
      return {}; // The database indicator reports that outage.
    }
  }
}
